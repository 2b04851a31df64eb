//! The app's settings, read once from the environment with Flask-Login's names and defaults.

use std::{env, fmt, time::Duration};

use login_runtime::{
    LoginManager,
    manager::{ConfigError, LoginManagerBuilder},
    protection::SessionProtection,
    remember::RememberCookie,
    tower_sessions::{SessionStore, cookie::SameSite},
};

use super::{Accounts, ApiTokens, Backends, SignalCounts, User};

/// Every setting of the conformance contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Listen port on 127.0.0.1 (`PORT`).
    pub port: u16,
    /// `LOGIN_VIEW`.
    pub login_view: Option<String>,
    /// `LOGIN_MESSAGE`.
    pub login_message: String,
    /// `LOGIN_MESSAGE_CATEGORY`.
    pub login_message_category: String,
    /// `REFRESH_VIEW`.
    pub refresh_view: Option<String>,
    /// `NEEDS_REFRESH_MESSAGE`.
    pub needs_refresh_message: String,
    /// `NEEDS_REFRESH_MESSAGE_CATEGORY`.
    pub needs_refresh_message_category: String,
    /// `USE_SESSION_FOR_NEXT`.
    pub use_session_for_next: bool,
    /// `FORCE_HOST_FOR_REDIRECTS`.
    pub force_host_for_redirects: Option<String>,
    /// `SESSION_PROTECTION`: `none`, `basic` or `strong`.
    pub session_protection: SessionProtection,
    /// `SECRET_KEY`.
    pub secret_key: String,
    /// The `REMEMBER_COOKIE_*` settings.
    pub remember_cookie: RememberCookie,
    /// `LOCALIZE`: translate the two default messages into German.
    pub localize: bool,
}

/// The development key used when `SECRET_KEY` is unset. Never use it in production.
pub const DEVELOPMENT_SECRET_KEY: &str = "conformance-development-key-not-for-production-use";

impl Default for Settings {
    fn default() -> Self {
        Self {
            port: 5055,
            login_view: None,
            login_message: login_runtime::manager::DEFAULT_LOGIN_MESSAGE.to_owned(),
            login_message_category: login_runtime::manager::DEFAULT_MESSAGE_CATEGORY.to_owned(),
            refresh_view: None,
            needs_refresh_message: login_runtime::manager::DEFAULT_NEEDS_REFRESH_MESSAGE.to_owned(),
            needs_refresh_message_category: login_runtime::manager::DEFAULT_MESSAGE_CATEGORY
                .to_owned(),
            use_session_for_next: false,
            force_host_for_redirects: None,
            session_protection: SessionProtection::Basic,
            secret_key: DEVELOPMENT_SECRET_KEY.to_owned(),
            remember_cookie: RememberCookie::default(),
            localize: false,
        }
    }
}

/// A setting with a value the app cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// The environment variable holds a value of the wrong form.
    Invalid {
        /// The variable.
        name: &'static str,
        /// Its value.
        value: String,
        /// What it should be.
        expected: &'static str,
    },
    /// The login manager refused the settings.
    Manager(ConfigError),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid {
                name,
                value,
                expected,
            } => write!(f, "{name}={value:?}: expected {expected}"),
            Self::Manager(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads the settings from the environment; unset variables keep their defaults.
    ///
    /// # Errors
    ///
    /// [`SettingsError::Invalid`] for a value of the wrong form.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| env::var(name).ok())
    }

    /// Reads the settings from any lookup of variable names, such as a test's map.
    ///
    /// # Errors
    ///
    /// [`SettingsError::Invalid`] for a value of the wrong form.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let defaults = Self::default();
        let port = match lookup("PORT") {
            Some(value) => value.parse().map_err(|_| SettingsError::Invalid {
                name: "PORT",
                value,
                expected: "a port number",
            })?,
            None => defaults.port,
        };
        let session_protection = match lookup("SESSION_PROTECTION").as_deref() {
            Some("none") => SessionProtection::None,
            Some("basic") => SessionProtection::Basic,
            Some("strong") => SessionProtection::Strong,
            Some(value) => {
                return Err(SettingsError::Invalid {
                    name: "SESSION_PROTECTION",
                    value: value.to_owned(),
                    expected: "`none`, `basic` or `strong`",
                });
            }
            None => defaults.session_protection,
        };
        Ok(Self {
            port,
            login_view: lookup("LOGIN_VIEW").filter(|view| !view.is_empty()),
            login_message: lookup("LOGIN_MESSAGE").unwrap_or(defaults.login_message),
            login_message_category: lookup("LOGIN_MESSAGE_CATEGORY")
                .unwrap_or(defaults.login_message_category),
            refresh_view: lookup("REFRESH_VIEW").filter(|view| !view.is_empty()),
            needs_refresh_message: lookup("NEEDS_REFRESH_MESSAGE")
                .unwrap_or(defaults.needs_refresh_message),
            needs_refresh_message_category: lookup("NEEDS_REFRESH_MESSAGE_CATEGORY")
                .unwrap_or(defaults.needs_refresh_message_category),
            use_session_for_next: boolean(&lookup, "USE_SESSION_FOR_NEXT", false)?,
            force_host_for_redirects: lookup("FORCE_HOST_FOR_REDIRECTS")
                .filter(|host| !host.is_empty()),
            session_protection,
            secret_key: lookup("SECRET_KEY").unwrap_or(defaults.secret_key),
            remember_cookie: remember_cookie(&lookup)?,
            localize: boolean(&lookup, "LOCALIZE", false)?,
        })
    }

    /// The login manager these settings describe.
    ///
    /// # Errors
    ///
    /// [`SettingsError::Manager`] when the manager refuses a setting.
    pub fn login_manager<S: SessionStore + Clone>(
        &self,
        backends: &Backends<S>,
        accounts: &Accounts,
        signals: &SignalCounts,
    ) -> Result<LoginManager<User>, SettingsError> {
        let signals = signals.clone();
        let builder: LoginManagerBuilder<User> = LoginManager::builder(accounts.clone())
            .request_loader(ApiTokens)
            .on_event(move |event| signals.record(event))
            .secret_key(self.secret_key.as_bytes());
        let mut builder = backends
            .configure(builder)
            .remember_cookie(self.remember_cookie.clone())
            .session_protection(self.session_protection)
            .needs_refresh_message(&self.needs_refresh_message)
            .needs_refresh_message_category(&self.needs_refresh_message_category)
            .login_message(&self.login_message)
            .login_message_category(&self.login_message_category)
            .use_session_for_next(self.use_session_for_next);
        if let Some(view) = &self.login_view {
            builder = builder.login_view(view);
        }
        if let Some(view) = &self.refresh_view {
            builder = builder.refresh_view(view);
        }
        if self.localize {
            builder = builder.localize(german);
        }
        if let Some(host) = &self.force_host_for_redirects {
            builder = builder.force_host_for_redirects(host);
        }
        builder.build().map_err(SettingsError::Manager)
    }
}

fn remember_cookie(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<RememberCookie, SettingsError> {
    let mut cookie = RememberCookie::default()
        .domain(lookup("REMEMBER_COOKIE_DOMAIN"))
        .secure(boolean(lookup, "REMEMBER_COOKIE_SECURE", false)?)
        .http_only(boolean(lookup, "REMEMBER_COOKIE_HTTPONLY", true)?)
        .refresh_each_request(boolean(
            lookup,
            "REMEMBER_COOKIE_REFRESH_EACH_REQUEST",
            false,
        )?);
    if let Some(name) = lookup("REMEMBER_COOKIE_NAME") {
        cookie = cookie.name(name);
    }
    if let Some(path) = lookup("REMEMBER_COOKIE_PATH") {
        cookie = cookie.path(path);
    }
    if let Some(value) = lookup("REMEMBER_COOKIE_DURATION") {
        let seconds = value.parse().map_err(|_| SettingsError::Invalid {
            name: "REMEMBER_COOKIE_DURATION",
            value,
            expected: "a number of seconds",
        })?;
        cookie = cookie.duration(Duration::from_secs(seconds));
    }
    cookie = match lookup("REMEMBER_COOKIE_SAMESITE").as_deref() {
        // The contract's default is Flask-Login's: no `SameSite` attribute.
        None | Some("") => cookie.same_site(None),
        Some("Lax") => cookie.same_site(Some(SameSite::Lax)),
        Some("Strict") => cookie.same_site(Some(SameSite::Strict)),
        Some("None") => cookie.same_site(Some(SameSite::None)),
        Some(value) => {
            return Err(SettingsError::Invalid {
                name: "REMEMBER_COOKIE_SAMESITE",
                value: value.to_owned(),
                expected: "`Lax`, `Strict` or `None`",
            });
        }
    };
    Ok(cookie)
}

/// The `LOCALIZE=1` translation of the two default messages.
fn german(message: &str) -> String {
    match message {
        login_runtime::manager::DEFAULT_LOGIN_MESSAGE => "Bitte melden Sie sich an.".to_owned(),
        login_runtime::manager::DEFAULT_NEEDS_REFRESH_MESSAGE => {
            "Bitte melden Sie sich erneut an.".to_owned()
        }
        other => other.to_owned(),
    }
}

fn boolean(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, SettingsError> {
    match lookup(name).as_deref() {
        None => Ok(default),
        Some("1" | "true") => Ok(true),
        Some("0" | "false") => Ok(false),
        Some(value) => Err(SettingsError::Invalid {
            name,
            value: value.to_owned(),
            expected: "`1`, `true`, `0` or `false`",
        }),
    }
}
