//! The shared login-state bodies (`tests::login_state`) over the in-memory stores: two instances
//! sharing one `MemoryStore` and one `MemoryLoginStore`.

use std::{sync::Arc, time::Duration};

use axum::Router;
use examples::conformance::{self, Backends, Settings, User};
use login_runtime::{
    LoginManager,
    login_state::{LoginStore, ManualClock},
    tower_sessions::{MemoryStore, SessionStore},
};
use tests::login_state::{self as bodies, Deployment, HangingLoginStore, MemoryDeployment};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_restores_never_log_the_browser_out() {
    let deployment = MemoryDeployment::default();
    for k in [2, 4, 8] {
        let tally = bodies::parallel_restores_keep_the_cookie(&deployment, k, 50).await;
        println!("k = {k}: {tally:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_restores_then_logout_leave_no_session() {
    let deployment = MemoryDeployment::default();
    for k in [2, 4] {
        let tally = bodies::racing_restores_then_logout_leave_no_survivor(&deployment, k, 50).await;
        println!("k = {k}: {tally:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thief_restores_end_with_the_owners_logout() {
    let tally = bodies::thief_restores_then_owner_logout_leave_no_survivor(
        &MemoryDeployment::default(),
        20,
    )
    .await;
    println!("{tally:?}");
}

#[tokio::test]
async fn a_late_save_after_a_logout_stays_logged_out() {
    bodies::a_late_save_after_revocation_stays_logged_out(&MemoryDeployment::default()).await;
}

#[tokio::test]
async fn the_login_id_as_a_session_cookie_changes_nothing() {
    bodies::the_login_id_as_a_session_cookie_changes_nothing(&MemoryDeployment::default()).await;
}

#[tokio::test]
async fn the_longest_remember_durations_work() {
    bodies::the_longest_durations_work(&MemoryDeployment::default()).await;
}

/// Memory stores whose login store can hang, with a store timeout of 300 ms.
struct HangingDeployment {
    sessions: MemoryStore,
    logins: HangingLoginStore,
}

const BOUND: Duration = Duration::from_millis(300);

impl Deployment for HangingDeployment {
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
            store_timeout: Some(BOUND),
            max_logins_per_user: None,
        };
        conformance::app_and_manager_on(settings, &backends).expect("conformance app")
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(self.sessions.clone())
    }
}

#[tokio::test]
async fn a_hanging_login_store_answers_503_within_the_bound_and_recovers() {
    let deployment = HangingDeployment {
        sessions: MemoryStore::default(),
        logins: HangingLoginStore::default(),
    };
    let logins = deployment.logins.clone();
    let outage = move |down: bool| {
        logins.hang(down);
        Box::pin(async {}) as _
    };
    let answers = bodies::an_outage_answers_503_within_the_bound(&deployment, &outage, BOUND).await;
    println!("{answers:#?}");
}

#[tokio::test]
async fn devices_are_shared_across_instances() {
    bodies::devices_are_shared_across_instances(&MemoryDeployment::default()).await;
}
