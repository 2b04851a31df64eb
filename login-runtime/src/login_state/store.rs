//! The trait a login-state backend implements, and the records it keeps.

use std::{fmt, num::NonZeroUsize, time::Duration};

use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use subtle::ConstantTimeEq;

use crate::loader::BoxError;

/// Identifies one login. 16 random bytes, base64url without padding (22 characters).
///
/// It travels inside the signed remember cookie and the server-side session record, never
/// alone; handles shown to users are derived from it one-way.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoginId([u8; LOGIN_ID_LEN]);

const LOGIN_ID_BYTES: usize = 16;
/// The length of a [`LoginId`] as text: 16 bytes in base64 without padding.
const LOGIN_ID_LEN: usize = 22;

/// Which bytes are characters of base64url: `[A-Za-z0-9_-]`.
const BASE64URL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "byte < 256")]
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        byte += 1;
    }
    table
};

impl LoginId {
    /// A new random id.
    #[must_use]
    pub fn random() -> Self {
        Self::from_bytes(rand::random())
    }

    /// The id made of these bytes.
    pub(crate) fn from_bytes(bytes: [u8; LOGIN_ID_BYTES]) -> Self {
        let mut text = [0; LOGIN_ID_LEN];
        // 16 bytes always encode to 22 characters.
        URL_SAFE_NO_PAD
            .encode_slice(bytes, &mut text)
            .unwrap_or_else(|_| unreachable!());
        Self(text)
    }

    /// Parses an id as [`as_str`](Self::as_str) wrote it; `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        // Checked without decoding, as every request with a login parses its id: 22 characters
        // of the alphabet, the last carrying 2 bits of data and 4 zero bits.
        let bytes: [u8; LOGIN_ID_LEN] = text.as_bytes().try_into().ok()?;
        // Every byte looked up, without stopping early: a few instructions each.
        let canonical = bytes
            .iter()
            .fold(true, |valid, byte| valid & BASE64URL[usize::from(*byte)])
            && matches!(bytes[LOGIN_ID_LEN - 1], b'A' | b'Q' | b'g' | b'w');
        canonical.then_some(Self(bytes))
    }

    /// The id as text: 22 characters of `[A-Za-z0-9_-]`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ever made of base64url characters, which are ASCII.
        std::str::from_utf8(&self.0).unwrap_or_else(|_| unreachable!())
    }
}

impl fmt::Debug for LoginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Part of a credential: only a prefix, enough to tell logs apart.
        write!(f, "LoginId({}…)", &self.as_str()[..4])
    }
}

/// A point in time: milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The Unix epoch.
    pub const EPOCH: Self = Self(0);

    /// The time `millis` milliseconds after the Unix epoch.
    #[must_use]
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the Unix epoch.
    #[must_use]
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch, rounded down.
    #[must_use]
    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// `self + duration`, saturating at the largest timestamp.
    #[must_use]
    pub fn saturating_add(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_add(millis))
    }

    /// How long after `earlier` this is; zero when it is not after.
    #[must_use]
    pub fn since(self, earlier: Self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }
}

/// What the store keeps of a remember token: its SHA-256, never the token.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenDigest(pub [u8; 32]);

impl TokenDigest {
    /// Whether two digests are equal, in constant time.
    #[must_use]
    pub fn matches(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenDigest(<redacted>)")
    }
}

/// The remember-me part of a login: the series' token state.
///
/// Tokens rotate deterministically (the runtime derives the next token from the current one
/// with its secret key), so requests racing with the same cookie all compute the same successor
/// and [`LoginStore::rotate_token`] is idempotent for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberState {
    /// Digest of the one current token.
    pub token: TokenDigest,
    /// Digest of the token the last rotation replaced, accepted for a grace window after
    /// `rotated_at`.
    pub previous: Option<TokenDigest>,
    /// When the current token became current.
    pub rotated_at: Timestamp,
    /// The remember duration, in seconds: a refresh moves the expiry to this far from now.
    pub seconds: u64,
}

/// One login as the store keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginState {
    /// The login's id.
    pub id: LoginId,
    /// [`AuthUser::get_id`](crate::AuthUser::get_id) of the user logged in.
    pub user_id: String,
    /// When the login was made.
    pub created_at: Timestamp,
    /// When a request last used it, updated at most about once a minute.
    pub last_used_at: Timestamp,
    /// When it ends unless extended. Never before `created_at`.
    pub expires_at: Timestamp,
    /// The User-Agent of the request that made the login, cut to 256 bytes.
    pub user_agent: Option<String>,
    /// The client address of that request, when known.
    pub client_address: Option<String>,
    /// The remember series, when the login is remembered.
    pub remember: Option<RememberState>,
    /// The MAC of the user's session hash (see [`AuthUser::session_hash`](crate::AuthUser::session_hash)).
    pub session_mac: Option<String>,
}

impl fmt::Debug for LoginState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginState")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("created_at", &self.created_at)
            .field("last_used_at", &self.last_used_at)
            .field("expires_at", &self.expires_at)
            .field("user_agent", &self.user_agent)
            .field("client_address", &self.client_address)
            .field("remember", &self.remember)
            .field(
                "session_mac",
                &self.session_mac.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A login that an `end` operation removed, with the sessions it had produced (for clean-up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedLogin {
    /// The login as it was when it ended.
    pub login: LoginState,
    /// The ids (tower-sessions' `Id` as text) of every session added to it and not removed.
    pub sessions: Vec<String>,
}

/// The outcome of [`LoginStore::rotate_token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The current token is now `to`: this call rotated it, or an earlier call had made exactly
    /// this rotation already.
    Rotated,
    /// The current token is neither `from` nor `to`; the remember state as it is now.
    Conflict(RememberState),
    /// No such login: never made, ended, expired, or not remembered.
    Missing,
}

/// A login store failed: unreachable, refused the operation, or returned garbage.
#[derive(Debug)]
pub struct LoginStoreError(BoxError);

impl LoginStoreError {
    /// Wraps the backend's own error.
    pub fn new(error: impl Into<BoxError>) -> Self {
        Self(error.into())
    }
}

impl fmt::Display for LoginStoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "login store failed: {}", self.0)
    }
}

impl std::error::Error for LoginStoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

#[async_trait]
impl<S: LoginStore + ?Sized> LoginStore for std::sync::Arc<S> {
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        (**self).create(login, limit, now).await
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        (**self).get(id, now).await
    }

    fn read_at_once(
        &self,
        id: &LoginId,
        now: Timestamp,
        read: &mut dyn FnMut(Option<&LoginState>),
    ) -> Option<Result<(), LoginStoreError>> {
        (**self).read_at_once(id, now, read)
    }

    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError> {
        (**self).list_user(user_id, now).await
    }

    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError> {
        (**self).rotate_token(id, from, to, now).await
    }

    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        (**self).touch(id, used_at, expires_at, now).await
    }

    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        (**self).set_session_mac(id, session_mac, now).await
    }

    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        (**self).add_session(id, session, now).await
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        (**self).remove_session(id, session).await
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        (**self).end(id).await
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        (**self).end_user(user_id, keep).await
    }
}

/// Where the server-side state of logins lives, shared by every instance of an app.
///
/// The runtime ships [`MemoryLoginStore`](super::MemoryLoginStore) (the default, one process
/// only). A backend for several instances implements this trait; see the [module
/// documentation](crate::login_state) for the rules every method follows, and run the conformance suite
/// (`login_runtime::login_state::conformance`, feature `test-util`) against it.
///
/// Each method lists what it does as one atomic step.
#[async_trait]
pub trait LoginStore: fmt::Debug + Send + Sync + 'static {
    /// Stores a new login, and indexes it under its user.
    ///
    /// With a `limit`, in the same atomic step: if the user then has more than `limit` logins
    /// that have not expired at `now`, the oldest of them (by `created_at`, then by id) are
    /// ended as by [`end`](Self::end) until `limit` remain (the new one is never ended: it is the
    /// newest). Returns what it ended, oldest first.
    ///
    /// `login.id` is new (random): if a record with that id exists anyway, nothing is stored and
    /// an error is returned.
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError>;

    /// The login with this id, unless it does not exist or has expired at `now`. This is the
    /// one call made on every request that carries a login: keep it to one round trip.
    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError>;

    /// [`get`](Self::get) for a backend that can answer without waiting (one in this process's
    /// memory): calls `read` once with what `get` would return, borrowed, and returns
    /// `Some(Ok(()))`; or returns `None` without calling `read`, to have the runtime call `get`,
    /// which is what the default does. The runtime asks this first on every request with a
    /// login: an answer here costs no boxed future, no timer and no copy of the login's text
    /// fields. It must be exactly `get`'s answer, never a cached one that could still show an
    /// ended login. `read` only copies what it needs, so it may run under the backend's lock.
    fn read_at_once(
        &self,
        id: &LoginId,
        now: Timestamp,
        read: &mut dyn FnMut(Option<&LoginState>),
    ) -> Option<Result<(), LoginStoreError>> {
        let _ = (id, now, read);
        None
    }

    /// Every login of `user_id` that has not expired at `now`, oldest first: by `created_at`,
    /// and logins with equal `created_at` by id
    /// compared as bytes (in SQL, `COLLATE "C"`).
    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError>;

    /// Compare-and-swap of the remember token. Atomically, when the login exists at `now` and is
    /// remembered:
    ///
    /// - current token `from`: `previous := from`, `token := to`, `rotated_at := now`;
    ///   [`Rotation::Rotated`];
    /// - current token already `to`: nothing changes; [`Rotation::Rotated`];
    /// - otherwise nothing changes; [`Rotation::Conflict`] with the state as it is.
    ///
    /// [`Rotation::Missing`] otherwise.
    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError>;

    /// Records use of the login: atomically `last_used_at := max(last_used_at, used_at)` and
    /// `expires_at := max(expires_at, expires_at argument)`. Returns whether the login exists
    /// at `now` (nothing changes when it does not).
    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError>;

    /// Replaces the login's session MAC, when it exists at `now`. Returns whether it does.
    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError>;

    /// Adds a session id to the login's set of sessions, when the login exists at `now`;
    /// returns whether it does. Atomic with [`end`](Self::end): a session added before an end is
    /// in what the end returns, and an add after the end returns `false`. No limit on the set's
    /// size; adding an id already there changes nothing.
    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError>;

    /// Removes a session id from the login's set, if both are there.
    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError>;

    /// Atomically deletes the login (expired or not), its entry in its user's index and its
    /// session set, and returns them; `None` when there is no such record.
    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError>;

    /// Atomically ends, as [`end`](Self::end) does, every login of `user_id` (expired or not)
    /// except `keep`. Returns what it ended, oldest first. A login created by a call that
    /// completes after this one is not ended.
    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_ids_parse_exactly_as_written() {
        for _ in 0..200 {
            let id = LoginId::random();
            assert_eq!(LoginId::parse(id.as_str()), Some(id.clone()));
            let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).expect("base64url");
            assert_eq!(bytes.len(), LOGIN_ID_BYTES);
        }
        let valid = LoginId::from_bytes([0xAB; LOGIN_ID_BYTES]);
        let text = valid.as_str();
        for bad in [
            "",
            &text[..21],
            &format!("{text}A"),
            &format!("{}B", &text[..21]),
            &format!("{}=", &text[..21]),
            &format!("+{}", &text[1..]),
            &format!("/{}", &text[1..]),
            &format!("é{}", &text[2..]),
        ] {
            assert_eq!(LoginId::parse(bad), None, "{bad}");
        }
        for last in ['A', 'Q', 'g', 'w'] {
            let candidate = format!("{}{last}", &text[..21]);
            let decoded = URL_SAFE_NO_PAD.decode(&candidate).expect("canonical");
            assert_eq!(URL_SAFE_NO_PAD.encode(decoded), candidate);
            assert!(LoginId::parse(&candidate).is_some());
        }
    }
}
