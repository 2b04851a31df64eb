//! The Redis login-state store for `login-runtime`: remember series, the sessions each login
//! produced and revocations, shared by every instance of an app.
//!
//! It runs on the [fred] client that `tower-sessions-redis-store` uses, so one pool serves the
//! sessions and the login state. Give the pool a command timeout and a reconnect policy: a Redis
//! outage then fails requests within the timeout instead of hanging them, and the pool
//! reconnects by itself when Redis is back.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use fred::prelude::{Builder, ClientLike, Config, ReconnectPolicy};
//! use login_store_redis::RedisLoginStore;
//!
//! # async fn run() -> Result<(), fred::error::Error> {
//! let pool = Builder::from_config(Config::from_url("redis://127.0.0.1:6379")?)
//!     .with_performance_config(|performance| {
//!         performance.default_command_timeout = Duration::from_secs(2);
//!     })
//!     .with_connection_config(|connection| {
//!         connection.connection_timeout = Duration::from_secs(2);
//!         connection.internal_command_timeout = Duration::from_secs(2);
//!         connection.max_command_attempts = 1;
//!     })
//!     .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
//!     .build_pool(4)?;
//! pool.init().await?;
//! let login_store = RedisLoginStore::new(pool.clone());
//! // let session_store = tower_sessions_redis_store::RedisStore::new(pool);
//! # let _ = login_store;
//! # Ok(())
//! # }
//! ```
//!
//! Requires Redis 7 or later (or Valkey).

mod fields;
mod scripts;
mod store;

pub use fred;
pub use store::{DEFAULT_PREFIX, RedisLoginStore};
