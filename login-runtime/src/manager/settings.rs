//! Everything a [`LoginManager`](crate::LoginManager) is configured with, and the defaults.

use std::{fmt, sync::Arc, time::Duration};

use axum::response::{IntoResponse, Response};

use crate::{
    login_state::Logins,
    manager::secret_key::SecretKeys,
    permissions::settings::PermissionSettings,
    protection::{client_address::TrustedProxies, session_protection::SessionProtection},
    remember::RememberCookie,
    request::RequestHead,
    signals::Signals,
};

/// Flask-Login's default `login_message`.
pub const DEFAULT_LOGIN_MESSAGE: &str = "Please log in to access this page.";
/// Flask-Login's default `needs_refresh_message`.
pub const DEFAULT_NEEDS_REFRESH_MESSAGE: &str = "Please reauthenticate to access this page.";
/// Flask-Login's default message category.
pub const DEFAULT_MESSAGE_CATEGORY: &str = "message";
/// Flask's default `PERMANENT_SESSION_LIFETIME`: 31 days.
pub const DEFAULT_PERMANENT_SESSION_LIFETIME: Duration = Duration::from_hours(31 * 24);

/// Turns a message into the user's language before it is flashed.
pub(crate) type Localize = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// A custom answer replacing a redirect flow.
pub(crate) type Handler = Arc<dyn Fn(RequestHead<'_>) -> Response + Send + Sync>;

pub(crate) fn handler<F, R>(answer: F) -> Handler
where
    F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
    R: IntoResponse,
{
    Arc::new(move |head: RequestHead<'_>| answer(head).into_response())
}

/// One of the two refusals: sent to a view with a flash, or answered by a handler.
pub(crate) struct RedirectFlow {
    pub(crate) view: Option<String>,
    pub(crate) message: String,
    pub(crate) category: String,
    pub(crate) handler: Option<Handler>,
}

impl RedirectFlow {
    fn new(message: &str) -> Self {
        Self {
            view: None,
            message: message.to_owned(),
            category: DEFAULT_MESSAGE_CATEGORY.to_owned(),
            handler: None,
        }
    }
}

/// What signing and remembering need; unset until the app gives a secret key.
#[derive(Debug, Default)]
pub(crate) struct Secrets {
    pub(crate) keys: Option<SecretKeys>,
}

pub(crate) struct Settings {
    pub(crate) unauthorized: RedirectFlow,
    pub(crate) needs_refresh: RedirectFlow,
    pub(crate) use_session_for_next: bool,
    pub(crate) force_host_for_redirects: Option<String>,
    pub(crate) remember_cookie: RememberCookie,
    pub(crate) secrets: Secrets,
    pub(crate) logins: Logins,
    pub(crate) session_protection: SessionProtection,
    pub(crate) trusted_proxies: TrustedProxies,
    pub(crate) permanent_session_lifetime: Duration,
    pub(crate) authenticated_redirect: String,
    pub(crate) localize: Option<Localize>,
    pub(crate) signals: Signals,
    pub(crate) permissions: PermissionSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            unauthorized: RedirectFlow::new(DEFAULT_LOGIN_MESSAGE),
            needs_refresh: RedirectFlow::new(DEFAULT_NEEDS_REFRESH_MESSAGE),
            use_session_for_next: false,
            force_host_for_redirects: None,
            remember_cookie: RememberCookie::default(),
            secrets: Secrets::default(),
            logins: Logins::default(),
            session_protection: SessionProtection::default(),
            trusted_proxies: TrustedProxies::default(),
            permanent_session_lifetime: DEFAULT_PERMANENT_SESSION_LIFETIME,
            authenticated_redirect: "/".to_owned(),
            localize: None,
            signals: Signals::default(),
            permissions: PermissionSettings::default(),
        }
    }
}

impl fmt::Debug for RedirectFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedirectFlow")
            .field("view", &self.view)
            .field("message", &self.message)
            .field("category", &self.category)
            .field("handler", &self.handler.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("unauthorized", &self.unauthorized)
            .field("needs_refresh", &self.needs_refresh)
            .field("use_session_for_next", &self.use_session_for_next)
            .field("force_host_for_redirects", &self.force_host_for_redirects)
            .field("remember_cookie", &self.remember_cookie)
            .field("secrets", &self.secrets)
            .field("logins", &self.logins)
            .field("session_protection", &self.session_protection)
            .field("trusted_proxies", &self.trusted_proxies)
            .field(
                "permanent_session_lifetime",
                &self.permanent_session_lifetime,
            )
            .field("authenticated_redirect", &self.authenticated_redirect)
            .field("localize", &self.localize.as_ref().map(|_| "custom"))
            .field("signals", &self.signals)
            .field("permissions", &self.permissions)
            .finish()
    }
}
