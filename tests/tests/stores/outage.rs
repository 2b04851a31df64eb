//! Redis going away and coming back, under the pool settings the README recommends.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use http::header::SET_COOKIE;
use login_runtime::login_state::{Clock, LoginId, LoginState, LoginStore, SystemClock};
use login_store_redis::RedisLoginStore;
use tokio::task::JoinSet;

use examples::conformance::Settings;
use tests::login_state::Instances;

use crate::{
    backends,
    deployments::RedisDeployment,
    servers::{OwnRedis, unique_name},
};

/// The pool's command timeout is 2 s; a call may also wait for one reconnection attempt.
const BOUND: Duration = Duration::from_secs(3);

#[tokio::test]
async fn store_calls_fail_within_the_bound_while_redis_is_down_and_work_again_after() {
    let Some(mut redis) = OwnRedis::start().await else {
        return;
    };
    let store = RedisLoginStore::new(backends::redis_pool(&redis.url()).await);
    let now = SystemClock.now();
    let login = LoginState {
        id: LoginId::random(),
        user_id: "outage".to_owned(),
        created_at: now,
        last_used_at: now,
        expires_at: now.saturating_add(Duration::from_hours(1)),
        user_agent: None,
        client_address: None,
        remember: None,
        session_mac: None,
    };
    store.create(&login, None, now).await.expect("create");

    redis.stop();
    let mut slowest = Duration::ZERO;
    for _ in 0..3 {
        let started = Instant::now();
        let result = store.get(&login.id, now).await;
        slowest = slowest.max(started.elapsed());
        assert!(result.is_err(), "no answer without a server: {result:?}");
    }
    assert!(slowest < BOUND, "a call took {slowest:?}");

    redis.resume().await;
    let started = Instant::now();
    let back = loop {
        if let Ok(found) = store.get(&login.id, now).await {
            break found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the pool never reconnected"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        back,
        Some(login),
        "the same pool works again, with the data kept"
    );
    println!(
        "redis outage: slowest failed call {slowest:?}, recovered {:?} after the restart",
        started.elapsed()
    );
}

/// One answer seen while Redis was down.
#[derive(Debug)]
struct Probe {
    who: &'static str,
    path: &'static str,
    status: u16,
    body: String,
    elapsed: Duration,
    /// Whether the answer deleted a cookie (a logout would).
    deleted_cookie: bool,
}

/// How long Redis stays down.
const OUTAGE: Duration = Duration::from_secs(5);

/// The runtime's default store timeout plus room for a loaded machine.
const HTTP_BOUND: Duration = Duration::from_secs(4);

/// Redis stops for 5 s under two instances with two logged-in users and a visitor, each sending
/// requests to both instances every 250 ms: every answer comes within the bound; guarded routes
/// answer 503 (never a redirect or a 401 that looks like a logout, never another user); `/`
/// answers as usual; `/username`, which only asks whether there is a user, answers as for a
/// visitor; no answer deletes a cookie. When Redis is back, the same browsers are logged in
/// again on both instances without restarting anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_under_load_answer_within_the_bound_while_redis_is_down_and_recover() {
    let Some(mut redis) = OwnRedis::start().await else {
        return;
    };
    let deployment = RedisDeployment::at(&redis.url(), &format!("{}:", unique_name("t"))).await;
    let instances = Instances::start(&deployment, &Settings::default()).await;
    let notch = Arc::new(instances.browser());
    assert_eq!(notch.text(0, "/login/1?remember=1").await, "True");
    let steve = Arc::new(instances.browser());
    assert_eq!(steve.text(1, "/login/2").await, "True");
    let visitor = Arc::new(instances.browser());
    let users = [("Notch", &notch), ("Steve", &steve), ("visitor", &visitor)];

    redis.stop();
    let stopped = Instant::now();
    let mut probes = JoinSet::new();
    let mut round = 0;
    while stopped.elapsed() < OUTAGE {
        for (who, browser) in users {
            for path in ["/", "/protected", "/username"] {
                let browser = Arc::clone(browser);
                probes.spawn(async move {
                    let started = Instant::now();
                    let reply = browser.get(round, path).await;
                    Probe {
                        who,
                        path,
                        status: reply.status.as_u16(),
                        elapsed: started.elapsed(),
                        deleted_cookie: reply
                            .headers
                            .get_all(SET_COOKIE)
                            .iter()
                            .filter_map(|cookie| cookie.to_str().ok())
                            .any(|cookie| {
                                cookie.split(';').next().is_some_and(|p| p.ends_with('='))
                            }),
                        body: reply.text,
                    }
                });
            }
        }
        round += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Only the answers to requests sent while Redis was down.
    let probes = probes.join_all().await;
    redis.resume().await;
    let resumed = Instant::now();

    for (name, browser) in [("Notch", &notch), ("Steve", &steve)] {
        for n in 0..2 {
            loop {
                let reply = browser.get(n, "/protected").await;
                if reply.status.is_success() {
                    assert_eq!(reply.text, "Access Granted");
                    break;
                }
                assert!(
                    resumed.elapsed() < Duration::from_secs(20),
                    "no recovery: {reply:?}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert_eq!(browser.text(n, "/username").await, name);
        }
    }
    report(&probes, resumed.elapsed());
    for probe in &probes {
        assert!(probe.elapsed < HTTP_BOUND, "too slow: {probe:?}");
        assert!(!probe.deleted_cookie, "a logout: {probe:?}");
        match (probe.path, probe.who) {
            ("/", _) => assert_eq!((probe.status, probe.body.as_str()), (200, "Welcome!")),
            ("/protected", "visitor") => assert_eq!(probe.status, 401, "{probe:?}"),
            ("/protected", _) => assert_eq!(probe.status, 503, "{probe:?}"),
            (_, _) => assert_eq!((probe.status, probe.body.as_str()), (200, "Anonymous")),
        }
    }
}

fn report(probes: &[Probe], recovered: Duration) {
    let mut kinds: Vec<(&str, &str, u16)> = probes
        .iter()
        .map(|probe| (probe.who, probe.path, probe.status))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for (who, path, status) in kinds {
        let mut latencies: Vec<Duration> = probes
            .iter()
            .filter(|p| (p.who, p.path, p.status) == (who, path, status))
            .map(|p| p.elapsed)
            .collect();
        latencies.sort_unstable();
        println!(
            "redis down: {who} {path}: {} x {status}, median {:?}, max {:?}",
            latencies.len(),
            latencies[latencies.len() / 2],
            latencies[latencies.len() - 1],
        );
    }
    println!("redis back: both users logged in again on both instances after {recovered:?}");
}
