//! Per-router and per-handler login policies, like Flask-Login's blueprint login views.

use reqwest::{Method, StatusCode};

use examples::conformance::Users;
use login_runtime::{ConfigError, LoginManager, LoginPolicy, testing::TestClient};

use crate::{apps, harness::Server};

#[tokio::test]
async fn the_api_router_answers_json_401_never_a_redirect() {
    let server = Server::conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.browser();
    let reply = browser.get("/api/username").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.location(), "");
    assert_eq!(reply.body, r#"{"error":"unauthorized"}"#);
    assert_eq!(browser.text("/flashes").await, "[]", "no flash either");

    let reply = browser
        .send(
            Method::GET,
            "/api/username",
            &[("authorization", "Bearer token-1")],
        )
        .await;
    assert_eq!(reply.body, "Notch");
    browser.text("/login/2").await;
    assert_eq!(browser.text("/api/username").await, "Steve");
}

#[tokio::test]
async fn the_admin_router_has_its_own_login_view() {
    let server = Server::conformance(&[("LOGIN_VIEW", "/login")]).await;
    let reply = server.browser().get("/admin/protected").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/admin/login?next=%2Fadmin%2Fprotected");
    let reply = server.browser().get("/protected").await;
    assert_eq!(
        reply.location(),
        "/login?next=%2Fprotected",
        "other routes keep the app's view"
    );

    let server = Server::conformance(&[]).await;
    let reply = server.browser().get("/admin/protected").await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "without LOGIN_VIEW: 401"
    );

    let browser = server.browser();
    browser.text("/login/1").await;
    assert_eq!(browser.text("/admin/protected").await, "Admin Granted");
}

#[tokio::test]
async fn a_handler_view_beats_the_router_and_the_manager() {
    let (app, manager) = apps::layered_policies();
    let client = TestClient::new(app, manager);
    for (path, location) in [
        (
            "/section/own-view",
            "/handler/login?next=%2Fsection%2Fown-view",
        ),
        (
            "/section/own-view-by-hand",
            "/handler/login?next=%2Fsection%2Fown-view-by-hand",
        ),
        (
            "/section/router-view",
            "/router/login?next=%2Fsection%2Frouter-view",
        ),
        ("/manager-view", "/manager/login?next=%2Fmanager-view"),
    ] {
        assert_eq!(client.get(path).await.location(), Some(location), "{path}");
    }
    let response = client.get("/htmx/page").await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.header("hx-redirect"), Some("/manager/login"));
}

#[tokio::test]
async fn a_handler_refresh_view_applies_to_stale_logins() {
    let (app, manager) = apps::layered_policies();
    let client = TestClient::new(app, manager);
    let notch = Users::find("1").expect("user");
    client.login_as(&notch).fresh(false).await.expect("login");
    let response = client.get("/fresh-own-view").await;
    assert_eq!(
        response.location(),
        Some("/handler/reauth?next=%2Ffresh-own-view")
    );
}

#[test]
fn policies_and_managers_check_their_views_when_built() {
    let invalid = |setting, value: &str| ConfigError::InvalidView {
        setting,
        value: value.to_owned(),
    };
    assert_eq!(
        LoginPolicy::builder()
            .login_view("javascript:alert(1)")
            .build()
            .map(|_| ()),
        Err(invalid("login_view", "javascript:alert(1)"))
    );
    assert_eq!(
        LoginPolicy::builder()
            .refresh_view("//evil.example/reauth")
            .build()
            .map(|_| ()),
        Err(invalid("refresh_view", "//evil.example/reauth"))
    );
    assert_eq!(
        LoginManager::builder(Users)
            .login_view("login")
            .build()
            .map(|_| ()),
        Err(invalid("login_view", "login"))
    );
    assert_eq!(
        LoginManager::builder(Users)
            .authenticated_redirect("https://")
            .build()
            .map(|_| ()),
        Err(invalid("authenticated_redirect", "https://"))
    );
    assert!(
        LoginPolicy::builder()
            .login_view("/admin/login")
            .refresh_view("https://sso.example.com/reauth")
            .build()
            .is_ok()
    );
}
