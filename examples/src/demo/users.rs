//! The demo's accounts, in `SQLite`.

use std::fmt;

use login_runtime::{AuthUser, UserLoader, password::hash_password};
use sqlx::{SqlitePool, migrate::Migrator};

/// The schema, embedded at compile time and applied at start-up.
pub(crate) static MIGRATOR: Migrator = sqlx::migrate!();

/// An account. Its password hash is also its session hash: a new password ends every other
/// login.
#[derive(Clone, AuthUser, sqlx::FromRow)]
pub struct User {
    #[auth(id)]
    pub id: i64,
    pub username: String,
    #[auth(password_hash, session_hash)]
    pub password_hash: String,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The `users` table.
#[derive(Debug, Clone)]
pub struct Users {
    pool: SqlitePool,
}

impl Users {
    pub(crate) fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// The account named `username`, in any case.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub async fn find_by_username(&self, username: &str) -> sqlx::Result<Option<User>> {
        sqlx::query_as("SELECT id, username, password_hash FROM users WHERE username = ?")
            .bind(username)
            .fetch_optional(&self.pool)
            .await
    }

    /// A new account; `None` when the name is taken.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub async fn create(&self, username: &str, password_hash: &str) -> sqlx::Result<Option<User>> {
        let created = sqlx::query_as(
            "INSERT INTO users (username, password_hash) VALUES (?, ?) \
             RETURNING id, username, password_hash",
        )
        .bind(username)
        .bind(password_hash)
        .fetch_one(&self.pool)
        .await;
        match created {
            Ok(user) => Ok(Some(user)),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Stores a new password hash for the account `id`.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub async fn set_password_hash(&self, id: i64, password_hash: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates the demo account if it is missing.
    pub(crate) async fn ensure_account(&self, username: &str, password: &str) -> sqlx::Result<()> {
        if self.find_by_username(username).await?.is_none() {
            let _ = self
                .create(username, &hash_password(password).await)
                .await?;
        }
        Ok(())
    }
}

impl UserLoader for Users {
    type User = User;
    type Error = sqlx::Error;

    async fn load_user(&self, id: &str) -> sqlx::Result<Option<User>> {
        let Ok(id) = id.parse::<i64>() else {
            return Ok(None);
        };
        sqlx::query_as("SELECT id, username, password_hash FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }
}
