//! The demo app: a small site with accounts, the way an app would use `login-runtime`.
//!
//! Users live in `SQLite` (created and migrated on first start), passwords are argon2 hashes
//! checked off the async runtime through `#[auth(password_hash)]`, sessions and remember-me
//! records live in `SQLite` through tower-sessions-sqlx-store, and the pages are minijinja
//! templates. Every form carries a CSRF token; failed logins are throttled per account and per
//! client address.
//!
//! | page | who | what |
//! |---|---|---|
//! | `/signup` | logged-out visitors | username and password |
//! | `/login` | anyone | username, password, "remember me"; follows a safe `next` |
//! | `/settings` | logged in | the account |
//! | `/password` | fresh login | current and new password; this device stays logged in, the others are logged out |
//! | `/devices` | logged in | where the account is logged in, with a button to end each login or all others |
//! | `POST /logout` | anyone | logs out |

mod csrf;
mod pages;
mod templates;
mod throttle;
mod users;

use std::{error::Error, fmt, str::FromStr, sync::Arc};

use axum::{
    Router,
    http::StatusCode,
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use login_runtime::{
    HasLoginManager, LoginManager,
    manager::{ConfigError, secret_key_from_env},
    password::hash_password,
};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tower_sessions_sqlx_store::SqliteStore;

pub use throttle::{LoginThrottle, PER_ACCOUNT, PER_ADDRESS};
pub use users::{User, Users};

use templates::Templates;

/// The account created on first start.
pub const DEMO_USERNAME: &str = "demo";
/// Its password.
pub const DEMO_PASSWORD: &str = "demo-password";
/// Where the database is without `DATABASE_URL`: a file in the current directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://demo.sqlite3";

/// How the demo starts.
pub struct Config {
    /// A `SQLite` URL such as `sqlite://demo.sqlite3`; the file is created when missing.
    pub database_url: String,
    /// The key that signs remember cookies (32+ bytes).
    pub secret_key: Vec<u8>,
}

impl Config {
    /// `DATABASE_URL` (default [`DEFAULT_DATABASE_URL`]) and `SECRET_KEY` (see
    /// [`secret_key_from_env`]).
    ///
    /// # Errors
    ///
    /// A release build without `SECRET_KEY`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            database_url: std::env::var("DATABASE_URL")
                .ok()
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            secret_key: secret_key_from_env("SECRET_KEY")?,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url)
            .finish_non_exhaustive()
    }
}

/// The router state of the demo.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    logins: LoginManager<User>,
    users: Users,
    templates: Templates,
    throttle: Arc<LoginThrottle>,
    /// A user no one can log in as, whose password check keeps unknown names as slow as known
    /// ones.
    nobody: Arc<User>,
}

impl HasLoginManager for AppState {
    type User = User;

    fn login_manager(&self) -> &LoginManager<User> {
        &self.logins
    }
}

/// The demo app: opens (and migrates) the database, creates the demo account if missing.
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()`.
///
/// # Errors
///
/// When the database cannot be opened or migrated, or a setting is refused.
pub async fn app(config: &Config) -> Result<Router, Box<dyn Error + Send + Sync>> {
    let options = SqliteConnectOptions::from_str(&config.database_url)?.create_if_missing(true);
    let pool = SqlitePoolOptions::new().connect_with(options).await?;
    users::MIGRATOR.run(&pool).await?;
    let users = Users::new(pool.clone());
    users.ensure_account(DEMO_USERNAME, DEMO_PASSWORD).await?;
    let sessions = SqliteStore::new(pool);
    sessions.migrate().await?;

    let logins = LoginManager::builder(users.clone())
        .login_view("/login")
        .login_message_category("info")
        .refresh_view("/login")
        .needs_refresh_message("Please enter your password again to continue.")
        .needs_refresh_message_category("info")
        .authenticated_redirect("/settings")
        .secret_key(config.secret_key.clone())
        .remember_store(sessions.clone())
        .build()?;
    let nobody = User {
        id: -1,
        username: String::new(),
        password_hash: hash_password(&rand::random::<u64>().to_string()).await,
    };
    let state = AppState {
        logins: logins.clone(),
        users,
        templates: Templates::load()?,
        throttle: Arc::default(),
        nobody: Arc::new(nobody),
    };
    Ok(Router::new()
        .route("/", get(pages::home))
        .route("/signup", get(pages::signup_form).post(pages::signup))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/settings", get(pages::settings))
        .route(
            "/password",
            get(pages::password_form).post(pages::change_password),
        )
        .route("/devices", get(pages::devices))
        .route("/devices/end", post(pages::end_device))
        .route("/devices/end-others", post(pages::end_other_devices))
        .route("/logout", post(pages::logout))
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        .layer(logins.layer_for(sessions))
        .with_state(state))
}

/// A failure a page cannot recover from: logged, and answered with a plain `500` page.
#[derive(Debug)]
pub(crate) struct ServerError(Box<dyn Error + Send + Sync>);

impl<E: Into<Box<dyn Error + Send + Sync>>> From<E> for ServerError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self.0, "a page failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Please try again.",
        )
            .into_response()
    }
}
