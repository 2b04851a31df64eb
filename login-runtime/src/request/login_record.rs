//! The login as kept in the server-side session record.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::{AuthError, login_state::LoginId, request::session_data::read_or_discard};

/// The session key holding the [`LoginRecord`]; nothing else of the login is stored.
const LOGIN_KEY: &str = "_login";

/// Who is logged in to this session, and how. The login itself (its remember series, session
/// hash, whether it still exists) is in the login store, under `login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LoginRecord {
    /// The login in the login store. Required: a record written before logins had one does
    /// not deserialize, so such a session is anonymous.
    pub(crate) login: String,
    /// [`AuthUser::get_id`](crate::AuthUser::get_id) at login.
    pub(crate) user_id: String,
    /// Whether the login came from credentials during this session (Flask-Login's `_fresh`).
    pub(crate) fresh: bool,
    /// Whether the login was restored from the remember cookie.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) restored: bool,
    /// The client the login was made or last confirmed from (see [`crate::protection::SessionProtection`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) client: Option<String>,
    /// Whether the session was made permanent at login.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) permanent: bool,
}

impl LoginRecord {
    /// The record of a login made with credentials in this request.
    pub(crate) fn made(
        login: &LoginId,
        user_id: &str,
        fresh: bool,
        client: Option<String>,
        permanent: bool,
    ) -> Self {
        Self {
            login: login.as_str().to_owned(),
            user_id: user_id.to_owned(),
            fresh,
            restored: false,
            client,
            permanent,
        }
    }

    /// The record of a login restored from the remember cookie: never fresh nor permanent.
    pub(crate) fn restored(login: &LoginId, user_id: &str, client: Option<String>) -> Self {
        Self {
            login: login.as_str().to_owned(),
            user_id: user_id.to_owned(),
            fresh: false,
            restored: true,
            client,
            permanent: false,
        }
    }

    /// Reads the login. A record that no longer deserializes (written by another version, or
    /// corrupted) counts as no login.
    pub(crate) async fn read(session: &Session) -> Result<Option<Self>, AuthError> {
        // A session that was never stored and that this request has not written holds nothing:
        // reading it would only build an empty record.
        if session.id().is_none() && !session.is_modified() {
            return Ok(None);
        }
        read_or_discard(session, LOGIN_KEY).await
    }

    /// The id of the login in the login store; `None` for a malformed one.
    pub(crate) fn login_id(&self) -> Option<LoginId> {
        LoginId::parse(&self.login)
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
