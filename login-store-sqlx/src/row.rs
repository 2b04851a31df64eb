//! A login as one row of the `login` table, shared by the PostgreSQL and SQLite stores.
//!
//! Times are `bigint` milliseconds since the Unix epoch, token digests 32-byte blobs; the
//! remember columns are all null when the login is not remembered.

use std::collections::HashMap;

use login_runtime::login_state::{
    EndedLogin, LoginId, LoginState, LoginStoreError, RememberState, Timestamp, TokenDigest,
};

/// The columns of the `login` table, in the order of [`Row`].
pub(crate) const COLUMNS: &str = "id, user_id, created_at, last_used_at, expires_at, user_agent, \
     client_address, token, previous_token, rotated_at, remember_seconds, session_mac";

/// One row, as both drivers decode it.
pub(crate) type Row = (
    String,
    String,
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// The values to bind for `login`, in [`COLUMNS`] order.
pub(crate) struct Values {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) created_at: i64,
    pub(crate) last_used_at: i64,
    pub(crate) expires_at: i64,
    pub(crate) user_agent: Option<String>,
    pub(crate) client_address: Option<String>,
    pub(crate) token: Option<Vec<u8>>,
    pub(crate) previous_token: Option<Vec<u8>>,
    pub(crate) rotated_at: Option<i64>,
    /// The remember duration; durations beyond `i64::MAX` seconds are stored as that.
    pub(crate) remember_seconds: Option<i64>,
    pub(crate) session_mac: Option<String>,
}

impl From<&LoginState> for Values {
    fn from(login: &LoginState) -> Self {
        let remember = login.remember.as_ref();
        Self {
            id: login.id.as_str().to_owned(),
            user_id: login.user_id.clone(),
            created_at: login.created_at.unix_millis(),
            last_used_at: login.last_used_at.unix_millis(),
            expires_at: login.expires_at.unix_millis(),
            user_agent: login.user_agent.clone(),
            client_address: login.client_address.clone(),
            token: remember.map(|remember| remember.token.0.to_vec()),
            previous_token: remember
                .and_then(|remember| remember.previous)
                .map(|previous| previous.0.to_vec()),
            rotated_at: remember.map(|remember| remember.rotated_at.unix_millis()),
            remember_seconds: remember
                .map(|remember| i64::try_from(remember.seconds).unwrap_or(i64::MAX)),
            session_mac: login.session_mac.clone(),
        }
    }
}

fn decode(row: Row) -> Result<LoginState, LoginStoreError> {
    let (
        id,
        user_id,
        created_at,
        last_used_at,
        expires_at,
        user_agent,
        client_address,
        token,
        previous_token,
        rotated_at,
        remember_seconds,
        session_mac,
    ) = row;
    let remember = match (token, rotated_at, remember_seconds) {
        (Some(token), Some(rotated_at), Some(seconds)) => Some(RememberState {
            token: digest(&token)?,
            previous: previous_token.as_deref().map(digest).transpose()?,
            rotated_at: Timestamp::from_unix_millis(rotated_at),
            seconds: u64::try_from(seconds).map_err(|_| malformed("remember_seconds"))?,
        }),
        (None, None, None) => None,
        _ => return Err(malformed("remember columns")),
    };
    Ok(LoginState {
        id: LoginId::parse(&id).ok_or_else(|| malformed("id"))?,
        user_id,
        created_at: Timestamp::from_unix_millis(created_at),
        last_used_at: Timestamp::from_unix_millis(last_used_at),
        expires_at: Timestamp::from_unix_millis(expires_at),
        user_agent,
        client_address,
        remember,
        session_mac,
    })
}

/// The row decoded; `None` for a row this version cannot read (another version's format, or
/// damage), which counts as absent, so its login is anonymous rather than failing every request.
pub(crate) fn readable(row: Row) -> Option<LoginState> {
    decode(row)
        .inspect_err(|error| tracing::warn!(%error, "unreadable login record ignored"))
        .ok()
}

/// The logins of `rows` with their sessions from `(login id, session id)` pairs, oldest first.
/// Unreadable rows are left out.
pub(crate) fn ended(rows: Vec<Row>, sessions: Vec<(String, String)>) -> Vec<EndedLogin> {
    let mut ended: Vec<EndedLogin> = rows
        .into_iter()
        .filter_map(readable)
        .map(|login| EndedLogin {
            login,
            sessions: Vec::new(),
        })
        .collect();
    ended.sort_by(|a, b| (a.login.created_at, &a.login.id).cmp(&(b.login.created_at, &b.login.id)));
    let index: HashMap<String, usize> = ended
        .iter()
        .enumerate()
        .map(|(n, ended)| (ended.login.id.as_str().to_owned(), n))
        .collect();
    for (login, session) in sessions {
        if let Some(n) = index.get(&login) {
            ended[*n].sessions.push(session);
        }
    }
    ended
}

pub(crate) fn digest(bytes: &[u8]) -> Result<TokenDigest, LoginStoreError> {
    bytes
        .try_into()
        .map(TokenDigest)
        .map_err(|_| malformed("token digest"))
}

pub(crate) fn malformed(what: &str) -> LoginStoreError {
    LoginStoreError::new(format!("malformed login row: {what}"))
}

pub(crate) fn backend(error: sqlx::Error) -> LoginStoreError {
    LoginStoreError::new(error)
}
