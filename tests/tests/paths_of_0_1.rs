//! An app written for 0.1, with the root paths and the two-layer install of that release, still
//! builds and serves: the moved names stay reachable (hidden) at the root until the next
//! breaking release.

#![allow(deprecated)]

use std::convert::Infallible;

use axum::{Router, routing::get};
use login_runtime::{
    AuthSession, AuthUser, CurrentUser, DefaultViews, LoginManager, LoginOutcome, LoginRequired,
    LoginRequiredWith, RememberCookie, SessionProtection, UserLoader, login_required, safe_next,
    safe_redirect, testing::TestClient,
};
use tower_sessions::{MemoryStore, SessionManagerLayer};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u32,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok((id == "7").then_some(User { id: 7 }))
    }
}

#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    format!("settings of {}", user.id)
}

async fn explicit_guard(_: LoginRequired, user: CurrentUser<User>) -> String {
    format!("guarded {}", user.id)
}

async fn explicit_guard_with_views(_: LoginRequiredWith<DefaultViews>) -> &'static str {
    "guarded with views"
}

async fn login(auth: AuthSession<User>) -> axum::response::Response {
    let outcome: LoginOutcome = auth.login_user(&User { id: 7 }).await.unwrap();
    assert!(outcome.is_logged_in());
    safe_redirect(safe_next("/settings"), "/")
}

#[tokio::test]
async fn an_app_written_for_0_1_builds_and_serves() {
    let store = MemoryStore::default();
    let manager = LoginManager::builder(Users)
        .secret_key(b"a secret key of at least thirty-two bytes, for tests")
        .remember_store(store.clone())
        .remember_cookie(RememberCookie::default())
        .session_protection(SessionProtection::Strong)
        .build()
        .unwrap();
    let app = Router::new()
        .route("/settings", get(settings))
        .route("/explicit", get(explicit_guard))
        .route("/explicit-with-views", get(explicit_guard_with_views))
        .route("/login", get(login))
        .layer(manager.layer())
        .layer(SessionManagerLayer::new(store))
        .with_state(manager.clone());
    let client = TestClient::new(app, manager);

    assert_eq!(client.get("/settings").await.status, 401);
    assert_eq!(client.get("/explicit-with-views").await.status, 401);
    assert_eq!(client.get("/login").await.location(), Some("/settings"));
    assert_eq!(client.get("/settings").await.text(), "settings of 7");
    assert_eq!(client.get("/explicit").await.text(), "guarded 7");
    assert_eq!(
        client.get("/explicit-with-views").await.text(),
        "guarded with views"
    );
}
