//! `LoginManager::layer_with`: the login layer and the session layer as one, with no order to get
//! wrong, working for the app and for the test client.

use axum::{Router, routing::get};
use examples::conformance::{User, Users};
use http::StatusCode;
use login_runtime::{
    CurrentUser, LoginManager, login_required,
    testing::TestClient,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};

#[login_required]
async fn whoami(user: CurrentUser<User>) -> &'static str {
    user.name
}

#[tokio::test]
async fn one_layer_serves_logins_in_process_and_over_http() {
    let manager = LoginManager::builder(Users)
        .secret_key(crate::apps::USERS_KEY)
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/whoami", get(whoami))
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    for client in [
        TestClient::new(app.clone(), manager.clone()),
        TestClient::serve(app, manager).await,
    ] {
        assert_eq!(client.get("/whoami").await.status, StatusCode::UNAUTHORIZED);
        client
            .login_as(&Users::find("2").expect("user 2"))
            .await
            .expect("login");
        assert_eq!(client.get("/whoami").await.text(), "Steve");
    }
}
