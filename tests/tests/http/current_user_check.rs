//! `#[login_required]` on a handler that takes `CurrentUser` adds no guard of its own: extracting
//! `CurrentUser` is the check. These routes show it answers exactly as the guard does.

use axum::{
    Json, Router,
    routing::{any, get},
};
use examples::conformance::{User, Users};
use http::{Method, StatusCode};
use login_runtime::{
    CurrentUser, Flashes, LoginManager, LoginPolicy, login_required,
    testing::TestClient,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};

use crate::harness::{Browse, serve};

#[login_required]
async fn with_user(user: CurrentUser<User>) -> String {
    user.name.to_owned()
}

#[login_required]
async fn without_user() -> &'static str {
    "Access Granted"
}

/// Both handlers at the top and in a section with a login view of its own.
fn app() -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(Users)
        .secret_key(crate::apps::USERS_KEY)
        .login_view("/login")
        .build()
        .expect("manager");
    let section = Router::new()
        .route("/with-user", any(with_user))
        .route("/without-user", any(without_user))
        .layer(
            LoginPolicy::builder()
                .login_view("/section/login")
                .build()
                .expect("policy"),
        );
    let app = Router::new()
        .route("/with-user", any(with_user))
        .route("/without-user", any(without_user))
        .nest("/section", section)
        .route(
            "/flashes",
            get(|Flashes(flashes): Flashes| async move { Json(flashes) }),
        )
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    (app, manager)
}

/// What a refusal of `path` answers: status, where it sends the browser and what it flashes.
async fn refusal(client: &TestClient<User>, path: &str) -> (StatusCode, Option<String>, String) {
    let browser = client.new_browser();
    let reply = browser.get(path).await;
    let flashes = browser.text("/flashes").await;
    (reply.status, reply.location().map(str::to_owned), flashes)
}

#[tokio::test]
async fn anonymous_visitors_get_the_guards_answer_with_the_views_of_the_router() {
    let client = serve(app()).await;
    for (prefix, expected) in [
        ("", "/login?next=%2Fwith-user"),
        ("/section", "/section/login?next=%2Fsection%2Fwith-user"),
    ] {
        let (status, location, flashes) = refusal(&client, &format!("{prefix}/with-user")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{prefix}");
        assert_eq!(location.as_deref(), Some(expected), "{prefix}");
        assert_eq!(
            flashes, r#"[{"category":"message","message":"Please log in to access this page."}]"#,
            "{prefix}"
        );

        let guard = refusal(&client, &format!("{prefix}/without-user")).await;
        let location = location.map(|at| at.replace("with-user", "without-user"));
        assert_eq!((status, location, flashes), guard, "{prefix}");
    }
}

#[tokio::test]
async fn inactive_users_are_refused_and_active_ones_served() {
    let client = serve(app()).await;
    let inactive = Users::find("3").expect("user 3");
    client.login_as(&inactive).force(true).await.expect("login");
    assert_eq!(client.get("/with-user").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        client.get("/without-user").await.status,
        StatusCode::SEE_OTHER
    );

    let active = Users::find("1").expect("user 1");
    client.login_as(&active).await.expect("login");
    assert_eq!(client.get("/with-user").await.text(), "Notch");
    assert_eq!(client.get("/without-user").await.text(), "Access Granted");
}

#[tokio::test]
async fn options_requests_pass_the_guard_but_an_anonymous_current_user_is_still_refused() {
    let client = serve(app()).await;
    let browser = client.new_browser();
    let reply = browser.send(Method::OPTIONS, "/without-user", &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "as in Flask-Login");
    let reply = browser.send(Method::OPTIONS, "/with-user", &[]).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "there is no user to give the handler"
    );
}
