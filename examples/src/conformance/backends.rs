//! What the conformance app runs on besides its settings: the stores, the clock, the bound on
//! store calls. Tests run the app over memory, Redis or `PostgreSQL` with it.

use std::{num::NonZeroUsize, sync::Arc, time::Duration};

use login_runtime::{
    login_state::{Clock, LoginStore, MemoryLoginStore, SystemClock},
    manager::LoginManagerBuilder,
    tower_sessions::{MemoryStore, SessionStore},
};

use super::User;

/// The stores and clock of one instance of the conformance app. Instances that share their
/// stores behave as one app.
#[derive(Debug, Clone)]
pub struct Backends<S> {
    /// The tower-sessions store of the `SessionManagerLayer`.
    pub sessions: S,
    /// The login store.
    pub logins: Arc<dyn LoginStore>,
    /// The clock of the login manager.
    pub clock: Arc<dyn Clock>,
    /// The manager's `store_timeout`, when not the default.
    pub store_timeout: Option<Duration>,
    /// The manager's `max_logins_per_user`; default none.
    pub max_logins_per_user: Option<NonZeroUsize>,
}

impl Default for Backends<MemoryStore> {
    fn default() -> Self {
        Self::over(MemoryStore::default())
    }
}

impl<S: SessionStore + Clone> Backends<S> {
    /// `sessions` with an in-memory login store and the system clock.
    pub fn over(sessions: S) -> Self {
        Self {
            sessions,
            logins: Arc::new(MemoryLoginStore::default()),
            clock: Arc::new(SystemClock),
            store_timeout: None,
            max_logins_per_user: None,
        }
    }

    pub(crate) fn configure(
        &self,
        builder: LoginManagerBuilder<User>,
    ) -> LoginManagerBuilder<User> {
        let builder = builder
            .remember_store(self.sessions.clone())
            .login_store(Arc::clone(&self.logins))
            .clock(Arc::clone(&self.clock));
        let builder = match self.store_timeout {
            Some(timeout) => builder.store_timeout(timeout),
            None => builder,
        };
        match self.max_logins_per_user {
            Some(limit) => builder.max_logins_per_user(limit),
            None => builder,
        }
    }
}
