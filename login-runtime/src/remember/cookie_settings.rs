//! The remember cookie's attributes, with Flask-Login's defaults.

use std::time::Duration;

use cookie::{Cookie, SameSite};
use time::OffsetDateTime;

use crate::manager::config_error::ConfigError;

/// Flask-Login's `REMEMBER_COOKIE_DURATION`: 365 days.
pub const DEFAULT_REMEMBER_DURATION: Duration = Duration::from_hours(365 * 24);

/// How the remember cookie is written: Flask-Login's `REMEMBER_COOKIE_*` settings.
///
/// # Format and threat model
///
/// The value is `v2.<login>.<token>.<expires>.<signature>`: the id of the login in the
/// [`login_store`](crate::LoginManagerBuilder::login_store), 256 bits, the Unix time the login
/// ends, and an HMAC-SHA-512 of the rest under the secret key. The store keeps a SHA-256 of the
/// token, never the token. A forged or tampered value fails the signature check (in constant
/// time, before any store access). Every restore replaces the token by compare-and-swap with
/// its successor, an HMAC of it under the secret key, so requests racing with one cookie all
/// get the same new token. The replaced token is accepted for
/// [`remember_grace`](crate::LoginManagerBuilder::remember_grace); presenting it later, or an
/// older one, means the cookie was copied, and ends the login with every session it made.
/// Logout does the same, so a copy taken earlier stops working. Values signed with a
/// [fallback key](crate::LoginManagerBuilder::fallback_secret_keys) are re-issued under the
/// current key. Durations are cut to
/// [`MAX_LOGIN_LIFETIME`](crate::login_state::MAX_LOGIN_LIFETIME).
///
/// ```
/// use std::time::Duration;
/// use login_runtime::remember::RememberCookie;
/// use login_runtime::tower_sessions::cookie::SameSite;
///
/// let cookie = RememberCookie::default()
///     .duration(Duration::from_secs(30 * 24 * 60 * 60))
///     .secure(true)
///     .same_site(Some(SameSite::Lax));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberCookie {
    pub(crate) name: String,
    pub(crate) duration: Duration,
    pub(crate) domain: Option<String>,
    pub(crate) path: String,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: Option<SameSite>,
    pub(crate) refresh_each_request: bool,
}

impl Default for RememberCookie {
    fn default() -> Self {
        Self {
            name: "remember_token".to_owned(),
            duration: DEFAULT_REMEMBER_DURATION,
            domain: None,
            path: "/".to_owned(),
            secure: false,
            http_only: true,
            same_site: Some(SameSite::Lax),
            refresh_each_request: false,
        }
    }
}

impl RememberCookie {
    /// The cookie name. Default: `remember_token`.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// How long a remember login lasts unless the login sets its own. Default: 365 days.
    #[must_use]
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// The cookie's `Domain`. Default: unset (this host only).
    #[must_use]
    pub fn domain(mut self, domain: Option<String>) -> Self {
        self.domain = domain.filter(|domain| !domain.is_empty());
        self
    }

    /// The cookie's `Path`. Default: `/`.
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Adds `Secure`, so the cookie travels over HTTPS only. Default: off, as in Flask-Login, so
    /// that logins work over plain HTTP in development; turn it on wherever the site is served
    /// over HTTPS. [`LoginManager::session_layer`](crate::LoginManager::session_layer) gives the
    /// session cookie the same setting.
    #[must_use]
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// Adds `HttpOnly`, hiding the cookie from scripts. Default: on.
    #[must_use]
    pub fn http_only(mut self, http_only: bool) -> Self {
        self.http_only = http_only;
        self
    }

    /// The cookie's `SameSite`. Default: `Lax`, as the session cookie of
    /// [`LoginManager::session_layer`](crate::LoginManager::session_layer) (Flask-Login leaves it
    /// unset, which browsers now treat as `Lax` too).
    #[must_use]
    pub fn same_site(mut self, same_site: Option<SameSite>) -> Self {
        self.same_site = same_site;
        self
    }

    /// Re-issue the cookie with a new expiry on each request of a remembered login that carries
    /// it. Default: off. A login without "remember me" never gets a remember cookie this way.
    #[must_use]
    pub fn refresh_each_request(mut self, refresh: bool) -> Self {
        self.refresh_each_request = refresh;
        self
    }

    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        let valid = !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if valid {
            Ok(())
        } else {
            Err(ConfigError::InvalidCookieName(self.name.clone()))
        }
    }

    /// The cookie holding `value`, expiring at `expires`.
    pub(crate) fn set_cookie(&self, value: String, expires: OffsetDateTime) -> Cookie<'static> {
        let mut cookie = self.base(value);
        cookie.set_expires(expires);
        cookie
    }

    /// The cookie that deletes it: same name, domain, path, `Secure` and `SameSite` as when it
    /// was set, so browsers honour it.
    pub(crate) fn delete_cookie(&self) -> Cookie<'static> {
        let mut cookie = self.base(String::new());
        cookie.set_expires(OffsetDateTime::UNIX_EPOCH);
        cookie.set_max_age(time::Duration::ZERO);
        cookie
    }

    fn base(&self, value: String) -> Cookie<'static> {
        let mut cookie = Cookie::new(self.name.clone(), value);
        cookie.set_path(self.path.clone());
        if let Some(domain) = &self.domain {
            cookie.set_domain(domain.clone());
        }
        cookie.set_secure(self.secure);
        cookie.set_http_only(self.http_only);
        cookie.set_same_site(self.same_site);
        cookie
    }

    /// The values of this cookie in a request's `Cookie` headers (at most a few).
    pub(crate) fn find_in<'a>(
        &self,
        cookie_headers: impl IntoIterator<Item = &'a http::HeaderValue>,
    ) -> Vec<String> {
        const MAX_CANDIDATES: usize = 4;
        cookie_headers
            .into_iter()
            .filter_map(|header| header.to_str().ok())
            .flat_map(|header| header.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(name, _)| *name == self.name)
            .map(|(_, value)| value.trim_matches('"').to_owned())
            .take(MAX_CANDIDATES)
            .collect()
    }
}
