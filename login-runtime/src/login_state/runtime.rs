//! The login store as the runtime uses it: every call bounded, ended logins' sessions cleaned
//! up.

use std::{fmt, num::NonZeroUsize, str::FromStr, sync::Arc, time::Duration};

use tower_sessions::{SessionStore, session::Id};

use super::{
    Clock, EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, MemoryLoginStore,
    RememberState, Rotation, SystemClock, Timestamp, TokenDigest,
};
use crate::{AuthError, request::bounded::bounded};

/// A token replaced this recently is still accepted by default, so requests racing with one
/// cookie, and a tab that sent the previous cookie a moment later, are not taken for theft.
pub const DEFAULT_REMEMBER_GRACE: Duration = Duration::from_secs(30);

/// What a request with a login uses of its state: all but the user and device details, which
/// it has from the session already or never needs.
#[derive(Debug, Clone)]
pub(crate) struct LiveLogin {
    pub(crate) last_used_at: Timestamp,
    pub(crate) expires_at: Timestamp,
    pub(crate) remember: Option<RememberState>,
    pub(crate) session_mac: Option<String>,
}

impl LiveLogin {
    pub(crate) fn of(state: &LoginState) -> Self {
        Self {
            last_used_at: state.last_used_at,
            expires_at: state.expires_at,
            remember: state.remember.clone(),
            session_mac: state.session_mac.clone(),
        }
    }
}

/// The manager's login store with its clock, bound and clean-up store.
pub(crate) struct Logins {
    store: Arc<dyn LoginStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) timeout: Duration,
    pub(crate) grace: Duration,
    /// The app's session store, where the sessions of ended logins are deleted.
    pub(crate) sessions: Option<Arc<dyn SessionStore>>,
    pub(crate) limit: Option<NonZeroUsize>,
}

impl Default for Logins {
    fn default() -> Self {
        Self {
            store: Arc::new(MemoryLoginStore::default()),
            clock: Arc::new(SystemClock),
            timeout: crate::request::bounded::DEFAULT_STORE_TIMEOUT,
            grace: DEFAULT_REMEMBER_GRACE,
            sessions: None,
            limit: None,
        }
    }
}

impl Logins {
    pub(crate) fn set_store(&mut self, store: Arc<dyn LoginStore>) {
        self.store = store;
    }

    /// The store itself: calling through the `Arc` would box each call's future twice, once for
    /// the `Arc`'s own `LoginStore` impl and once for the store's.
    fn store(&self) -> &dyn LoginStore {
        &*self.store
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    async fn call<T>(
        &self,
        what: &'static str,
        call: impl Future<Output = Result<T, LoginStoreError>>,
    ) -> Result<T, AuthError> {
        bounded(self.timeout, what, async {
            call.await
                .map_err(|error| AuthError::LoginStore(Arc::new(error)))
        })
        .await
    }

    pub(crate) async fn get(&self, id: &LoginId) -> Result<Option<LoginState>, AuthError> {
        self.call("login store get", self.store().get(id, self.now()))
            .await
    }

    /// The login `id` of `user_id` as a request uses it, unless it does not exist at `now` or
    /// belongs to another user. The store is asked to answer at once first (see
    /// [`LoginStore::read_at_once`]).
    pub(crate) async fn live(
        &self,
        id: &LoginId,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Option<LiveLogin>, AuthError> {
        let of_user = |state: &&LoginState| state.user_id == user_id;
        let mut live = None;
        let mut read = |state: Option<&LoginState>| live = state.filter(of_user).map(LiveLogin::of);
        match self.store().read_at_once(id, now, &mut read) {
            Some(answer) => answer
                .map(|()| live)
                .map_err(|error| AuthError::LoginStore(Arc::new(error))),
            None => Ok(self
                .call("login store get", self.store().get(id, now))
                .await?
                .as_ref()
                .filter(of_user)
                .map(LiveLogin::of)),
        }
    }

    pub(crate) async fn list_user(&self, user_id: &str) -> Result<Vec<LoginState>, AuthError> {
        self.call(
            "login store list_user",
            self.store().list_user(user_id, self.now()),
        )
        .await
    }

    /// Stores a new login, ending the oldest of the user's logins beyond the limit.
    pub(crate) async fn create(&self, login: &LoginState) -> Result<(), AuthError> {
        let ended = self
            .call(
                "login store create",
                self.store().create(login, self.limit, self.now()),
            )
            .await?;
        self.clean_up(ended).await;
        Ok(())
    }

    pub(crate) async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
    ) -> Result<Rotation, AuthError> {
        self.call(
            "login store rotate_token",
            self.store().rotate_token(id, from, to, self.now()),
        )
        .await
    }

    pub(crate) async fn touch(&self, id: &LoginId, expires_at: Timestamp) -> Result<(), AuthError> {
        let now = self.now();
        self.call(
            "login store touch",
            self.store().touch(id, now, expires_at, now),
        )
        .await
        .map(drop)
    }

    pub(crate) async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
    ) -> Result<bool, AuthError> {
        self.call(
            "login store set_session_mac",
            self.store().set_session_mac(id, session_mac, self.now()),
        )
        .await
    }

    pub(crate) async fn add_session(&self, id: &LoginId, session: Id) -> Result<bool, AuthError> {
        self.call(
            "login store add_session",
            self.store()
                .add_session(id, &session.to_string(), self.now()),
        )
        .await
    }

    pub(crate) async fn remove_session(&self, id: &LoginId, session: Id) -> Result<(), AuthError> {
        self.call(
            "login store remove_session",
            self.store().remove_session(id, &session.to_string()),
        )
        .await
    }

    /// Ends a login and deletes its sessions. Whether it existed.
    pub(crate) async fn end(&self, id: &LoginId) -> Result<bool, AuthError> {
        let ended = self.call("login store end", self.store().end(id)).await?;
        let existed = ended.is_some();
        self.clean_up(ended.into_iter().collect()).await;
        Ok(existed)
    }

    /// Ends every login of `user_id` but `keep`, and deletes their sessions.
    pub(crate) async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<usize, AuthError> {
        let ended = self
            .call("login store end_user", self.store().end_user(user_id, keep))
            .await?;
        let count = ended.len();
        self.clean_up(ended).await;
        Ok(count)
    }

    /// Deletes the sessions of ended logins. Only clean-up: those sessions are anonymous
    /// already, as their login is gone, so a failure here is logged and not passed on.
    async fn clean_up(&self, ended: Vec<EndedLogin>) {
        let Some(sessions) = &self.sessions else {
            return;
        };
        for id in ended
            .iter()
            .flat_map(|ended| &ended.sessions)
            .filter_map(|id| Id::from_str(id).ok())
        {
            let deleted = bounded(self.timeout, "session store delete", async {
                sessions.delete(&id).await.map_err(|error| {
                    AuthError::session(tower_sessions::session::Error::Store(error))
                })
            })
            .await;
            if let Err(error) = deleted {
                tracing::warn!(%error, "could not delete a session of an ended login; it is anonymous anyway");
                return;
            }
        }
    }
}

impl fmt::Debug for Logins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logins")
            .field("store", &self.store)
            .field("clock", &self.clock)
            .field("timeout", &self.timeout)
            .field("grace", &self.grace)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}
