//! The PostgreSQL and SQLite login-state stores for `login-runtime`: remember series, the
//! sessions each login produced and revocations, on [sqlx], the driver
//! `tower-sessions-sqlx-store` uses, so one pool serves the sessions and the login state.
//!
//! Turn on the feature of your database (`postgres`, `sqlite`), run the store's `migrate` at
//! start-up, and spawn its `continuously_delete_expired` task, which removes expired logins:
//!
//! ```no_run
//! # #[cfg(feature = "postgres")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//!
//! use login_store_sqlx::PostgresLoginStore;
//! use sqlx::postgres::PgPoolOptions;
//!
//! let pool = PgPoolOptions::new()
//!     .max_connections(16)
//!     // A request waits at most this long for a connection during an outage...
//!     .acquire_timeout(Duration::from_secs(2))
//!     // ...and connections broken by it are replaced when the database is back.
//!     .test_before_acquire(true)
//!     .connect_lazy("postgres://app@127.0.0.1/app")?;
//! let login_store = PostgresLoginStore::new(pool.clone());
//! login_store.migrate().await?;
//! tokio::spawn(login_store.clone().continuously_delete_expired(Duration::from_secs(60)));
//! // let session_store = tower_sessions_sqlx_store::PostgresStore::new(pool);
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "postgres")]
mod identifier;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "postgres", feature = "sqlite"))]
mod row;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "postgres")]
pub use postgres::{DEFAULT_SCHEMA, PostgresLoginStore};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteLoginStore;
pub use sqlx;
