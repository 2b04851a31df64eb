//! [`RedisLoginStore`]: the login-state store on Redis.

use std::{collections::HashMap, fmt, num::NonZeroUsize};

use fred::{
    clients::Pool,
    interfaces::{HashesInterface, LuaInterface, SetsInterface},
    prelude::Value,
};
use login_runtime::login_state::{
    EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, RememberState, Rotation,
    Timestamp, TokenDigest,
};

use crate::{
    fields::{self, digest_hex, millis},
    scripts::{self, run},
};

/// The default key prefix: every key of the store starts with it.
pub const DEFAULT_PREFIX: &str = "login-state:";

/// Redis deletes a login's keys this long after the login expired: the runtime's clock decides
/// when a login ends, and the margin covers a Redis clock that runs ahead of it.
const EXPIRY_MARGIN_MILLIS: i64 = 60 * 60 * 1000;

/// The latest expiry set on a key (the end of year 9999); keys of logins that last longer get
/// none.
const LATEST_EXPIRY_MILLIS: i64 = 253_402_300_799_999;

/// The login-state store on Redis 7 or later (or Valkey), on the fred client that
/// `tower-sessions-redis-store` uses: one [`Pool`] can serve both.
///
/// Each operation is one command or one Lua script, so it is atomic across every instance
/// sharing the server, and a call dropped by a timeout leaves either nothing or all of it done.
/// The keys:
///
/// - `<prefix>login:<id>`: a hash with the login's fields;
/// - `<prefix>sessions:<id>`: the set of its sessions' ids;
/// - `<prefix>user:<user id>`: a sorted set of the user's login ids, by creation time.
///
/// The prefix ([`DEFAULT_PREFIX`] unless set with [`with_prefix`](Self::with_prefix)) keeps them
/// apart from tower-sessions' records, whose keys are bare session ids without a colon: no
/// session cookie can name a login key. Expired logins need no clean-up task: their keys carry
/// Redis expiries (an hour after the login's own), moved out whenever the login is extended.
///
/// Commands are bounded by the pool's own settings: give it a command timeout and a reconnect
/// policy, as the crate documentation shows, so that an outage fails calls quickly and the pool
/// recovers by itself.
#[derive(Clone)]
pub struct RedisLoginStore<C = Pool> {
    client: C,
    prefix: String,
}

impl<C> RedisLoginStore<C> {
    /// A store on `client` (usually a [`Pool`]) with the default prefix.
    pub fn new(client: C) -> Self {
        Self {
            client,
            prefix: DEFAULT_PREFIX.to_owned(),
        }
    }

    /// Puts every key of the store under `prefix` instead of [`DEFAULT_PREFIX`], for example to
    /// keep two apps on one server apart. End it with a separator such as `:`; it must not be a
    /// possible session id.
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    fn login_key(&self, id: &LoginId) -> String {
        format!("{}login:{}", self.prefix, id.as_str())
    }

    fn sessions_key(&self, id: &LoginId) -> String {
        format!("{}sessions:{}", self.prefix, id.as_str())
    }

    fn user_key(&self, user_id: &str) -> String {
        format!("{}user:{user_id}", self.prefix)
    }

    /// The script arguments: the prefix, then `rest`.
    fn args(&self, rest: impl IntoIterator<Item = String>) -> Vec<String> {
        std::iter::once(self.prefix.clone()).chain(rest).collect()
    }
}

impl<C> fmt::Debug for RedisLoginStore<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLoginStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// The Redis expiry of the keys of a login that ends at `expires_at`: milliseconds, or empty for
/// none.
fn key_expiry(expires_at: Timestamp) -> String {
    expires_at
        .unix_millis()
        .checked_add(EXPIRY_MARGIN_MILLIS)
        .filter(|at| *at <= LATEST_EXPIRY_MILLIS)
        .map(|at| at.to_string())
        .unwrap_or_default()
}

fn backend(error: fred::error::Error) -> LoginStoreError {
    LoginStoreError::new(error)
}

/// An ended login as the scripts return it, `[fields, sessions]`; `None` when its record was
/// unreadable (it is gone all the same).
fn ended(value: Value) -> Result<Option<EndedLogin>, LoginStoreError> {
    let mut parts = value.into_array().into_iter();
    let (Some(flat), Some(sessions)) = (parts.next(), parts.next()) else {
        return Err(fields::malformed("ended login"));
    };
    let Some(login) = readable(decode_with_id(fields::pairs(
        flat.convert().map_err(backend)?,
    ))) else {
        return Ok(None);
    };
    Ok(Some(EndedLogin {
        login,
        sessions: sessions.convert().map_err(backend)?,
    }))
}

fn ended_list(value: Value) -> Result<Vec<EndedLogin>, LoginStoreError> {
    let mut logins = Vec::new();
    for login in value.into_array() {
        logins.extend(ended(login)?);
    }
    Ok(logins)
}

/// A login from fields that the scripts return together with the id they were read under.
fn decode_with_id(mut fields: HashMap<String, String>) -> Result<LoginState, LoginStoreError> {
    let id = fields
        .remove("id")
        .and_then(|id| LoginId::parse(&id))
        .ok_or_else(|| fields::malformed("id"))?;
    fields::decode(id, fields)
}

/// A decoded record; a record this version cannot read (another version's format, or damage)
/// counts as absent, so its login is anonymous rather than failing every request.
fn readable<T>(decoded: Result<T, LoginStoreError>) -> Option<T> {
    decoded
        .inspect_err(|error| tracing::warn!(%error, "unreadable login record ignored"))
        .ok()
}

#[async_trait::async_trait]
impl<C> LoginStore for RedisLoginStore<C>
where
    C: LuaInterface + HashesInterface + SetsInterface + Clone + Send + Sync + 'static,
{
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut fields = vec!["id".to_owned(), login.id.as_str().to_owned()];
        fields.extend(fields::encode(login));
        let args = self.args(
            [
                login.id.as_str().to_owned(),
                millis(now),
                limit.map(|limit| limit.to_string()).unwrap_or_default(),
                key_expiry(login.expires_at),
                millis(login.created_at),
            ]
            .into_iter()
            .chain(fields),
        );
        let keys = vec![self.login_key(&login.id), self.user_key(&login.user_id)];
        let ended = run(&self.client, &scripts::CREATE, keys, args)
            .await
            .map_err(backend)?;
        ended_list(ended)
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        let mut fields: HashMap<String, String> = self
            .client
            .hgetall(self.login_key(id))
            .await
            .map_err(backend)?;
        if fields.is_empty() {
            return Ok(None);
        }
        fields.remove("id");
        Ok(readable(fields::decode(id.clone(), fields)).filter(|login| login.expires_at > now))
    }

    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError> {
        let logins: Value = run(
            &self.client,
            &scripts::LIST_USER,
            vec![self.user_key(user_id)],
            self.args([]),
        )
        .await
        .map_err(backend)?;
        let mut live = Vec::new();
        for flat in logins.into_array() {
            let login = decode_with_id(fields::pairs(flat.convert().map_err(backend)?));
            live.extend(readable(login).filter(|login| login.expires_at > now));
        }
        Ok(live)
    }

    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError> {
        let reply: Vec<String> = run(
            &self.client,
            &scripts::ROTATE_TOKEN,
            vec![self.login_key(id)],
            self.args([millis(now), digest_hex(from), digest_hex(to)]),
        )
        .await
        .map_err(backend)?;
        let mut reply = reply.into_iter();
        match reply.next().as_deref() {
            Some("rotated") => Ok(Rotation::Rotated),
            Some("missing") => Ok(Rotation::Missing),
            Some("conflict") => {
                let mut remember = || -> Result<RememberState, LoginStoreError> {
                    let token = fields::parse_digest(&reply.next().unwrap_or_default())?;
                    let previous = reply
                        .next()
                        .filter(|previous| !previous.is_empty())
                        .map(|previous| fields::parse_digest(&previous))
                        .transpose()?;
                    Ok(RememberState {
                        token,
                        previous,
                        rotated_at: fields::parse_time(reply.next(), "rotated")?,
                        seconds: fields::parse(reply.next(), "seconds")?,
                    })
                };
                Ok(readable(remember()).map_or(Rotation::Missing, Rotation::Conflict))
            }
            _ => Err(fields::malformed("rotation reply")),
        }
    }

    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let live: i64 = run(
            &self.client,
            &scripts::TOUCH,
            vec![self.login_key(id), self.sessions_key(id)],
            self.args([
                millis(now),
                millis(used_at),
                millis(expires_at),
                key_expiry(expires_at),
            ]),
        )
        .await
        .map_err(backend)?;
        Ok(live == 1)
    }

    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let live: i64 = run(
            &self.client,
            &scripts::SET_SESSION_MAC,
            vec![self.login_key(id)],
            self.args(std::iter::once(millis(now)).chain(session_mac.map(str::to_owned))),
        )
        .await
        .map_err(backend)?;
        Ok(live == 1)
    }

    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let live: i64 = run(
            &self.client,
            &scripts::ADD_SESSION,
            vec![self.login_key(id), self.sessions_key(id)],
            self.args([millis(now), session.to_owned()]),
        )
        .await
        .map_err(backend)?;
        Ok(live == 1)
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        let _: i64 = self
            .client
            .srem(self.sessions_key(id), session)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        let reply: Value = run(
            &self.client,
            &scripts::END,
            vec![self.login_key(id), self.sessions_key(id)],
            self.args([id.as_str().to_owned()]),
        )
        .await
        .map_err(backend)?;
        if reply.is_null() {
            return Ok(None);
        }
        ended(reply)
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let ended = run(
            &self.client,
            &scripts::END_USER,
            vec![self.user_key(user_id)],
            self.args([keep.map(|id| id.as_str().to_owned()).unwrap_or_default()]),
        )
        .await
        .map_err(backend)?;
        ended_list(ended)
    }
}
