//! The shared login-state HTTP bodies' `Deployment` on Redis, PostgreSQL and SQLite: two
//! instances, each with pools of its own, set up as `examples::several_instances` (the README)
//! sets them up.

use std::sync::Arc;

use async_trait::async_trait;
use axum::Router;
use examples::{
    conformance::{self, Backends, Settings, User},
    several_instances,
};
use login_runtime::{
    LoginManager,
    login_state::{LoginStore, ManualClock},
    tower_sessions::{
        SessionStore,
        session::{Id, Record},
        session_store,
    },
};
use login_store_redis::{RedisLoginStore, fred::prelude::Pool};
use login_store_sqlx::{
    PostgresLoginStore, SqliteLoginStore,
    sqlx::{self, PgPool},
};
use tests::login_state::Deployment;
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::{
    backends::{self, TempFile},
    servers::{DATABASE_URL, server_var, unique_name},
};

/// Two instances' stores on one Redis server, the login store under a key prefix of its own.
pub struct RedisDeployment {
    sessions: [RedisStore<Pool>; 2],
    logins: [RedisLoginStore; 2],
}

impl RedisDeployment {
    /// On the shared Redis server; `None` without one.
    pub async fn new() -> Option<Self> {
        let (url, prefix) = backends::redis_target()?;
        Some(Self::at(&url, &prefix).await)
    }

    /// On the Redis server at `url`, under `prefix`.
    pub async fn at(url: &str, prefix: &str) -> Self {
        let pools = [
            backends::redis_pool(url).await,
            backends::redis_pool(url).await,
        ];
        let [a, b] = pools.map(|pool| several_instances::redis_stores(&pool));
        Self {
            sessions: [a.0, b.0],
            logins: [a.1.with_prefix(prefix), b.1.with_prefix(prefix)],
        }
    }
}

impl Deployment for RedisDeployment {
    fn app(
        &self,
        instance: usize,
        settings: &Settings,
        clock: &ManualClock,
    ) -> (Router, LoginManager<User>) {
        app(
            settings,
            self.sessions[instance].clone(),
            Arc::new(self.logins[instance].clone()),
            clock,
        )
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(Resurrecting(self.sessions[0].clone()))
    }
}

/// Two instances' stores in a database of their own on the PostgreSQL server.
pub struct PostgresDeployment {
    sessions: [PostgresStore; 2],
    logins: [PostgresLoginStore; 2],
    admin: PgPool,
    database: String,
}

impl PostgresDeployment {
    /// In a new database of the shared server, migrated by both instances at once as
    /// `several_instances::postgres_stores` does; `None` without a server.
    pub async fn new() -> Option<Self> {
        let url = server_var(DATABASE_URL)?;
        let admin = backends::postgres_pool(&url);
        let database = unique_name("login_test");
        sqlx::query(&format!("create database {database}"))
            .execute(&admin)
            .await
            .expect("create the test's database");
        let (server, _) = url.rsplit_once('/').expect("a database URL");
        let url = format!("{server}/{database}");
        let pools = [backends::postgres_pool(&url), backends::postgres_pool(&url)];
        let (a, b) = tokio::join!(
            several_instances::postgres_stores(&pools[0]),
            several_instances::postgres_stores(&pools[1]),
        );
        let (a, b) = (a.expect("stores"), b.expect("stores"));
        Some(Self {
            sessions: [a.0, b.0],
            logins: [a.1, b.1],
            admin,
            database,
        })
    }

    /// Drops the test's database.
    pub async fn drop_database(self) {
        sqlx::query(&format!("drop database {} with (force)", self.database))
            .execute(&self.admin)
            .await
            .expect("drop the test's database");
    }
}

impl Deployment for PostgresDeployment {
    fn app(
        &self,
        instance: usize,
        settings: &Settings,
        clock: &ManualClock,
    ) -> (Router, LoginManager<User>) {
        app(
            settings,
            self.sessions[instance].clone(),
            Arc::new(self.logins[instance].clone()),
            clock,
        )
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(self.sessions[0].clone())
    }
}

/// Two instances' stores in an SQLite database file of their own, each with a pool of its own
/// (as two processes on one machine have).
pub struct SqliteDeployment {
    sessions: [SqliteStore; 2],
    logins: [SqliteLoginStore; 2],
    _file: TempFile,
}

impl SqliteDeployment {
    pub async fn new() -> Self {
        let file = TempFile::new();
        let mut sessions = Vec::new();
        let mut logins = Vec::new();
        for _ in 0..2 {
            let pool = backends::sqlite_pool(&file).await;
            let session_store = SqliteStore::new(pool.clone());
            session_store.migrate().await.expect("migrate sessions");
            let login_store = SqliteLoginStore::new(pool);
            login_store.migrate().await.expect("migrate logins");
            sessions.push(session_store);
            logins.push(login_store);
        }
        Self {
            sessions: [sessions[0].clone(), sessions[1].clone()],
            logins: [logins[0].clone(), logins[1].clone()],
            _file: file,
        }
    }
}

impl Deployment for SqliteDeployment {
    fn app(
        &self,
        instance: usize,
        settings: &Settings,
        clock: &ManualClock,
    ) -> (Router, LoginManager<User>) {
        app(
            settings,
            self.sessions[instance].clone(),
            Arc::new(self.logins[instance].clone()),
            clock,
        )
    }

    fn sessions(&self) -> Arc<dyn SessionStore> {
        Arc::new(self.sessions[0].clone())
    }
}

fn app<S: SessionStore + Clone>(
    settings: &Settings,
    sessions: S,
    logins: Arc<dyn LoginStore>,
    clock: &ManualClock,
) -> (Router, LoginManager<User>) {
    let backends = Backends {
        sessions,
        logins,
        clock: Arc::new(clock.clone()),
        store_timeout: None,
        max_logins_per_user: None,
    };
    conformance::app_and_manager_on(settings, &backends).expect("conformance app")
}

/// A session store whose `save` writes the record even when it was deleted meanwhile: the worst
/// an in-flight request could do. (`RedisStore::save` only overwrites an existing key, and
/// fails on a deleted one.)
#[derive(Debug, Clone)]
struct Resurrecting<S>(S);

#[async_trait]
impl<S: SessionStore> SessionStore for Resurrecting<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.0.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        if self.0.load(&record.id).await?.is_some() {
            return self.0.save(record).await;
        }
        let mut copy = record.clone();
        self.0.create(&mut copy).await?;
        assert_eq!(copy.id, record.id, "written back under its own id");
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.0.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.delete(id).await
    }
}
