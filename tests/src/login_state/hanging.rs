//! A login store that can be made to hang, as a store behind a dead network does.

use std::{
    num::NonZeroUsize,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use login_runtime::login_state::{
    EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, MemoryLoginStore, Rotation,
    Timestamp, TokenDigest,
};

/// A [`MemoryLoginStore`] whose every call never returns while [`hang`](Self::hang) is on.
#[derive(Debug, Clone, Default)]
pub struct HangingLoginStore {
    inner: MemoryLoginStore,
    hung: Arc<AtomicBool>,
}

impl HangingLoginStore {
    /// From now on every call hangs (`true`) or works (`false`).
    pub fn hang(&self, hung: bool) {
        self.hung.store(hung, Ordering::SeqCst);
    }

    async fn gate(&self) {
        if self.hung.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
    }
}

#[async_trait::async_trait]
impl LoginStore for HangingLoginStore {
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        self.gate().await;
        self.inner.create(login, limit, now).await
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        self.gate().await;
        self.inner.get(id, now).await
    }

    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError> {
        self.gate().await;
        self.inner.list_user(user_id, now).await
    }

    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError> {
        self.gate().await;
        self.inner.rotate_token(id, from, to, now).await
    }

    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        self.gate().await;
        self.inner.touch(id, used_at, expires_at, now).await
    }

    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        self.gate().await;
        self.inner.set_session_mac(id, session_mac, now).await
    }

    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        self.gate().await;
        self.inner.add_session(id, session, now).await
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        self.gate().await;
        self.inner.remove_session(id, session).await
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        self.gate().await;
        self.inner.end(id).await
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        self.gate().await;
        self.inner.end_user(user_id, keep).await
    }
}
