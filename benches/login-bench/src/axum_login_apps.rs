//! The same app with axum-login 0.18: its `AuthManagerLayer` and its `login_required!` route
//! layer.

use axum::{Router, routing::get};
use axum_login::{AuthManagerLayerBuilder, AuthSession, AuthnBackend, UserId, login_required};
use std::convert::Infallible;
use tower_sessions::{MemoryStore, SessionManagerLayer};

use crate::{
    app::App,
    users::{Account, Directory, LOGGED_IN},
};

#[derive(Debug, Clone)]
pub struct User(Account);

impl axum_login::AuthUser for User {
    type Id = u32;

    fn id(&self) -> u32 {
        self.0.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.0.password_hash.as_bytes()
    }
}

#[derive(Debug, Clone)]
pub struct Backend(Directory<User>);

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = u32;
    type Error = Infallible;

    async fn authenticate(&self, id: u32) -> Result<Option<User>, Infallible> {
        Ok(self.0.get(id))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, Infallible> {
        Ok(self.0.get(*id))
    }
}

async fn public() -> &'static str {
    "Welcome!"
}

async fn protected(auth: AuthSession<Backend>) -> String {
    auth.user.map(|user| user.0.name).unwrap_or_default()
}

async fn login(mut auth: AuthSession<Backend>) -> &'static str {
    let user = auth
        .authenticate(LOGGED_IN)
        .await
        .expect("infallible")
        .expect("the user exists");
    auth.login(&user).await.expect("login");
    "logged in"
}

/// A public `/`, a `/protected` behind `login_required!` (401 when anonymous) and a `/login`.
pub fn app() -> App {
    let store = MemoryStore::default();
    let backend = Backend(Directory::new(User));
    let sessions = SessionManagerLayer::new(store.clone());
    let router = Router::new()
        .route("/protected", get(protected))
        .route_layer(login_required!(Backend))
        .route("/", get(public))
        .route("/login", get(login))
        .layer(AuthManagerLayerBuilder::new(backend, sessions).build());
    App { router, store }
}
