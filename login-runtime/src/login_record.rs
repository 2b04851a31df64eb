//! The login as kept in the server-side session record.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::{AuthError, session_data::read_or_discard};

/// The session key holding the [`LoginRecord`]; nothing else of the login is stored.
const LOGIN_KEY: &str = "_login";

/// Who is logged in to this session, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LoginRecord {
    /// [`AuthUser::get_id`](crate::AuthUser::get_id) at login.
    pub(crate) user_id: String,
    /// Whether the login came from credentials during this session (Flask-Login's `_fresh`).
    pub(crate) fresh: bool,
    /// Whether the login was restored from the remember cookie.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) restored: bool,
    /// The remember series of this login, when it is remembered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) series: Option<String>,
    /// How long the remember login lasts from its last refresh, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) remember_seconds: Option<u64>,
    /// When the stored series expires (Unix time); a refresh pushes it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) remember_until: Option<i64>,
    /// The client the login was made or last confirmed from (see [`crate::SessionProtection`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) client: Option<String>,
    /// Whether the session was made permanent at login.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) permanent: bool,
    /// The MAC of the user's session hash at login (see [`crate::AuthUser::session_hash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) session_mac: Option<String>,
}

impl LoginRecord {
    /// Reads the login. A record that no longer deserializes (written by another version, or
    /// corrupted) counts as no login.
    pub(crate) async fn read(session: &Session) -> Result<Option<Self>, AuthError> {
        read_or_discard(session, LOGIN_KEY).await
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
