//! Redis going away and coming back, under the pool settings the README recommends.

use std::time::{Duration, Instant};

use login_runtime::login_state::{Clock, LoginId, LoginState, LoginStore, SystemClock};
use login_store_redis::RedisLoginStore;

use crate::{backends, servers::OwnRedis};

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
    eprintln!(
        "redis outage: slowest failed call {slowest:?}, recovered {:?} after the restart",
        started.elapsed()
    );
}
