//! What each backend keeps on its server: expired logins go away (Redis by key expiries, SQL by
//! the deletion task), and a record this version cannot read counts as absent.

use std::time::Duration;

use login_runtime::login_state::{
    Clock, LoginId, LoginState, LoginStore, RememberState, Rotation, SystemClock, Timestamp,
    TokenDigest,
};
use login_store_redis::fred::prelude::{HashesInterface, KeysInterface};
use login_store_sqlx::sqlx;

use crate::backends;

const HOUR: Duration = Duration::from_hours(1);
const HOUR_MILLIS: i64 = 3_600_000;

/// Asserts that `store` reads `login` as absent: no login, none of its user's, nothing to
/// rotate.
async fn assert_absent(store: &impl LoginStore, login: &LoginState, now: Timestamp) {
    assert_eq!(store.get(&login.id, now).await.expect("get"), None);
    assert_eq!(
        store.list_user(&login.user_id, now).await.expect("list"),
        []
    );
    let rotation = store
        .rotate_token(&login.id, &TokenDigest([1; 32]), &TokenDigest([2; 32]), now)
        .await
        .expect("rotate");
    assert_eq!(rotation, Rotation::Missing);
}

fn login(now: Timestamp, lifetime: Duration) -> LoginState {
    LoginState {
        id: LoginId::random(),
        user_id: format!("records-{}", LoginId::random().as_str()),
        created_at: now,
        last_used_at: now,
        expires_at: now.saturating_add(lifetime),
        user_agent: None,
        client_address: None,
        remember: Some(RememberState {
            token: TokenDigest([1; 32]),
            previous: None,
            rotated_at: now,
            seconds: lifetime.as_secs(),
        }),
        session_mac: None,
    }
}

/// Milliseconds until Redis deletes `key`.
async fn pttl(pool: &login_store_redis::fred::prelude::Pool, key: &str) -> i64 {
    pool.pttl(key).await.expect("PTTL")
}

#[tokio::test]
async fn redis_keys_expire_an_hour_after_their_login_and_move_with_it() {
    let Some((store, prefix, pool)) = backends::redis_store().await else {
        return;
    };
    let now = SystemClock.now();
    let login = login(now, HOUR);
    store.create(&login, None, now).await.expect("create");
    assert!(store.add_session(&login.id, "s1", now).await.expect("add"));
    let keys = [
        format!("{prefix}login:{}", login.id.as_str()),
        format!("{prefix}sessions:{}", login.id.as_str()),
        format!("{prefix}user:{}", login.user_id),
    ];
    let expected = 2 * HOUR_MILLIS;
    for key in &keys {
        let ttl = pttl(&pool, key).await;
        assert!(
            (expected - 10_000..=expected).contains(&ttl),
            "{key}: {ttl}"
        );
    }

    let later = now.saturating_add(3 * HOUR);
    assert!(
        store
            .touch(&login.id, now, later, now)
            .await
            .expect("touch")
    );
    let expected = 4 * HOUR_MILLIS;
    for key in &keys {
        let ttl = pttl(&pool, key).await;
        assert!(
            (expected - 10_000..=expected).contains(&ttl),
            "{key}: {ttl}"
        );
    }
    assert!(store.touch(&login.id, now, now, now).await.expect("touch"));
    assert!(
        pttl(&pool, &keys[0]).await > expected - 10_000,
        "never brought closer"
    );

    store.end(&login.id).await.expect("end");
    for key in &keys {
        assert_eq!(pttl(&pool, key).await, -2, "{key} is gone");
    }
}

#[tokio::test]
async fn redis_unreadable_records_are_absent_and_end_removes_them() {
    let Some((store, prefix, pool)) = backends::redis_store().await else {
        return;
    };
    let now = SystemClock.now();
    let login = login(now, HOUR);
    store.create(&login, None, now).await.expect("create");
    let key = format!("{prefix}login:{}", login.id.as_str());
    let () = pool
        .hset(&key, ("token", "not a digest"))
        .await
        .expect("damage the record");
    assert_absent(&store, &login, now).await;
    let () = pool
        .hset(&key, ("expires", "soon"))
        .await
        .expect("damage the record");
    let _: i64 = pool.hdel(&key, "user").await.expect("damage the record");
    assert!(!store.add_session(&login.id, "s", now).await.expect("add"));
    assert!(!store.touch(&login.id, now, now, now).await.expect("touch"));
    assert_eq!(store.end(&login.id).await.expect("end"), None);
    let exists: i64 = pool.exists(&key).await.expect("EXISTS");
    assert_eq!(exists, 0, "ended all the same");
}

#[tokio::test]
async fn postgres_deletion_removes_expired_logins_with_their_sessions() {
    let Some((store, schema, pool)) = backends::postgres_store().await else {
        return;
    };
    let now = SystemClock.now();
    let expired = login(now, Duration::from_millis(1));
    let live = login(now, HOUR);
    for login in [&expired, &live] {
        store.create(login, None, now).await.expect("create");
        assert!(store.add_session(&login.id, "s", now).await.expect("add"));
    }
    store
        .delete_expired(now.saturating_add(Duration::from_secs(1)))
        .await
        .expect("delete expired");
    let logins: Vec<String> = sqlx::query_scalar(&format!("select id from \"{schema}\".login"))
        .fetch_all(&pool)
        .await
        .expect("logins");
    assert_eq!(logins, [live.id.as_str()]);
    let sessions: Vec<String> =
        sqlx::query_scalar(&format!("select login_id from \"{schema}\".session"))
            .fetch_all(&pool)
            .await
            .expect("sessions");
    assert_eq!(sessions, [live.id.as_str()]);

    // The task does the same on its own.
    let soon = login(SystemClock.now(), Duration::from_millis(100));
    store.create(&soon, None, now).await.expect("create");
    let task = tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(Duration::from_millis(50)),
    );
    let count = format!("select count(*) from \"{schema}\".login where id = $1");
    let mut left = 1_i64;
    for _ in 0..100 {
        left = sqlx::query_scalar(&count)
            .bind(soon.id.as_str())
            .fetch_one(&pool)
            .await
            .expect("count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    assert_eq!(left, 0, "the task deleted the expired login");
}

#[tokio::test]
async fn postgres_unreadable_rows_are_absent_and_end_removes_them() {
    let Some((store, schema, pool)) = backends::postgres_store().await else {
        return;
    };
    let now = SystemClock.now();
    let login = login(now, HOUR);
    store.create(&login, None, now).await.expect("create");
    sqlx::query(&format!(
        "update \"{schema}\".login set token = '\\x00' where id = $1"
    ))
    .bind(login.id.as_str())
    .execute(&pool)
    .await
    .expect("damage the row");
    assert_absent(&store, &login, now).await;
    assert_eq!(store.end(&login.id).await.expect("end"), None);
    let left: i64 = sqlx::query_scalar(&format!("select count(*) from \"{schema}\".login"))
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0, "ended all the same");
}

#[tokio::test]
async fn sqlite_deletion_removes_expired_logins_with_their_sessions() {
    let (store, pool, _file) = backends::sqlite_store().await;
    let now = SystemClock.now();
    let expired = login(now, Duration::from_millis(1));
    let live = login(now, HOUR);
    for login in [&expired, &live] {
        store.create(login, None, now).await.expect("create");
        assert!(store.add_session(&login.id, "s", now).await.expect("add"));
    }
    store
        .delete_expired(now.saturating_add(Duration::from_secs(1)))
        .await
        .expect("delete expired");
    let logins: Vec<String> = sqlx::query_scalar("select id from login_state")
        .fetch_all(&pool)
        .await
        .expect("logins");
    assert_eq!(logins, [live.id.as_str()]);
    let sessions: Vec<String> = sqlx::query_scalar("select login_id from login_state_session")
        .fetch_all(&pool)
        .await
        .expect("sessions");
    assert_eq!(sessions, [live.id.as_str()]);
}
