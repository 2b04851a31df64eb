use std::convert::Infallible;

use axum::{Router, http::StatusCode, routing::get};
use login_runtime::{
    AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required, login_required,
    testing::TestClient, tower_sessions::MemoryStore,
};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u32,
    name: String,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok((id == "1").then(|| User {
            id: 1,
            name: "Ada".into(),
        }))
    }
}

#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    format!("Settings of {}", user.name)
}

#[fresh_login_required]
async fn change_password() -> &'static str {
    "Change your password"
}

fn app() -> (Router, LoginManager<User>) {
    let store = MemoryStore::default();
    let manager = LoginManager::builder(Users)
        .login_view("/login")
        .secret_key(b"a secret key of at least thirty-two bytes, for tests")
        .remember_store(store.clone())
        .build()
        .unwrap();
    let app = Router::new()
        .route("/settings", get(settings))
        .route("/password", get(change_password))
        .layer(manager.layer_for(store))
        .with_state(manager.clone());
    (app, manager)
}

#[tokio::test]
async fn settings_need_a_login() {
    let (app, manager) = app();
    let client = TestClient::new(app, manager); // or: TestClient::serve(app, manager).await

    // Anonymous: sent to the login view, with a flashed message.
    let response = client.get("/settings").await;
    assert!(response.status.is_redirection());
    assert_eq!(response.location(), Some("/login?next=%2Fsettings"));
    assert_eq!(
        client.flashes().await[0].message,
        "Please log in to access this page."
    );

    // Logged in without a form: remembered, but not fresh.
    let ada = User {
        id: 1,
        name: "Ada".into(),
    };
    client
        .login_as(&ada)
        .fresh(false)
        .remember(true)
        .await
        .unwrap();
    assert_eq!(client.get("/settings").await.text(), "Settings of Ada");
    // A stale login gets 401 here: the app sets no refresh view.
    assert_eq!(
        client.get("/password").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Closing the browser drops the session cookie; the remember cookie logs Ada back in.
    client.restart_browser();
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));

    client.logout().await.unwrap();
    assert_eq!(client.current_user_id().await, None);
}
