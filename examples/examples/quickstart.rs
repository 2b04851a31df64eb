//! The README's complete example: `cargo run -p examples --example quickstart`, then visit
//! <http://127.0.0.1:3000/settings> (sent to `/login`, which logs Ada in and comes back).
//! `SECRET_KEY` must hold at least 32 random bytes.

use std::{convert::Infallible, net::SocketAddr};

use axum::{Router, extract::Query, routing::get};
use login_runtime::{
    AuthError, AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login_required,
    safe_redirect,
    tower_sessions::{MemoryStore, SessionManagerLayer},
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

async fn login(
    auth: AuthSession<User>,
    Query(query): Query<Next>,
) -> Result<axum::response::Response, AuthError> {
    // Check the credentials first (for example with the `password-auth` crate), then:
    let user = Users.load_user("1").await.unwrap().unwrap();
    auth.login_user(&user).remember(true).await?;
    // `next` comes from the visitor: only local paths are followed.
    Ok(safe_redirect(query.next.as_deref(), "/settings"))
}

#[tokio::main]
async fn main() {
    let store = MemoryStore::default();
    let manager = LoginManager::builder(Users)
        .login_view("/login")
        .secret_key(std::env::var("SECRET_KEY").expect("32+ random bytes"))
        .remember_store(store.clone())
        .build()
        .expect("valid settings");
    let app = Router::new()
        .route("/settings", get(settings))
        .route("/login", get(login))
        .layer(manager.layer())
        .layer(SessionManagerLayer::new(store))
        .with_state(manager);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000")
        .await
        .unwrap();
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .unwrap();
}
