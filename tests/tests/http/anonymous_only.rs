//! Logged-out-only views: the login and sign-up pages send logged-in users elsewhere.

use examples::conformance::Users;
use http::{Method, StatusCode};
use login_runtime::{LoginPolicy, testing::TestClient};

use crate::apps;

fn client(redirect: Option<&str>) -> TestClient<examples::conformance::User> {
    let (app, manager) = apps::anonymous_pages(redirect);
    TestClient::new(app, manager)
}

#[tokio::test]
async fn anonymous_visitors_see_the_page_and_users_are_redirected() {
    let client = client(None);
    assert_eq!(client.get("/sign-up").await.text(), "Sign up");
    client
        .login_as(&Users::find("1").expect("user"))
        .await
        .expect("login");
    let response = client.get("/sign-up").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/"));
    let options = http::Request::builder()
        .method(Method::OPTIONS)
        .uri("/sign-up")
        .body(axum::body::Body::empty())
        .expect("request");
    assert_eq!(
        client.request(options).await.status,
        StatusCode::OK,
        "OPTIONS passes"
    );
}

#[tokio::test]
async fn the_redirect_is_configurable_per_manager_and_per_handler() {
    let client = client(Some("/dashboard"));
    client
        .login_as(&Users::find("1").expect("user"))
        .await
        .expect("login");
    assert_eq!(client.get("/sign-up").await.location(), Some("/dashboard"));
    assert_eq!(client.get("/welcome").await.location(), Some("/account"));
}

#[tokio::test]
async fn a_routers_policy_redirects_between_the_handler_and_the_manager() {
    let client = client(Some("/dashboard"));
    assert_eq!(client.get("/members/sign-up").await.text(), "Sign up");
    client
        .login_as(&Users::find("1").expect("user"))
        .await
        .expect("login");
    assert_eq!(
        client.get("/members/sign-up").await.location(),
        Some("/members/home")
    );
    assert_eq!(
        client.get("/members/welcome").await.location(),
        Some("/account"),
        "the handler's own redirect wins"
    );
    assert_eq!(client.get("/sign-up").await.location(), Some("/dashboard"));
}

#[test]
fn a_policy_refuses_a_relative_authenticated_redirect() {
    let error = LoginPolicy::builder()
        .authenticated_redirect("home")
        .build()
        .expect_err("relative view");
    assert!(
        error.to_string().contains("authenticated_redirect"),
        "{error}"
    );
}

#[tokio::test]
async fn an_inactive_forced_login_still_counts_as_logged_out() {
    let client = client(None);
    let inactive = Users::find("3").expect("user");
    client
        .login_as(&inactive)
        .force(true)
        .await
        .expect("forced login");
    assert_eq!(client.get("/sign-up").await.text(), "Sign up");
}
