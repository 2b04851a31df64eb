//! Fresh logins: `#[fresh_login_required]`, the needs-refresh flow and `confirm_login`.

use http::{Method, StatusCode};

use crate::harness::{Browse, serve_conformance};

const REFRESH_FLASH: &str = r#"[["message","Please reauthenticate to access this page."]]"#;

#[tokio::test]
async fn a_fresh_login_passes() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    assert_eq!(browser.text("/fresh").await, "Access Granted");
}

#[tokio::test]
async fn without_a_refresh_view_a_stale_login_gets_401() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    let reply = browser.get("/fresh").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(browser.text("/flashes").await, "[]");
    assert_eq!(
        browser.text("/protected").await,
        "Access Granted",
        "still logged in"
    );
}

#[tokio::test]
async fn with_a_refresh_view_a_stale_login_is_sent_there_with_next() {
    let server = serve_conformance(&[("REFRESH_VIEW", "/reauth"), ("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    let reply = browser.get("/fresh?tab=2").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), Some("/reauth?next=%2Ffresh%3Ftab%3D2"));
    assert_eq!(browser.text("/flashes").await, REFRESH_FLASH);
}

#[tokio::test]
async fn anonymous_visitors_get_the_login_flow_not_the_refresh_flow() {
    let server = serve_conformance(&[("REFRESH_VIEW", "/reauth"), ("LOGIN_VIEW", "/login")]).await;
    let reply = server.new_browser().get("/fresh").await;
    assert_eq!(reply.location(), Some("/login?next=%2Ffresh"));
}

#[tokio::test]
async fn the_refresh_message_and_category_are_configurable() {
    let server = serve_conformance(&[
        ("REFRESH_VIEW", "/reauth"),
        ("NEEDS_REFRESH_MESSAGE", "Again, please"),
        ("NEEDS_REFRESH_MESSAGE_CATEGORY", "info"),
    ])
    .await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    browser.get("/fresh").await;
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["info","Again, please"]]"#
    );

    let server =
        serve_conformance(&[("REFRESH_VIEW", "/reauth"), ("NEEDS_REFRESH_MESSAGE", "")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    assert_eq!(browser.get("/fresh").await.status, StatusCode::SEE_OTHER);
    assert_eq!(browser.text("/flashes").await, "[]");
}

#[tokio::test]
async fn use_session_for_next_applies_to_the_refresh_flow() {
    let server =
        serve_conformance(&[("REFRESH_VIEW", "/reauth"), ("USE_SESSION_FOR_NEXT", "1")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    let reply = browser.get("/fresh").await;
    assert_eq!(reply.location(), Some("/reauth"));
    assert_eq!(browser.text("/next").await, "/fresh");
}

#[tokio::test]
async fn confirm_login_makes_the_login_fresh_again() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    assert_eq!(browser.text("/is-fresh").await, "False");
    let reply = browser.get("/confirm-login").await;
    assert_eq!((reply.status, reply.text.as_str()), (StatusCode::OK, ""));
    assert_eq!(browser.text("/is-fresh").await, "True");
    assert_eq!(browser.text("/fresh").await, "Access Granted");
}

#[tokio::test]
async fn confirm_login_without_a_login_does_nothing() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/confirm-login").await, "");
    assert_eq!(browser.text("/is-fresh").await, "False");
    assert_eq!(browser.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn methods_are_checked_and_options_passes() {
    let server = serve_conformance(&[("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?fresh=0").await;
    for method in [Method::GET, Method::HEAD, Method::POST] {
        assert_eq!(
            browser.send(method.clone(), "/fresh", &[]).await.status,
            StatusCode::SEE_OTHER,
            "{method}"
        );
    }
    let reply = browser.send(Method::OPTIONS, "/fresh", &[]).await;
    assert_eq!(
        (reply.status, reply.text.as_str()),
        (StatusCode::OK, "Access Granted")
    );
}

#[tokio::test]
async fn needs_refresh_route_returns_the_needs_refresh_response() {
    let server = serve_conformance(&[]).await;
    assert_eq!(
        server.new_browser().get("/needs-refresh").await.status,
        StatusCode::UNAUTHORIZED
    );
    let server = serve_conformance(&[("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.new_browser();
    let reply = browser.get("/needs-refresh").await;
    assert_eq!(reply.location(), Some("/reauth?next=%2Fneeds-refresh"));
    assert_eq!(browser.text("/flashes").await, REFRESH_FLASH);
}

#[tokio::test]
async fn a_restored_login_is_not_fresh() {
    let server = serve_conformance(&[("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?remember=1").await;
    browser.restart_browser();
    assert_eq!(browser.get("/fresh").await.status, StatusCode::SEE_OTHER);
    browser.text("/confirm-login").await;
    assert_eq!(browser.text("/fresh").await, "Access Granted");
}
