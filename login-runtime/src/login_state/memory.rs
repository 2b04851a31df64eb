//! The in-memory login store: the default, for one process.

use std::{
    collections::{BTreeSet, HashMap, HashSet},
    num::NonZeroUsize,
    sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard},
    time::Duration,
};

use async_trait::async_trait;

use super::store::{
    EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, Rotation, Timestamp, TokenDigest,
};

/// Expired logins are swept out by a write at most this often, besides being dropped when read.
const SWEEP_INTERVAL: Duration = Duration::from_mins(1);

/// Keeps logins in this process's memory: the default [`LoginStore`]. Logins are lost when the
/// process ends and are not shared with other instances; use a shared store for several
/// instances. Expired logins are removed when read and by a sweep at most once a minute.
/// Clones share one store.
///
/// ```
/// use login_runtime::login_state::MemoryLoginStore;
///
/// let store = MemoryLoginStore::default();
/// # let _ = store;
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryLoginStore(Arc<RwLock<Logins>>);

#[derive(Debug, Default)]
struct Logins {
    by_id: HashMap<LoginId, Entry>,
    /// Each user's logins by `(created_at, id)`: oldest first.
    by_user: HashMap<String, BTreeSet<(Timestamp, LoginId)>>,
    last_sweep: Option<Timestamp>,
}

#[derive(Debug)]
struct Entry {
    state: LoginState,
    sessions: HashSet<String>,
}

impl MemoryLoginStore {
    /// What `read` says of the login [`LoginStore::get`] returns, which never waits here.
    fn read_now<R>(
        &self,
        id: &LoginId,
        now: Timestamp,
        read: impl FnOnce(Option<&LoginState>) -> R,
    ) -> R {
        match self.read().by_id.get(id) {
            Some(entry) if entry.state.expires_at > now => return read(Some(&entry.state)),
            Some(_) => {}
            None => return read(None),
        }
        self.write(now).live(id, now);
        read(None)
    }

    fn read(&self) -> RwLockReadGuard<'_, Logins> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The logins, after sweeping out expired ones when the last sweep is old enough.
    fn write(&self, now: Timestamp) -> RwLockWriteGuard<'_, Logins> {
        let mut logins = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if logins
            .last_sweep
            .is_none_or(|last| now.since(last) >= SWEEP_INTERVAL)
        {
            logins.last_sweep = Some(now);
            let expired: Vec<LoginId> = logins
                .by_id
                .values()
                .filter(|entry| entry.state.expires_at <= now)
                .map(|entry| entry.state.id.clone())
                .collect();
            for id in expired {
                logins.remove(&id);
            }
        }
        logins
    }
}

impl Logins {
    fn live(&mut self, id: &LoginId, now: Timestamp) -> Option<&mut Entry> {
        if self.by_id.get(id)?.state.expires_at <= now {
            self.remove(id);
            return None;
        }
        self.by_id.get_mut(id)
    }

    fn remove(&mut self, id: &LoginId) -> Option<EndedLogin> {
        let entry = self.by_id.remove(id)?;
        let user = &entry.state.user_id;
        if let Some(index) = self.by_user.get_mut(user) {
            index.remove(&(entry.state.created_at, id.clone()));
            if index.is_empty() {
                self.by_user.remove(user);
            }
        }
        let mut sessions: Vec<String> = entry.sessions.into_iter().collect();
        sessions.sort_unstable();
        Some(EndedLogin {
            login: entry.state,
            sessions,
        })
    }

    fn user_ids(&self, user_id: &str) -> Vec<LoginId> {
        self.by_user
            .get(user_id)
            .map(|index| index.iter().map(|(_, id)| id.clone()).collect())
            .unwrap_or_default()
    }
}

#[async_trait]
impl LoginStore for MemoryLoginStore {
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut logins = self.write(now);
        if logins.by_id.contains_key(&login.id) {
            return Err(LoginStoreError::new("a login with this id exists"));
        }
        logins.by_id.insert(
            login.id.clone(),
            Entry {
                state: login.clone(),
                sessions: HashSet::new(),
            },
        );
        logins
            .by_user
            .entry(login.user_id.clone())
            .or_default()
            .insert((login.created_at, login.id.clone()));
        let Some(limit) = limit else {
            return Ok(Vec::new());
        };
        let live: Vec<LoginId> = logins
            .user_ids(&login.user_id)
            .into_iter()
            .filter(|id| *id != login.id)
            .filter(|id| {
                logins
                    .by_id
                    .get(id)
                    .is_some_and(|e| e.state.expires_at > now)
            })
            .collect();
        let excess = (live.len() + 1).saturating_sub(limit.get());
        Ok(live
            .iter()
            .take(excess)
            .filter_map(|id| logins.remove(id))
            .collect())
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        Ok(self.read_now(id, now, |state: Option<&LoginState>| state.cloned()))
    }

    fn read_at_once(
        &self,
        id: &LoginId,
        now: Timestamp,
        read: &mut dyn FnMut(Option<&LoginState>),
    ) -> Option<Result<(), LoginStoreError>> {
        self.read_now(id, now, read);
        Some(Ok(()))
    }

    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError> {
        let logins = self.read();
        Ok(logins
            .user_ids(user_id)
            .iter()
            .filter_map(|id| logins.by_id.get(id))
            .filter(|entry| entry.state.expires_at > now)
            .map(|entry| entry.state.clone())
            .collect())
    }

    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError> {
        let mut logins = self.write(now);
        let Some(remember) = logins
            .live(id, now)
            .and_then(|entry| entry.state.remember.as_mut())
        else {
            return Ok(Rotation::Missing);
        };
        if remember.token.matches(to) {
            Ok(Rotation::Rotated)
        } else if remember.token.matches(from) {
            remember.previous = Some(remember.token);
            remember.token = *to;
            remember.rotated_at = now;
            Ok(Rotation::Rotated)
        } else {
            Ok(Rotation::Conflict(remember.clone()))
        }
    }

    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let mut logins = self.write(now);
        let Some(entry) = logins.live(id, now) else {
            return Ok(false);
        };
        entry.state.last_used_at = entry.state.last_used_at.max(used_at);
        entry.state.expires_at = entry.state.expires_at.max(expires_at);
        Ok(true)
    }

    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let mut logins = self.write(now);
        let Some(entry) = logins.live(id, now) else {
            return Ok(false);
        };
        entry.state.session_mac = session_mac.map(str::to_owned);
        Ok(true)
    }

    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let mut logins = self.write(now);
        let Some(entry) = logins.live(id, now) else {
            return Ok(false);
        };
        entry.sessions.insert(session.to_owned());
        Ok(true)
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        let mut logins = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(entry) = logins.by_id.get_mut(id) {
            entry.sessions.remove(session);
        }
        Ok(())
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        let mut logins = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(logins.remove(id))
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut logins = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(logins
            .user_ids(user_id)
            .iter()
            .filter(|id| Some(*id) != keep)
            .filter_map(|id| logins.remove(id))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login_state::{Clock, SystemClock};

    fn login(user: &str, now: Timestamp, lifetime: Duration) -> LoginState {
        LoginState {
            id: LoginId::random(),
            user_id: user.to_owned(),
            created_at: now,
            last_used_at: now,
            expires_at: now.saturating_add(lifetime),
            user_agent: None,
            client_address: None,
            remember: None,
            session_mac: None,
        }
    }

    #[tokio::test]
    async fn expired_logins_are_removed_by_a_later_write_and_when_read() {
        let store = MemoryLoginStore::default();
        let now = SystemClock.now();
        let short = login("a", now, Duration::from_secs(1));
        let read_later = login("b", now, Duration::from_secs(1));
        let long = login("a", now, Duration::from_hours(1));
        for login in [&short, &read_later, &long] {
            store.create(login, None, now).await.expect("create");
        }
        assert_eq!(store.read().by_id.len(), 3);

        let later = now.saturating_add(Duration::from_secs(2));
        assert_eq!(store.get(&read_later.id, later).await.expect("get"), None);
        assert!(
            !store.read().by_id.contains_key(&read_later.id),
            "dropped when read"
        );
        assert!(
            store.read().by_id.contains_key(&short.id),
            "no sweep within a minute"
        );

        let sweep = now.saturating_add(Duration::from_mins(2));
        let fresh = login("c", sweep, Duration::from_hours(1));
        store.create(&fresh, None, sweep).await.expect("create");
        let logins = store.read();
        assert!(!logins.by_id.contains_key(&short.id), "swept");
        assert!(logins.by_id.contains_key(&long.id));
        assert_eq!(
            logins.by_user.get("a").map(BTreeSet::len),
            Some(1),
            "index swept too"
        );
        assert!(!logins.by_user.contains_key("b"));
    }
}
