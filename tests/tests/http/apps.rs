//! Small purpose-built apps over the conformance app's users, for what its settings cannot show.

use std::{
    fmt,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use axum::{Router, http::StatusCode, routing::get};
use examples::conformance::{User, Users};
use login_runtime::{
    CurrentUser, LoginManager, RequestHead, UserLoader, login_required,
    tower_sessions::{MemoryStore, SessionManagerLayer, SessionStore},
};

#[login_required]
async fn protected() -> &'static str {
    "Access Granted"
}

/// Asks for the user twice in one request: the guard, then the extractor.
#[login_required]
async fn whoami(user: CurrentUser<User>) -> &'static str {
    user.name
}

async fn public() -> &'static str {
    "Welcome!"
}

async fn login(
    auth: login_runtime::AuthSession<User>,
) -> Result<&'static str, login_runtime::AuthError> {
    let user = Users::find("1").expect("user 1");
    auth.login_user(&user).await?;
    Ok("True")
}

fn routes(manager: LoginManager<User>, store: impl SessionStore + Clone) -> Router {
    Router::new()
        .route("/", get(public))
        .route("/login", get(login))
        .route("/protected", get(protected))
        .route("/whoami", get(whoami))
        .layer(manager.layer())
        .layer(SessionManagerLayer::new(store).with_secure(false))
        .with_state(manager)
}

/// Answers failed checks with `403` and the request line.
pub fn custom_unauthorized() -> Router {
    let manager = LoginManager::builder(Users)
        .login_view("/login")
        .unauthorized_handler(|head: RequestHead<'_>| {
            (
                StatusCode::FORBIDDEN,
                format!("members only: {} {}", head.method, head.uri.path()),
            )
        })
        .build()
        .expect("manager");
    routes(manager, MemoryStore::default())
}

/// A loader that counts its calls and can be switched into an outage.
#[derive(Debug, Clone, Default)]
pub struct FlakyUsers {
    pub calls: Arc<AtomicUsize>,
    pub down: Arc<AtomicBool>,
}

#[derive(Debug)]
pub struct Outage;

impl fmt::Display for Outage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("user database unreachable")
    }
}

impl std::error::Error for Outage {}

impl UserLoader for FlakyUsers {
    type User = User;
    type Error = Outage;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Outage> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            Err(Outage)
        } else {
            Ok(Users::find(id))
        }
    }
}

/// The routes `/`, `/login` (logs in user 1), `/protected` and `/whoami` over `loader` and `store`.
pub fn with_loader(loader: FlakyUsers, store: impl SessionStore + Clone) -> Router {
    let manager = LoginManager::builder(loader)
        .login_view("/login")
        .build()
        .expect("manager");
    routes(manager, store)
}

/// A router whose author forgot the login layer.
pub fn without_login_layer() -> Router {
    let manager = LoginManager::new(Users);
    Router::new()
        .route("/protected", get(protected))
        .layer(SessionManagerLayer::new(MemoryStore::default()))
        .with_state(manager)
}
