//! HTTP test bodies for the login state, run against any login store and session store.
//!
//! Each body starts two instances of the conformance app over one [`Deployment`] (two routers
//! on two ports of 127.0.0.1 sharing the deployment's stores), drives them with
//! [`Browser`]s (a `testing::TestClient` per instance, sharing one cookie jar), and
//! panics with the figures when a requirement fails. They return what they measured, for the
//! closing note of the issue.
//!
//! The memory deployment runs them in `tests/tests/login_state_http.rs`. A backend crate runs
//! the same bodies over its stores by implementing [`Deployment`]:
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use axum::Router;
//! use examples::conformance::{self, Backends, Settings, User};
//! use login_runtime::{
//!     LoginManager,
//!     login_state::{LoginStore, ManualClock},
//!     tower_sessions::{MemoryStore, SessionStore},
//! };
//! use tests::login_state::{self as bodies, Deployment};
//!
//! /// Stand-ins for a Redis session store and login store, one pair per instance.
//! struct MyDeployment {
//!     sessions: [MemoryStore; 2],
//!     logins: [Arc<dyn LoginStore>; 2],
//! }
//!
//! impl Deployment for MyDeployment {
//!     fn app(
//!         &self,
//!         instance: usize,
//!         settings: &Settings,
//!         clock: &ManualClock,
//!     ) -> (Router, LoginManager<User>) {
//!         let backends = Backends {
//!             sessions: self.sessions[instance].clone(),
//!             logins: Arc::clone(&self.logins[instance]),
//!             clock: Arc::new(clock.clone()),
//!             store_timeout: None,
//!             max_logins_per_user: None,
//!         };
//!         conformance::app_and_manager_on(settings, &backends).expect("app")
//!     }
//!
//!     fn sessions(&self) -> Arc<dyn SessionStore> {
//!         Arc::new(self.sessions[0].clone())
//!     }
//! }
//!
//! # async fn run(deployment: MyDeployment) {
//! bodies::parallel_restores_keep_the_cookie(&deployment, 4, 50).await;
//! bodies::racing_restores_then_logout_leave_no_survivor(&deployment, 4, 50).await;
//! # }
//! ```

mod bodies;
mod browser;
mod hanging;

use std::sync::Arc;

use axum::Router;
use examples::conformance::{self, Backends, Settings, User};
use login_runtime::{
    LoginManager,
    login_state::{LoginStore, ManualClock, MemoryLoginStore},
    testing::TestClient,
    tower_sessions::{MemoryStore, SessionStore},
};

pub use bodies::*;
pub use browser::Browser;
pub use hanging::HangingLoginStore;

/// Where the instances of an app keep their state: what a backend's tests provide.
pub trait Deployment: Send + Sync {
    /// Instance `instance` (0 or 1) of the conformance app with `settings`, over the shared
    /// stores, and its login manager, which reads the time from `clock`
    /// (`Backends { clock: Arc::new(clock.clone()), .. }`): what
    /// `conformance::app_and_manager_on` makes. Give each instance its own connections (pools)
    /// where the backend has them.
    fn app(
        &self,
        instance: usize,
        settings: &Settings,
        clock: &ManualClock,
    ) -> (Router, LoginManager<User>);

    /// The session store the instances share, to write a session behind their back as a
    /// request still in flight would.
    fn sessions(&self) -> Arc<dyn SessionStore>;
}

/// Both instances over one in-memory session store and one in-memory login store.
#[derive(Debug, Clone, Default)]
pub struct MemoryDeployment {
    /// The session store.
    pub sessions: MemoryStore,
    /// The login store.
    pub logins: MemoryLoginStore,
}

impl Deployment for MemoryDeployment {
    fn app(
        &self,
        _instance: usize,
        settings: &Settings,
        clock: &ManualClock,
    ) -> (Router, LoginManager<User>) {
        let backends = Backends {
            sessions: self.sessions.clone(),
            logins: Arc::new(self.logins.clone()) as Arc<dyn LoginStore>,
            clock: Arc::new(clock.clone()),
            store_timeout: None,
            max_logins_per_user: None,
        };
        conformance::app_and_manager_on(settings, &backends).expect("conformance app")
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(self.sessions.clone())
    }
}

/// Two running instances of one deployment and their clock.
#[derive(Debug)]
pub struct Instances {
    /// A client of each instance's test server, to make browsers with.
    servers: [TestClient<User>; 2],
    /// The clock both instances read.
    pub clock: ManualClock,
}

impl Instances {
    /// Starts two instances of `deployment` with `settings` on fresh ports of 127.0.0.1.
    ///
    /// # Panics
    ///
    /// When a port cannot be bound.
    pub async fn start(deployment: &dyn Deployment, settings: &Settings) -> Self {
        let clock = ManualClock::default();
        let (first, first_manager) = deployment.app(0, settings, &clock);
        let (second, second_manager) = deployment.app(1, settings, &clock);
        Self {
            servers: [
                TestClient::serve(first, first_manager).await,
                TestClient::serve(second, second_manager).await,
            ],
            clock,
        }
    }

    /// A new browser in front of both instances, without cookies.
    #[must_use]
    pub fn browser(&self) -> Browser {
        Browser::new(&self.servers[0], &self.servers[1])
    }

    /// A new browser holding exactly these cookies, persistent ones.
    #[must_use]
    pub fn browser_with(&self, cookies: &[(&str, &str)]) -> Browser {
        let browser = self.browser();
        for (name, value) in cookies {
            browser.hold_cookie(name, value);
        }
        browser
    }
}
