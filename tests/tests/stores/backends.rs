//! Each shipped backend set up as an app would set it up, on a keyspace of the test's own.

use std::{path::PathBuf, sync::Arc};

use examples::several_instances;
use login_runtime::login_state::LoginStore;
use login_store_redis::{RedisLoginStore, fred::prelude::Pool};

use login_store_sqlx::{
    PostgresLoginStore, SqliteLoginStore,
    sqlx::{
        PgPool, SqlitePool,
        sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions},
    },
};

use crate::servers::{DATABASE_URL, REDIS_URL, server_var, unique_name};

/// A Redis pool with the README's settings: bounded commands, and reconnection after an
/// outage.
pub async fn redis_pool(url: &str) -> Pool {
    several_instances::redis_pool(url)
        .await
        .expect("connect to redis")
}

/// The shared Redis server's URL and a key prefix no other test uses; `None` without a server.
pub fn redis_target() -> Option<(String, String)> {
    let url = server_var(REDIS_URL)?;
    Some((url, format!("{}:", unique_name("login_test"))))
}

/// Two handles on one Redis login store, each with a pool of its own (as two instances have);
/// `None` without a server.
pub async fn redis_pair() -> Option<(Arc<dyn LoginStore>, Arc<dyn LoginStore>)> {
    let (url, prefix) = redis_target()?;
    let a = RedisLoginStore::new(redis_pool(&url).await).with_prefix(prefix.clone());
    let b = RedisLoginStore::new(redis_pool(&url).await).with_prefix(prefix);
    Some((Arc::new(a), Arc::new(b)))
}

/// A Redis login store under a prefix of its own, the prefix, and its pool for looking at the
/// keys; `None` without a server.
pub async fn redis_store() -> Option<(RedisLoginStore, String, Pool)> {
    let (url, prefix) = redis_target()?;
    let pool = redis_pool(&url).await;
    Some((
        RedisLoginStore::new(pool.clone()).with_prefix(prefix.clone()),
        prefix,
        pool,
    ))
}

/// A PostgreSQL pool with the README's settings: bounded waits for a connection, and broken
/// connections replaced after an outage.
pub fn postgres_pool(url: &str) -> PgPool {
    several_instances::postgres_pool(url).expect("postgres URL")
}

/// The shared PostgreSQL database's URL and a schema no other test uses; `None` without a
/// server.
pub fn postgres_target() -> Option<(String, String)> {
    let url = server_var(DATABASE_URL)?;
    Some((url, unique_name("login_test")))
}

/// A migrated PostgreSQL login store in a schema of its own, the schema, and the pool; `None`
/// without a server.
pub async fn postgres_store() -> Option<(PostgresLoginStore, String, PgPool)> {
    let (url, schema) = postgres_target()?;
    let pool = postgres_pool(&url);
    let store = PostgresLoginStore::new(pool.clone())
        .with_schema_name(&schema)
        .expect("schema name");
    store.migrate().await.expect("migrate");
    Some((store, schema, pool))
}

/// Two handles on one PostgreSQL login store in a schema of the test's own, each with a pool of
/// its own; `None` without a server.
pub async fn postgres_pair() -> Option<(Arc<dyn LoginStore>, Arc<dyn LoginStore>)> {
    let (url, schema) = postgres_target()?;
    let store = |pool| {
        PostgresLoginStore::new(pool)
            .with_schema_name(&schema)
            .expect("schema name")
    };
    let a = store(postgres_pool(&url));
    let b = store(postgres_pool(&url));
    // Both migrate, as two instances starting together do.
    let (first, second) = tokio::join!(a.migrate(), b.migrate());
    first.expect("migrate");
    second.expect("migrate");
    Some((Arc::new(a), Arc::new(b)))
}

/// A pool on a new SQLite database file of the test's own, deleted with the returned guard.
pub async fn sqlite_pool(file: &TempFile) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(&file.0)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .expect("open sqlite")
}

/// A migrated SQLite login store in a database file of its own, and its pool.
pub async fn sqlite_store() -> (SqliteLoginStore, SqlitePool, TempFile) {
    let file = TempFile::new();
    let pool = sqlite_pool(&file).await;
    let store = SqliteLoginStore::new(pool.clone());
    store.migrate().await.expect("migrate");
    (store, pool, file)
}

/// Two handles on one SQLite login store in a database file of the test's own, each with a
/// pool of its own (as two processes on one machine have).
pub async fn sqlite_pair() -> (Arc<dyn LoginStore>, Arc<dyn LoginStore>, TempFile) {
    let (a, _, file) = sqlite_store().await;
    let b = SqliteLoginStore::new(sqlite_pool(&file).await);
    b.migrate().await.expect("migrate again");
    (Arc::new(a), Arc::new(b), file)
}

/// A file deleted when dropped, with its SQLite companions.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new() -> Self {
        Self(std::env::temp_dir().join(format!("{}.sqlite", unique_name("login_test"))))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}
