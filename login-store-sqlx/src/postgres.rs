//! [`PostgresLoginStore`]: the login-state store on PostgreSQL.

use std::{num::NonZeroUsize, time::Duration};

use login_runtime::login_state::{
    Clock, EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, RememberState, Rotation,
    SystemClock, Timestamp, TokenDigest,
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::{
    identifier::valid_identifier,
    row::{self, COLUMNS, Row, Values, backend},
};

/// The default schema of the store's tables.
pub const DEFAULT_SCHEMA: &str = "login_state";

/// The schema changes of the store, in order; `{schema}` stands for the quoted schema name.
/// [`PostgresLoginStore::migrate`] applies those not applied yet.
const MIGRATIONS: &[&str] = &[r#"
    create table {schema}.login (
        id text primary key,
        user_id text not null,
        created_at bigint not null,
        last_used_at bigint not null,
        expires_at bigint not null,
        user_agent text,
        client_address text,
        token bytea,
        previous_token bytea,
        rotated_at bigint,
        remember_seconds bigint,
        session_mac text
    );
    create index login_user_created on {schema}.login (user_id, created_at, id collate "C");
    create index login_expires on {schema}.login (expires_at);
    create table {schema}.session (
        login_id text not null,
        session_id text not null,
        primary key (login_id, session_id)
    );
"#];

/// The login-state store on PostgreSQL 11 or later, on the sqlx pool that
/// `tower-sessions-sqlx-store`'s `PostgresStore` uses: one [`PgPool`] can serve both.
///
/// Logins live in the tables `login` and `session` of a schema of their own
/// ([`DEFAULT_SCHEMA`], or [`with_schema_name`](Self::with_schema_name)); create them with
/// [`migrate`](Self::migrate) at start-up. Each operation is one statement or one transaction;
/// the ones that decide on what they read lock the rows they read, so they are atomic across
/// every instance sharing the database.
///
/// Expired logins stay in the table (every read ignores them) until
/// [`delete_expired`](Self::delete_expired) removes them: run
/// [`continuously_delete_expired`](Self::continuously_delete_expired) in a task.
///
/// Calls are bounded by the pool's `acquire_timeout` and the runtime's own timeout; see the
/// crate documentation for pool settings that recover from an outage.
#[derive(Debug, Clone)]
pub struct PostgresLoginStore {
    pool: PgPool,
    schema: String,
}

impl PostgresLoginStore {
    /// A store on `pool`, in the schema [`DEFAULT_SCHEMA`].
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            schema: DEFAULT_SCHEMA.to_owned(),
        }
    }

    /// Keeps the tables in `schema` instead.
    ///
    /// # Errors
    ///
    /// When `schema` is not a plain SQL identifier (a letter or `_`, then letters, digits, `_`
    /// or `$`).
    pub fn with_schema_name(mut self, schema: impl Into<String>) -> Result<Self, String> {
        let schema = schema.into();
        if !valid_identifier(&schema) {
            return Err(format!("invalid schema name {schema:?}"));
        }
        self.schema = schema;
        Ok(self)
    }

    /// Creates the schema and tables, or brings them up to date. Safe to run from several
    /// instances at once, and at every start.
    ///
    /// # Errors
    ///
    /// When the database cannot be reached or refuses the statements.
    pub async fn migrate(&self) -> Result<(), LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // One migration at a time, from any instance; the lock ends with the transaction.
        sqlx::query("select pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("login-state migrations {}", self.schema))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::raw_sql(&self.sql(
            "create schema if not exists {schema};
             create table if not exists {schema}.migration (version integer primary key);",
        ))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let applied: i64 = sqlx::query_scalar(&self.sql("select count(*) from {schema}.migration"))
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        for (version, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
            sqlx::raw_sql(&self.sql(migration))
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            sqlx::query(&self.sql("insert into {schema}.migration (version) values ($1)"))
                .bind(i32::try_from(version + 1).unwrap_or(i32::MAX))
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    /// Deletes the logins that expired at `now`, with their session sets.
    ///
    /// # Errors
    ///
    /// When the database cannot be reached.
    pub async fn delete_expired(&self, now: Timestamp) -> Result<(), LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let ended: Vec<String> = sqlx::query_scalar(
            &self.sql("delete from {schema}.login where expires_at <= $1 returning id"),
        )
        .bind(now.unix_millis())
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query(&self.sql("delete from {schema}.session where login_id = any($1)"))
            .bind(&ended)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    /// Runs [`delete_expired`](Self::delete_expired) every `period`, for ever; a failure is
    /// logged and retried at the next period. Spawn it once per app instance:
    ///
    /// ```no_run
    /// # async fn run(store: login_store_sqlx::PostgresLoginStore) {
    /// tokio::spawn(store.clone().continuously_delete_expired(std::time::Duration::from_secs(60)));
    /// # }
    /// ```
    pub async fn continuously_delete_expired(self, period: Duration) {
        let mut interval = tokio::time::interval(period);
        loop {
            interval.tick().await;
            if let Err(error) = self.delete_expired(SystemClock.now()).await {
                tracing::warn!(%error, "deleting expired logins failed; retrying later");
            }
        }
    }

    /// `template` with `{schema}` replaced by the quoted schema name.
    fn sql(&self, template: &str) -> String {
        template.replace("{schema}", &format!("\"{}\"", self.schema))
    }

    /// Serializes the calls that read or change all of one user's logins.
    async fn lock_user(
        &self,
        tx: &mut Transaction<'static, Postgres>,
        user_id: &str,
    ) -> Result<(), LoginStoreError> {
        sqlx::query("select pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("login-state user {} {user_id}", self.schema))
            .execute(&mut **tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Deletes the logins `ids` and their session sets, returning them.
    async fn end_all(
        &self,
        conn: &mut PgConnection,
        ids: &[String],
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let rows: Vec<Row> = sqlx::query_as(&self.sql(&format!(
            "delete from {{schema}}.login where id = any($1) returning {COLUMNS}"
        )))
        .bind(ids)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        // A separate statement, so it sees the sessions that adds holding a lock on the rows
        // just deleted committed meanwhile.
        let sessions: Vec<(String, String)> = sqlx::query_as(&self.sql(
            "delete from {schema}.session where login_id = any($1) returning login_id, session_id",
        ))
        .bind(ids)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        Ok(row::ended(rows, sessions))
    }
}

#[async_trait::async_trait]
impl LoginStore for PostgresLoginStore {
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.lock_user(&mut tx, &login.user_id).await?;
        let values = Values::from(login);
        sqlx::query(&self.sql(&format!(
            "insert into {{schema}}.login ({COLUMNS})
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        )))
        .bind(values.id)
        .bind(values.user_id)
        .bind(values.created_at)
        .bind(values.last_used_at)
        .bind(values.expires_at)
        .bind(values.user_agent)
        .bind(values.client_address)
        .bind(values.token)
        .bind(values.previous_token)
        .bind(values.rotated_at)
        .bind(values.remember_seconds)
        .bind(values.session_mac)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let mut ended = Vec::new();
        if let Some(limit) = limit {
            let others: Vec<String> = sqlx::query_scalar(&self.sql(
                r#"select id from {schema}.login
                   where user_id = $1 and expires_at > $2 and id <> $3
                   order by created_at, id collate "C""#,
            ))
            .bind(&login.user_id)
            .bind(now.unix_millis())
            .bind(login.id.as_str())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            let excess = (others.len() + 1).saturating_sub(limit.get());
            if excess > 0 {
                ended = self.end_all(&mut tx, &others[..excess]).await?;
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(ended)
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        let row: Option<Row> = sqlx::query_as(&self.sql(&format!(
            "select {COLUMNS} from {{schema}}.login where id = $1 and expires_at > $2"
        )))
        .bind(id.as_str())
        .bind(now.unix_millis())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.and_then(row::readable))
    }

    async fn list_user(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Vec<LoginState>, LoginStoreError> {
        let rows: Vec<Row> = sqlx::query_as(&self.sql(&format!(
            r#"select {COLUMNS} from {{schema}}.login
               where user_id = $1 and expires_at > $2
               order by created_at, id collate "C""#
        )))
        .bind(user_id)
        .bind(now.unix_millis())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().filter_map(row::readable).collect())
    }

    async fn rotate_token(
        &self,
        id: &LoginId,
        from: &TokenDigest,
        to: &TokenDigest,
        now: Timestamp,
    ) -> Result<Rotation, LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let current: Option<(Vec<u8>, Option<Vec<u8>>, i64, i64)> = sqlx::query_as(&self.sql(
            "select token, previous_token, rotated_at, remember_seconds from {schema}.login
             where id = $1 and expires_at > $2 and token is not null
             for update",
        ))
        .bind(id.as_str())
        .bind(now.unix_millis())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some((token, previous, rotated_at, seconds)) = current else {
            return Ok(Rotation::Missing);
        };
        let Ok(token) = row::digest(&token) else {
            return Ok(Rotation::Missing);
        };
        if token.matches(to) {
            return Ok(Rotation::Rotated);
        }
        if !token.matches(from) {
            let previous = previous.as_deref().map(row::digest).transpose();
            return Ok(match (previous, u64::try_from(seconds)) {
                (Ok(previous), Ok(seconds)) => Rotation::Conflict(RememberState {
                    token,
                    previous,
                    rotated_at: Timestamp::from_unix_millis(rotated_at),
                    seconds,
                }),
                _ => Rotation::Missing,
            });
        }
        sqlx::query(&self.sql(
            "update {schema}.login set previous_token = token, token = $2, rotated_at = $3
             where id = $1",
        ))
        .bind(id.as_str())
        .bind(to.0.as_slice())
        .bind(now.unix_millis())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(Rotation::Rotated)
    }

    async fn touch(
        &self,
        id: &LoginId,
        used_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let result = sqlx::query(&self.sql(
            "update {schema}.login
             set last_used_at = greatest(last_used_at, $2), expires_at = greatest(expires_at, $3)
             where id = $1 and expires_at > $4",
        ))
        .bind(id.as_str())
        .bind(used_at.unix_millis())
        .bind(expires_at.unix_millis())
        .bind(now.unix_millis())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected() == 1)
    }

    async fn set_session_mac(
        &self,
        id: &LoginId,
        session_mac: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        let result =
            sqlx::query(&self.sql(
                "update {schema}.login set session_mac = $2 where id = $1 and expires_at > $3",
            ))
            .bind(id.as_str())
            .bind(session_mac)
            .bind(now.unix_millis())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() == 1)
    }

    async fn add_session(
        &self,
        id: &LoginId,
        session: &str,
        now: Timestamp,
    ) -> Result<bool, LoginStoreError> {
        // The share lock on the login row makes the add wait for an `end` in progress (and then
        // find no row), or makes the `end` wait for the add (and then see its session).
        let live: i64 = sqlx::query_scalar(&self.sql(
            "with live as (
                 select id from {schema}.login where id = $1 and expires_at > $2 for share
             ), added as (
                 insert into {schema}.session (login_id, session_id)
                 select id, $3 from live
                 on conflict do nothing
             )
             select count(*) from live",
        ))
        .bind(id.as_str())
        .bind(now.unix_millis())
        .bind(session)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(live == 1)
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        sqlx::query(
            &self.sql("delete from {schema}.session where login_id = $1 and session_id = $2"),
        )
        .bind(id.as_str())
        .bind(session)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let ended = self.end_all(&mut tx, &[id.as_str().to_owned()]).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ended.into_iter().next())
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.lock_user(&mut tx, user_id).await?;
        let ids: Vec<String> = sqlx::query_scalar(
            &self
                .sql("select id from {schema}.login where user_id = $1 and id is distinct from $2"),
        )
        .bind(user_id)
        .bind(keep.map(LoginId::as_str))
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let ended = self.end_all(&mut tx, &ids).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ended)
    }
}
