//! The stores of an app served by several instances: sessions and login state in one Redis or
//! one PostgreSQL, through a pool that gives up on a call after 2 s while the server is away and
//! reconnects by itself when it is back.

use std::{error::Error, time::Duration};

use login_runtime::tower_sessions::session_store::ExpiredDeletion;
use login_store_redis::{
    RedisLoginStore,
    fred::prelude::{Builder, ClientLike, Config, Pool, ReconnectPolicy},
};
use login_store_sqlx::{
    PostgresLoginStore,
    sqlx::postgres::{PgPool, PgPoolOptions},
};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::PostgresStore;

/// The longest a store call may take: while a server is away, requests that need it fail after
/// this (guarded routes answer 503) instead of hanging.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);

/// Any error, for the set-up functions below.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// One Redis pool for both stores.
///
/// # Errors
///
/// When the URL is malformed or Redis cannot be reached.
pub async fn redis_pool(url: &str) -> Result<Pool, BoxError> {
    let pool = Builder::from_config(Config::from_url(url)?)
        .with_performance_config(|performance| {
            // Without it, a command waits for a server that is gone for ever.
            performance.default_command_timeout = COMMAND_TIMEOUT;
        })
        .with_connection_config(|connection| {
            connection.connection_timeout = COMMAND_TIMEOUT;
            connection.internal_command_timeout = COMMAND_TIMEOUT;
            // A command cut off by the outage fails, rather than waiting to be sent again.
            connection.max_command_attempts = 1;
        })
        // Without a policy, a lost connection stays lost: reconnect for ever, every 2 s at most.
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
        .build_pool(8)?;
    pool.init().await?;
    Ok(pool)
}

/// The session store and the login store on Redis. Expired records need no task: Redis deletes
/// them.
#[must_use]
pub fn redis_stores(pool: &Pool) -> (RedisStore<Pool>, RedisLoginStore) {
    (
        RedisStore::new(pool.clone()),
        RedisLoginStore::new(pool.clone()),
    )
}

/// One PostgreSQL pool for both stores.
///
/// # Errors
///
/// When the URL is malformed.
pub fn postgres_pool(url: &str) -> Result<PgPool, BoxError> {
    Ok(PgPoolOptions::new()
        .max_connections(16)
        // While the database is away, a request waits at most this long for a connection...
        .acquire_timeout(COMMAND_TIMEOUT)
        // ...and a connection broken by the outage is replaced rather than used.
        .test_before_acquire(true)
        .connect_lazy(url)?)
}

/// The session store and the login store on PostgreSQL, their tables created or brought up to
/// date, and the tasks that delete their expired records started.
///
/// # Errors
///
/// When the database cannot be reached or refuses the migrations.
pub async fn postgres_stores(
    pool: &PgPool,
) -> Result<(PostgresStore, PostgresLoginStore), BoxError> {
    let sessions = PostgresStore::new(pool.clone());
    sessions.migrate().await?;
    let logins = PostgresLoginStore::new(pool.clone());
    logins.migrate().await?;
    let every_minute = Duration::from_mins(1);
    tokio::spawn(logins.clone().continuously_delete_expired(every_minute));
    let session_task = sessions.clone();
    tokio::spawn(async move {
        // tower-sessions' task ends at its first failure, such as an outage: start it again.
        loop {
            let _ = session_task
                .clone()
                .continuously_delete_expired(every_minute)
                .await;
            tokio::time::sleep(every_minute).await;
        }
    });
    Ok((sessions, logins))
}
