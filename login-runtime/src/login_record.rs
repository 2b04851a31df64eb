//! The login as kept in the server-side session record.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AuthError;

/// The session key holding the [`LoginRecord`]; nothing else of the login is stored.
const LOGIN_KEY: &str = "_login";

/// Who is logged in to this session, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LoginRecord {
    /// [`AuthUser::get_id`](crate::AuthUser::get_id) at login.
    pub(crate) user_id: String,
    /// Whether the login came from credentials during this session (Flask-Login's `_fresh`).
    pub(crate) fresh: bool,
}

impl LoginRecord {
    /// Reads the login. A record that no longer deserializes (written by another version, or
    /// corrupted) counts as no login.
    pub(crate) async fn read(session: &Session) -> Result<Option<Self>, AuthError> {
        match session.get::<Self>(LOGIN_KEY).await {
            Ok(record) => Ok(record),
            Err(tower_sessions::session::Error::SerdeJson(error)) => {
                tracing::warn!(%error, "unreadable login record in session; treating as anonymous");
                Ok(None)
            }
            Err(error) => Err(AuthError::session(error)),
        }
    }

    pub(crate) async fn write(&self, session: &Session) -> Result<(), AuthError> {
        session
            .insert(LOGIN_KEY, self)
            .await
            .map_err(AuthError::session)
    }

    pub(crate) async fn remove(session: &Session) -> Result<(), AuthError> {
        session
            .remove_value(LOGIN_KEY)
            .await
            .map(drop)
            .map_err(AuthError::session)
    }
}
