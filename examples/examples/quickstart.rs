//! The README's complete example: `cargo run -p examples --example quickstart`, then visit
//! <http://127.0.0.1:3000/settings> (sent to `/login`, which logs Ada in and comes back).
//! Without `SECRET_KEY`, a debug build makes up a key and a release build refuses to start.

use std::{convert::Infallible, error::Error, net::SocketAddr};

use axum::{
    Router,
    extract::Query,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use login_runtime::{
    AuthError, AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login::LoginOutcome,
    login_required, manager::secret_key_from_env, redirect::safe_redirect,
    tower_sessions::MemoryStore,
};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u64,
    #[auth(active)]
    active: bool,
    #[auth(session_hash)] // changing it logs the user out everywhere
    password_hash: String,
    name: String,
}

struct Users; // your database

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok((id == "1").then(|| User {
            id: 1,
            active: true,
            password_hash: "$argon2id$...".into(),
            name: "Ada".into(),
        }))
    }
}

#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    format!("Settings of {}", user.name)
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

async fn login(auth: AuthSession<User>, Query(query): Query<Next>) -> Result<Response, AuthError> {
    // Check the credentials first (see `#[auth(password_hash)]`), then:
    let Ok(Some(user)) = Users.load_user("1").await else {
        return Ok((StatusCode::UNAUTHORIZED, "Wrong username or password.").into_response());
    };
    match auth.login_user(&user).remember(true).await? {
        // `next` comes from the visitor: only local paths are followed.
        LoginOutcome::LoggedIn => Ok(safe_redirect(query.next.as_deref(), "/settings")),
        LoginOutcome::Inactive => {
            Ok((StatusCode::FORBIDDEN, "This account is disabled.").into_response())
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let store = MemoryStore::default();
    let manager = LoginManager::builder(Users)
        .login_view("/login")
        // Release builds refuse to start without SECRET_KEY; debug builds make one up.
        .secret_key(secret_key_from_env("SECRET_KEY")?)
        .remember_store(store.clone())
        .build()?;
    let app = Router::new()
        .route("/settings", get(settings))
        .route("/login", get(login))
        // Cookies without `Secure`, for plain HTTP: see "Cookies in production".
        .layer(manager.layer_for(store))
        .with_state(manager);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://127.0.0.1:3000/settings");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
