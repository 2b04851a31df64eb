//! Everything a [`LoginManager`](crate::LoginManager) is configured with, and the defaults.

use std::{fmt, sync::Arc, time::Duration};

use crate::{
    flash::FlashMessage,
    guard::refusal::RefusalTargets,
    login_state::Logins,
    manager::secret_key::SecretKeys,
    permissions::LoaderSlot,
    protection::{client_address::TrustedProxies, session_protection::SessionProtection},
    remember::RememberCookie,
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

/// What signing and remembering need; unset until the app gives a secret key.
#[derive(Debug, Default)]
pub(crate) struct Secrets {
    pub(crate) keys: Option<SecretKeys>,
}

pub(crate) struct Settings {
    pub(crate) refusal_targets: RefusalTargets,
    pub(crate) login_message: FlashMessage,
    pub(crate) needs_refresh_message: FlashMessage,
    pub(crate) use_session_for_next: bool,
    pub(crate) force_host_for_redirects: Option<String>,
    pub(crate) remember_cookie: RememberCookie,
    pub(crate) secrets: Secrets,
    pub(crate) logins: Logins,
    pub(crate) session_protection: SessionProtection,
    pub(crate) trusted_proxies: TrustedProxies,
    pub(crate) permanent_session_lifetime: Duration,
    pub(crate) localize: Option<Localize>,
    pub(crate) signals: Signals,
    pub(crate) permission_loader: LoaderSlot,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            refusal_targets: RefusalTargets::default(),
            login_message: default_message(DEFAULT_LOGIN_MESSAGE),
            needs_refresh_message: default_message(DEFAULT_NEEDS_REFRESH_MESSAGE),
            use_session_for_next: false,
            force_host_for_redirects: None,
            remember_cookie: RememberCookie::default(),
            secrets: Secrets::default(),
            logins: Logins::default(),
            session_protection: SessionProtection::default(),
            trusted_proxies: TrustedProxies::default(),
            permanent_session_lifetime: DEFAULT_PERMANENT_SESSION_LIFETIME,
            localize: None,
            signals: Signals::default(),
            permission_loader: LoaderSlot::default(),
        }
    }
}

fn default_message(message: &str) -> FlashMessage {
    FlashMessage {
        category: DEFAULT_MESSAGE_CATEGORY.to_owned(),
        message: message.to_owned(),
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("refusal_targets", &self.refusal_targets)
            .field("login_message", &self.login_message)
            .field("needs_refresh_message", &self.needs_refresh_message)
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
            .field("localize", &self.localize.as_ref().map(|_| "custom"))
            .field("signals", &self.signals)
            .field("permission_loader", &self.permission_loader.is_set())
            .finish()
    }
}
