//! Flask-Login's nine signals as typed events: callbacks, a broadcast stream, and `tracing`.

use std::{fmt, sync::Arc};

use tokio::sync::broadcast;

/// Something that happened to a login, named after the Flask-Login signal it mirrors.
///
/// Events carry the user's id where Flask-Login's signals carry the user, and never a secret.
/// Every event is also logged as a `tracing` event (target `login_runtime::signals`): the
/// per-request ones ([`is_per_request`](Self::is_per_request)) at `DEBUG`, logins, logouts,
/// confirmations and session protection at `INFO`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginEvent {
    /// A user logged in (`user_logged_in`).
    UserLoggedIn {
        /// The user's id.
        user_id: String,
    },
    /// A logout happened (`user_logged_out`); `None` when nobody was logged in.
    UserLoggedOut {
        /// The id of the user who logged out.
        user_id: Option<String>,
    },
    /// A login was restored from the remember cookie (`user_loaded_from_cookie`).
    UserLoadedFromCookie {
        /// The user's id.
        user_id: String,
    },
    /// The request loader authenticated a request (`user_loaded_from_request`).
    UserLoadedFromRequest {
        /// The user's id.
        user_id: String,
    },
    /// A login was confirmed, making it fresh again (`user_login_confirmed`).
    UserLoginConfirmed,
    /// A request was refused for want of a login (`user_unauthorized`).
    UserUnauthorized,
    /// A request was refused for want of a fresh login (`user_needs_refresh`).
    UserNeedsRefresh,
    /// The user of a request was loaded (`user_accessed`); at most once per request, and only
    /// when something asked for the user.
    UserAccessed,
    /// Session protection found a login used from another client (`session_protected`).
    SessionProtected,
    /// A logged-in user was refused for want of a permission (`permission_denied`; Flask-Login
    /// has no such signal, Flask-Principal's `identity_denied` is the closest).
    PermissionDenied {
        /// The user's id.
        user_id: String,
    },
}

impl LoginEvent {
    /// The Flask-Login signal name, such as `user_logged_in`.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Self::UserLoggedIn { .. } => "user_logged_in",
            Self::UserLoggedOut { .. } => "user_logged_out",
            Self::UserLoadedFromCookie { .. } => "user_loaded_from_cookie",
            Self::UserLoadedFromRequest { .. } => "user_loaded_from_request",
            Self::UserLoginConfirmed => "user_login_confirmed",
            Self::UserUnauthorized => "user_unauthorized",
            Self::UserNeedsRefresh => "user_needs_refresh",
            Self::UserAccessed => "user_accessed",
            Self::SessionProtected => "session_protected",
            Self::PermissionDenied { .. } => "permission_denied",
        }
    }

    /// Whether the event happens in the course of ordinary requests, anonymous ones included:
    /// `user_accessed`, `user_unauthorized`, `user_needs_refresh`, `permission_denied` and the
    /// `user_loaded_from_*` events. They are logged at `DEBUG`, so a flood of requests does not
    /// flood the log.
    #[must_use]
    pub const fn is_per_request(&self) -> bool {
        matches!(
            self,
            Self::UserAccessed
                | Self::UserUnauthorized
                | Self::UserNeedsRefresh
                | Self::UserLoadedFromCookie { .. }
                | Self::UserLoadedFromRequest { .. }
                | Self::PermissionDenied { .. }
        )
    }

    /// The id of the user the event is about, when it names one.
    #[must_use]
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Self::UserLoggedIn { user_id }
            | Self::UserLoadedFromCookie { user_id }
            | Self::UserLoadedFromRequest { user_id }
            | Self::PermissionDenied { user_id } => Some(user_id),
            Self::UserLoggedOut { user_id } => user_id.as_deref(),
            _ => None,
        }
    }
}

/// A synchronous subscriber.
pub(crate) type Callback = Arc<dyn Fn(&LoginEvent) + Send + Sync>;

/// Where events go.
pub(crate) struct Signals {
    pub(crate) callbacks: Vec<Callback>,
    pub(crate) stream: broadcast::Sender<LoginEvent>,
}

/// How many events a slow stream subscriber may fall behind before it misses some.
pub(crate) const DEFAULT_STREAM_CAPACITY: usize = 1024;

impl Default for Signals {
    fn default() -> Self {
        Self {
            callbacks: Vec::new(),
            stream: broadcast::channel(DEFAULT_STREAM_CAPACITY).0,
        }
    }
}

impl Signals {
    pub(crate) fn emit(&self, event: LoginEvent) {
        let user_id = event.user_id().unwrap_or_default();
        if event.is_per_request() {
            tracing::debug!(event = event.name(), user_id, "login event");
        } else {
            tracing::info!(event = event.name(), user_id, "login event");
        }
        for callback in &self.callbacks {
            callback(&event);
        }
        if self.stream.receiver_count() > 0 {
            // Only fails when every receiver is gone, which is nobody's concern.
            let _ = self.stream.send(event);
        }
    }
}

impl fmt::Debug for Signals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signals")
            .field("callbacks", &self.callbacks.len())
            .field("stream_subscribers", &self.stream.receiver_count())
            .finish()
    }
}
