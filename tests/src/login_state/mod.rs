//! HTTP test bodies for the login state, run against any login store and session store.
//!
//! Each body starts two instances of the conformance app over one [`Deployment`] (two routers
//! on two ports of 127.0.0.1 sharing the deployment's stores), drives them like browsers, and
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
//! use examples::conformance::{self, Backends, Settings};
//! use login_runtime::{login_state::{LoginStore, ManualClock, MemoryLoginStore}, tower_sessions::{MemoryStore, SessionStore}};
//! use tests::login_state::{self as bodies, Deployment};
//!
//! /// Stand-ins for a Redis session store and login store, one pair per instance.
//! struct MyDeployment {
//!     sessions: [MemoryStore; 2],
//!     logins: [Arc<dyn LoginStore>; 2],
//! }
//!
//! impl Deployment for MyDeployment {
//!     fn app(&self, instance: usize, settings: &Settings, clock: &ManualClock) -> Router {
//!         let backends = Backends {
//!             sessions: self.sessions[instance].clone(),
//!             logins: Arc::clone(&self.logins[instance]),
//!             clock: Arc::new(clock.clone()),
//!             store_timeout: None,
//!             max_logins_per_user: None,
//!         };
//!         conformance::app_on(settings, &backends).expect("app")
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
mod client;
mod hanging;

use std::sync::Arc;

use axum::Router;
use examples::conformance::{self, Backends, Settings};
use login_runtime::{
    login_state::{LoginStore, ManualClock, MemoryLoginStore},
    tower_sessions::{MemoryStore, SessionStore},
};
use tokio::net::TcpListener;

pub use bodies::*;
pub use client::{Client, Reply};
pub use hanging::HangingLoginStore;

/// Where the instances of an app keep their state: what a backend's tests provide.
pub trait Deployment: Send + Sync {
    /// Instance `instance` (0 or 1) of the conformance app with `settings`, over the shared
    /// stores, its login manager reading the time from `clock`
    /// (`Backends { clock: Arc::new(clock.clone()), .. }`). Give each instance its own
    /// connections (pools) where the backend has them.
    fn app(&self, instance: usize, settings: &Settings, clock: &ManualClock) -> Router;

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
    fn app(&self, _instance: usize, settings: &Settings, clock: &ManualClock) -> Router {
        let backends = Backends {
            sessions: self.sessions.clone(),
            logins: Arc::new(self.logins.clone()) as Arc<dyn LoginStore>,
            clock: Arc::new(clock.clone()),
            store_timeout: None,
            max_logins_per_user: None,
        };
        conformance::app_on(settings, &backends).expect("conformance app")
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(self.sessions.clone())
    }
}

/// Two running instances of one deployment and their clock.
#[derive(Debug)]
pub struct Instances {
    /// `http://127.0.0.1:<port>` of each instance.
    pub bases: [String; 2],
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
        let mut bases = Vec::new();
        for instance in 0..2 {
            let app = deployment.app(instance, settings, &clock);
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            bases.push(format!(
                "http://{}",
                listener.local_addr().expect("address")
            ));
            tokio::spawn(async move {
                axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
                )
                .await
            });
        }
        Self {
            bases: [bases[0].clone(), bases[1].clone()],
            clock,
        }
    }

    /// The base URL of instance `n % 2`.
    #[must_use]
    pub fn base(&self, n: usize) -> &str {
        &self.bases[n % 2]
    }
}
