//! [`SqliteLoginStore`]: the login-state store on SQLite.

use std::{num::NonZeroUsize, time::Duration};

use login_runtime::login_state::{
    Clock, EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, RememberState, Rotation,
    SystemClock, Timestamp, TokenDigest,
};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::row::{self, COLUMNS, Row, Values, backend};

/// The schema changes of the store, in order. [`SqliteLoginStore::migrate`] applies those not
/// applied yet.
const MIGRATIONS: &[&str] = &["
    create table login_state (
        id text primary key,
        user_id text not null,
        created_at integer not null,
        last_used_at integer not null,
        expires_at integer not null,
        user_agent text,
        client_address text,
        token blob,
        previous_token blob,
        rotated_at integer,
        remember_seconds integer,
        session_mac text
    );
    create index login_state_user_created on login_state (user_id, created_at, id);
    create index login_state_expires on login_state (expires_at);
    create table login_state_session (
        login_id text not null,
        session_id text not null,
        primary key (login_id, session_id)
    );
"];

/// The login-state store on SQLite, on the sqlx pool that `tower-sessions-sqlx-store`'s
/// `SqliteStore` uses: one [`SqlitePool`] can serve both.
///
/// Logins live in the tables `login_state` and `login_state_session`; create them with
/// [`migrate`](Self::migrate) at start-up. Operations that read before they write run in
/// `BEGIN IMMEDIATE` transactions, which SQLite runs one at a time, so every operation is atomic
/// for all the processes that open the database file.
///
/// Expired logins stay in the table (every read ignores them) until
/// [`delete_expired`](Self::delete_expired) removes them: run
/// [`continuously_delete_expired`](Self::continuously_delete_expired) in a task.
#[derive(Debug, Clone)]
pub struct SqliteLoginStore {
    pool: SqlitePool,
}

impl SqliteLoginStore {
    /// A store on `pool`.
    #[must_use]
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// Creates the tables, or brings them up to date. Safe to run at every start.
    ///
    /// # Errors
    ///
    /// When the database cannot be opened or refuses the statements.
    pub async fn migrate(&self) -> Result<(), LoginStoreError> {
        let mut tx = self.write().await?;
        sqlx::raw_sql(
            "create table if not exists login_state_migration (version integer primary key)",
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let applied: i64 = sqlx::query_scalar("select count(*) from login_state_migration")
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        for (version, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
            sqlx::raw_sql(migration)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            sqlx::query("insert into login_state_migration (version) values (?)")
                .bind(i64::try_from(version + 1).unwrap_or(i64::MAX))
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
    /// When the database cannot be used.
    pub async fn delete_expired(&self, now: Timestamp) -> Result<(), LoginStoreError> {
        let mut tx = self.write().await?;
        sqlx::query(
            "delete from login_state_session where login_id in
             (select id from login_state where expires_at <= ?)",
        )
        .bind(now.unix_millis())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query("delete from login_state where expires_at <= ?")
            .bind(now.unix_millis())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    /// Runs [`delete_expired`](Self::delete_expired) every `period`, for ever; a failure is
    /// logged and retried at the next period. Spawn it once per process:
    ///
    /// ```no_run
    /// # async fn run(store: login_store_sqlx::SqliteLoginStore) {
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

    /// A transaction that holds the database's write lock from its start.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, LoginStoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)
    }

    /// Deletes the logins `ids` and their session sets, returning them.
    async fn end_all(
        conn: &mut SqliteConnection,
        ids: &[String],
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut rows = Vec::new();
        let mut sessions = Vec::new();
        for id in ids {
            let row: Option<Row> = sqlx::query_as(&format!(
                "delete from login_state where id = ? returning {COLUMNS}"
            ))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
            rows.extend(row);
            let ended: Vec<(String, String)> = sqlx::query_as(
                "delete from login_state_session where login_id = ?
                 returning login_id, session_id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(backend)?;
            sessions.extend(ended);
        }
        Ok(row::ended(rows, sessions))
    }
}

#[async_trait::async_trait]
impl LoginStore for SqliteLoginStore {
    async fn create(
        &self,
        login: &LoginState,
        limit: Option<NonZeroUsize>,
        now: Timestamp,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut tx = self.write().await?;
        let values = Values::from(login);
        sqlx::query(&format!(
            "insert into login_state ({COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ))
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
            let others: Vec<String> = sqlx::query_scalar(
                "select id from login_state
                 where user_id = ? and expires_at > ? and id <> ?
                 order by created_at, id",
            )
            .bind(&login.user_id)
            .bind(now.unix_millis())
            .bind(login.id.as_str())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            let excess = (others.len() + 1).saturating_sub(limit.get());
            ended = Self::end_all(&mut tx, &others[..excess]).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(ended)
    }

    async fn get(
        &self,
        id: &LoginId,
        now: Timestamp,
    ) -> Result<Option<LoginState>, LoginStoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "select {COLUMNS} from login_state where id = ? and expires_at > ?"
        ))
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
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "select {COLUMNS} from login_state
             where user_id = ? and expires_at > ?
             order by created_at, id"
        ))
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
        let mut tx = self.write().await?;
        let current: Option<(Vec<u8>, Option<Vec<u8>>, i64, i64)> = sqlx::query_as(
            "select token, previous_token, rotated_at, remember_seconds from login_state
             where id = ? and expires_at > ? and token is not null",
        )
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
        sqlx::query(
            "update login_state set previous_token = token, token = ?, rotated_at = ?
             where id = ?",
        )
        .bind(to.0.as_slice())
        .bind(now.unix_millis())
        .bind(id.as_str())
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
        let result = sqlx::query(
            "update login_state
             set last_used_at = max(last_used_at, ?), expires_at = max(expires_at, ?)
             where id = ? and expires_at > ?",
        )
        .bind(used_at.unix_millis())
        .bind(expires_at.unix_millis())
        .bind(id.as_str())
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
            sqlx::query("update login_state set session_mac = ? where id = ? and expires_at > ?")
                .bind(session_mac)
                .bind(id.as_str())
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
        let mut tx = self.write().await?;
        let live: Option<i64> =
            sqlx::query_scalar("select 1 from login_state where id = ? and expires_at > ?")
                .bind(id.as_str())
                .bind(now.unix_millis())
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        if live.is_none() {
            return Ok(false);
        }
        sqlx::query(
            "insert into login_state_session (login_id, session_id) values (?, ?)
             on conflict do nothing",
        )
        .bind(id.as_str())
        .bind(session)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn remove_session(&self, id: &LoginId, session: &str) -> Result<(), LoginStoreError> {
        sqlx::query("delete from login_state_session where login_id = ? and session_id = ?")
            .bind(id.as_str())
            .bind(session)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn end(&self, id: &LoginId) -> Result<Option<EndedLogin>, LoginStoreError> {
        let mut tx = self.write().await?;
        let ended = Self::end_all(&mut tx, &[id.as_str().to_owned()]).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ended.into_iter().next())
    }

    async fn end_user(
        &self,
        user_id: &str,
        keep: Option<&LoginId>,
    ) -> Result<Vec<EndedLogin>, LoginStoreError> {
        let mut tx = self.write().await?;
        let ids: Vec<String> =
            sqlx::query_scalar("select id from login_state where user_id = ? and id is not ?")
                .bind(user_id)
                .bind(keep.map(LoginId::as_str))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
        let ended = Self::end_all(&mut tx, &ids).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ended)
    }
}
