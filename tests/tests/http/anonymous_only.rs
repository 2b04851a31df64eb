//! Logged-out-only views: the login and sign-up pages send logged-in users elsewhere.

use reqwest::{Method, StatusCode};

use crate::{apps, harness::Server};

#[tokio::test]
async fn anonymous_visitors_see_the_page_and_users_are_redirected() {
    let server = Server::start(apps::anonymous_pages(None)).await;
    let browser = server.browser();
    assert_eq!(browser.text("/sign-up").await, "Sign up");
    browser.text("/login").await;
    let reply = browser.get("/sign-up").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/");
    assert_eq!(
        browser.send(Method::OPTIONS, "/sign-up", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_redirect_is_configurable_per_manager_and_per_handler() {
    let server = Server::start(apps::anonymous_pages(Some("/dashboard"))).await;
    let browser = server.browser();
    browser.text("/login").await;
    assert_eq!(browser.get("/sign-up").await.location(), "/dashboard");
    assert_eq!(browser.get("/welcome").await.location(), "/account");
}

#[tokio::test]
async fn an_inactive_forced_login_still_counts_as_logged_out() {
    let server = Server::start(apps::anonymous_pages(None)).await;
    let browser = server.browser();
    browser.text("/login-inactive").await;
    assert_eq!(browser.text("/sign-up").await, "Sign up");
}
