//! Failures while reading or changing a login: store and loader outages, missing layers.

use std::{error::Error as StdError, fmt, sync::Arc};

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::loader::BoxError;

/// A login operation that could not be carried out.
///
/// Nobody is ever authenticated through an error. As a response it is a plain
/// `503 Service Unavailable` when a store or the user loader failed or timed out (it may work
/// again in a moment), and `500 Internal Server Error` for a set-up mistake; the details go to
/// the log (`tracing`, one line), never to the client.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthError {
    /// The session store failed (tower-sessions).
    Session(Arc<tower_sessions::session::Error>),
    /// The [`UserLoader`](crate::UserLoader) failed.
    Loader(Arc<BoxError>),
    /// A layer the extractors need is not installed on the route.
    MissingLayer(&'static str),
    /// A feature that needs the manager's secret key was used without one.
    MissingSecretKey(&'static str),
    /// A remember login was asked for, but the manager has no remember store.
    RememberDisabled,
    /// The [`LoginStore`](crate::login_state::LoginStore) failed.
    LoginStore(Arc<crate::login_state::LoginStoreError>),
    /// A store or user-loader call took longer than the manager's
    /// [`store_timeout`](crate::LoginManagerBuilder::store_timeout); names the call.
    TimedOut(&'static str),
}

impl AuthError {
    pub(crate) fn session(error: tower_sessions::session::Error) -> Self {
        Self::Session(Arc::new(error))
    }

    pub(crate) fn loader(error: BoxError) -> Self {
        Self::Loader(Arc::new(error))
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Session(error) => write!(f, "session store failed: {error}"),
            Self::Loader(error) => write!(f, "user loader failed: {error}"),
            Self::MissingLayer(layer) => write!(
                f,
                "`{layer}` is not installed: add `.layer(manager.layer_for(session_store))` to the router"
            ),
            Self::MissingSecretKey(feature) => write!(
                f,
                "{feature} needs a secret key: set `LoginManagerBuilder::secret_key`"
            ),
            Self::RememberDisabled => f.write_str(
                "remember me is not enabled: set `LoginManagerBuilder::secret_key` and `remember_store`",
            ),
            Self::LoginStore(error) => error.fmt(f),
            Self::TimedOut(call) => write!(f, "{call} timed out"),
        }
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Session(error) => Some(&**error),
            Self::Loader(error) => Some(&***error),
            Self::LoginStore(error) => Some(&**error),
            Self::MissingLayer(_)
            | Self::MissingSecretKey(_)
            | Self::RememberDisabled
            | Self::TimedOut(_) => None,
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "login check failed");
        match self {
            Self::Session(_) | Self::Loader(_) | Self::LoginStore(_) | Self::TimedOut(_) => {
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
            Self::MissingLayer(_) | Self::MissingSecretKey(_) | Self::RememberDisabled => {
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
