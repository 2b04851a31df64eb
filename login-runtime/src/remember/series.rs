//! The server-side record of a remember login, kept in the tower-sessions store.
//!
//! Each remember login is a *series* (Spring Security's scheme): a record in the store, named by
//! the series id in the cookie, holding the user id and the hash of the one token currently
//! valid. A restore swaps the token for a new one; a cookie whose series exists but whose token
//! is stale was copied, and its series is revoked.

use std::{collections::HashMap, fmt, str::FromStr, sync::Arc};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

use super::token::Token;
use crate::AuthError;

const SERIES_KEY: &str = "_remember_series";

/// A token replaced this recently is still accepted (without a new rotation), so requests that
/// raced each other with the same cookie do not look like theft.
const ROTATION_GRACE_SECONDS: i64 = 30;

/// One remember login as the store keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Series {
    pub(crate) user_id: String,
    token_digest: String,
    previous_digest: Option<String>,
    rotated_at: i64,
    /// The lifetime of the login, renewed by each refresh, in seconds.
    pub(crate) seconds: u64,
    /// The session-hash MAC of the user at login (see [`crate::AuthUser::session_hash`]).
    pub(crate) session_mac: Option<String>,
    /// The sessions logged in through this series, newest last, so revoking the series can end
    /// them too.
    #[serde(default)]
    sessions: Vec<String>,
}

/// How many sessions a series remembers; older ones are forgotten (they expire on their own).
const MAX_SESSIONS: usize = 16;

/// How a presented token relates to its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    /// The current token.
    Current,
    /// The token replaced moments ago by a racing request.
    JustReplaced,
    /// An older token: the cookie was copied and used by someone else.
    Stale,
}

impl Series {
    pub(crate) fn new(
        user_id: String,
        token: &Token,
        seconds: u64,
        session_mac: Option<String>,
    ) -> Self {
        Self {
            user_id,
            seconds,
            token_digest: URL_SAFE_NO_PAD.encode(token.digest()),
            previous_digest: None,
            rotated_at: OffsetDateTime::now_utc().unix_timestamp(),
            session_mac,
            sessions: Vec::new(),
        }
    }

    /// Records a session logged in through this series.
    pub(crate) fn attach(&mut self, session: Id) {
        self.sessions.push(session.to_string());
        let excess = self.sessions.len().saturating_sub(MAX_SESSIONS);
        self.sessions.drain(..excess);
    }

    pub(crate) fn check(&self, token: &Token) -> TokenCheck {
        let matches = |digest: &str| {
            URL_SAFE_NO_PAD
                .decode(digest)
                .is_ok_and(|digest| token.matches(&digest))
        };
        let recent =
            OffsetDateTime::now_utc().unix_timestamp() - self.rotated_at <= ROTATION_GRACE_SECONDS;
        if matches(&self.token_digest) {
            TokenCheck::Current
        } else if recent && self.previous_digest.as_deref().is_some_and(matches) {
            TokenCheck::JustReplaced
        } else {
            TokenCheck::Stale
        }
    }

    /// Makes `token` the only current token.
    pub(crate) fn rotate(&mut self, token: &Token) {
        self.previous_digest = Some(std::mem::replace(
            &mut self.token_digest,
            URL_SAFE_NO_PAD.encode(token.digest()),
        ));
        self.rotated_at = OffsetDateTime::now_utc().unix_timestamp();
    }
}

/// The store the series live in: the app's tower-sessions store.
#[derive(Clone)]
pub(crate) struct SeriesStore(Arc<dyn SessionStore>);

impl SeriesStore {
    pub(crate) fn new(store: impl SessionStore) -> Self {
        Self(Arc::new(store))
    }

    /// Stores a new series that expires at `expires`; returns its id.
    pub(crate) async fn create(
        &self,
        series: &Series,
        expires: OffsetDateTime,
    ) -> Result<Id, AuthError> {
        let mut record = Record {
            id: Id::default(),
            data: HashMap::from([(SERIES_KEY.to_owned(), to_value(series)?)]),
            expiry_date: expires,
        };
        self.0.create(&mut record).await.map_err(store_error)?;
        Ok(record.id)
    }

    /// The series with this id; `None` when revoked, expired, or not a series.
    pub(crate) async fn load(
        &self,
        id: &Id,
    ) -> Result<Option<(Series, OffsetDateTime)>, AuthError> {
        let Some(record) = self.0.load(id).await.map_err(store_error)? else {
            return Ok(None);
        };
        if record.expiry_date <= OffsetDateTime::now_utc() {
            return Ok(None);
        }
        let series = record
            .data
            .get(SERIES_KEY)
            .and_then(|value| serde_json::from_value(value.clone()).ok());
        Ok(series.map(|series| (series, record.expiry_date)))
    }

    pub(crate) async fn save(
        &self,
        id: Id,
        series: &Series,
        expires: OffsetDateTime,
    ) -> Result<(), AuthError> {
        let record = Record {
            id,
            data: HashMap::from([(SERIES_KEY.to_owned(), to_value(series)?)]),
            expiry_date: expires,
        };
        self.0.save(&record).await.map_err(store_error)
    }

    /// Deletes the series and every session logged in through it.
    pub(crate) async fn revoke(&self, id: &Id, series: &Series) -> Result<(), AuthError> {
        for session in &series.sessions {
            if let Ok(session) = Id::from_str(session) {
                self.0.delete(&session).await.map_err(store_error)?;
            }
        }
        self.0.delete(id).await.map_err(store_error)
    }

    /// [`revoke`](Self::revoke) for a series known only by id; nothing when it is gone already.
    pub(crate) async fn revoke_id(&self, id: &Id) -> Result<(), AuthError> {
        match self.load(id).await? {
            Some((series, _)) => self.revoke(id, &series).await,
            None => self.0.delete(id).await.map_err(store_error),
        }
    }

    /// Records that `session` was logged in through the series `id`.
    pub(crate) async fn attach(&self, id: &Id, session: Id) -> Result<(), AuthError> {
        if let Some((mut series, expires)) = self.load(id).await? {
            series.attach(session);
            self.save(*id, &series, expires).await?;
        }
        Ok(())
    }
}

impl fmt::Debug for SeriesStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SeriesStore").field(&self.0).finish()
    }
}

fn to_value(series: &Series) -> Result<serde_json::Value, AuthError> {
    serde_json::to_value(series)
        .map_err(|error| AuthError::session(tower_sessions::session::Error::SerdeJson(error)))
}

fn store_error(error: session_store::Error) -> AuthError {
    AuthError::session(tower_sessions::session::Error::Store(error))
}
