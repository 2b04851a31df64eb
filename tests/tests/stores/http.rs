//! The shared login-state HTTP bodies (`tests::login_state`) on two instances sharing Redis, two
//! sharing PostgreSQL, and two sharing an SQLite file. `--nocapture` shows the figures.

use std::{future::Future, pin::Pin, sync::Arc};

use login_runtime::manager::DEFAULT_STORE_TIMEOUT;
use tests::login_state::{self as bodies, Deployment};
use tokio::sync::Mutex;

use crate::{
    deployments::{PostgresDeployment, RedisDeployment, SqliteDeployment},
    servers::{OwnRedis, unique_name},
};

const TRIALS: usize = 50;

/// Runs `body` on a fresh deployment of each backend (a key prefix, database or database file
/// of its own), as one test per backend.
macro_rules! on_every_backend {
    ($name:ident, |$deployment:ident, $backend:ident| $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn redis() {
                let Some(deployment) = RedisDeployment::new().await else {
                    return;
                };
                let ($deployment, $backend): (&dyn Deployment, &str) = (&deployment, "redis");
                $body;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(deployment) = PostgresDeployment::new().await else {
                    return;
                };
                {
                    let ($deployment, $backend): (&dyn Deployment, &str) =
                        (&deployment, "postgres");
                    $body;
                }
                deployment.drop_database().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let deployment = SqliteDeployment::new().await;
                let ($deployment, $backend): (&dyn Deployment, &str) = (&deployment, "sqlite");
                $body;
            }
        }
    };
}

on_every_backend!(parallel_restores_keep_the_cookie, |deployment, backend| {
    for k in [2, 4, 8] {
        let tally = bodies::parallel_restores_keep_the_cookie(deployment, k, TRIALS).await;
        println!("{backend}: {k} parallel restores, then the kept cookie: {tally:?}");
    }
});

on_every_backend!(racing_restores_then_logout, |deployment, backend| {
    for k in [2, 4] {
        let tally =
            bodies::racing_restores_then_logout_leave_no_survivor(deployment, k, TRIALS).await;
        println!("{backend}: {k} racing restores, then logout: {tally:?}");
    }
});

on_every_backend!(thief_restores_then_owner_logout, |deployment, backend| {
    let tally = bodies::thief_restores_then_owner_logout_leave_no_survivor(deployment, 20).await;
    println!("{backend}: 20 thief restores, then the owner's logout: {tally:?}");
});

on_every_backend!(a_late_save_after_revocation, |deployment, _backend| {
    bodies::a_late_save_after_revocation_stays_logged_out(deployment).await;
});

on_every_backend!(the_login_id_as_a_session_cookie, |deployment, _backend| {
    bodies::the_login_id_as_a_session_cookie_changes_nothing(deployment).await;
});

on_every_backend!(the_longest_durations, |deployment, _backend| {
    bodies::the_longest_durations_work(deployment).await;
});

on_every_backend!(devices_across_instances, |deployment, _backend| {
    bodies::devices_are_shared_across_instances(deployment).await;
});

/// The outage body on a Redis server of the test's own, with `outage` switching it.
async fn through_an_outage(
    name: &str,
    outage: impl Fn(&mut OwnRedis, bool) + Send + Sync + 'static,
) {
    let Some(redis) = OwnRedis::start().await else {
        return;
    };
    let deployment = RedisDeployment::at(&redis.url(), &format!("{}:", unique_name("t"))).await;
    let redis = Arc::new(Mutex::new(redis));
    let outage = Arc::new(outage);
    let switch = move |down: bool| {
        let (redis, outage) = (Arc::clone(&redis), Arc::clone(&outage));
        Box::pin(async move {
            let mut redis = redis.lock().await;
            outage(&mut redis, down);
            if !down {
                redis.wait_until_it_answers().await;
            }
        }) as Pin<Box<dyn Future<Output = ()> + Send>>
    };
    let answers =
        bodies::an_outage_answers_503_within_the_bound(&deployment, &switch, DEFAULT_STORE_TIMEOUT)
            .await;
    for answer in answers {
        println!("redis {name}: {answer:?}");
    }
}

/// The Redis server under both instances is killed, then started again on the same port with
/// the same data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_through_a_redis_outage() {
    through_an_outage(
        "killed",
        |redis, down| {
            if down { redis.stop() } else { redis.restart() }
        },
    )
    .await;
}

/// The Redis server under both instances freezes (connections open, no answers), then runs on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_through_a_frozen_redis() {
    through_an_outage(
        "frozen",
        |redis, down| {
            if down { redis.pause() } else { redis.unpause() }
        },
    )
    .await;
}
