//! The unauthorized flow: 401, or a flash and a 303 to the login view with `next`.

use http::{Method, StatusCode};

use crate::harness::{Browse, serve, serve_conformance};

const FLASHED: &str = r#"[["message","Please log in to access this page."]]"#;

#[tokio::test]
async fn without_a_login_view_the_answer_is_401_and_nothing_is_flashed() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.location(), None);
    assert_eq!(browser.text("/flashes").await, "[]");
}

#[tokio::test]
async fn with_a_login_view_the_visitor_is_sent_there_with_next() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), Some("/login?next=%2Fprotected"));
    assert_eq!(browser.text("/flashes").await, FLASHED);
}

#[tokio::test]
async fn next_keeps_the_query_string() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let reply = server.new_browser().get("/protected?a=1&b=x%20y").await;
    assert_eq!(
        reply.location(),
        Some("/login?next=%2Fprotected%3Fa%3D1%26b%3Dx%2520y")
    );
}

#[tokio::test]
async fn the_login_views_own_query_is_kept() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login?lang=de")]).await;
    let reply = server.new_browser().get("/protected").await;
    assert_eq!(reply.location(), Some("/login?lang=de&next=%2Fprotected"));
}

#[tokio::test]
async fn message_and_category_are_configurable() {
    let server = serve_conformance(&[
        ("LOGIN_VIEW", "/login"),
        ("LOGIN_MESSAGE", "Members only"),
        ("LOGIN_MESSAGE_CATEGORY", "warning"),
    ])
    .await;
    let browser = server.new_browser();
    browser.get("/protected").await;
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["warning","Members only"]]"#
    );
}

#[tokio::test]
async fn an_empty_message_flashes_nothing() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login"), ("LOGIN_MESSAGE", "")]).await;
    let browser = server.new_browser();
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.set_cookie("session"),
        None,
        "nothing to keep in a session"
    );
    assert_eq!(browser.text("/flashes").await, "[]");
}

#[tokio::test]
async fn use_session_for_next_keeps_next_out_of_the_url() {
    let server =
        serve_conformance(&[("LOGIN_VIEW", "/login"), ("USE_SESSION_FOR_NEXT", "1")]).await;
    let browser = server.new_browser();
    let reply = browser.get("/protected?page=2").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), Some("/login"));
    assert_eq!(browser.text("/next").await, "/protected?page=2");
    assert_eq!(browser.text("/next").await, "", "reading removes it");
}

#[tokio::test]
async fn force_host_goes_into_the_login_url() {
    let server = serve_conformance(&[
        ("LOGIN_VIEW", "/login"),
        ("FORCE_HOST_FOR_REDIRECTS", "auth.example.com"),
    ])
    .await;
    let reply = server.new_browser().get("/protected").await;
    assert_eq!(
        reply.location(),
        Some("//auth.example.com/login?next=%2Fprotected")
    );
}

#[tokio::test]
async fn a_login_view_on_another_host_gets_the_full_url_in_next() {
    let server = serve_conformance(&[("LOGIN_VIEW", "https://auth.example.com/login")]).await;
    let reply = server.new_browser().get("/protected?x=1").await;
    let host = server.address().expect("served").to_string();
    let next = format!(
        "http%3A%2F%2F{}%2Fprotected%3Fx%3D1",
        host.replace(':', "%3A")
    );
    assert_eq!(
        reply.location(),
        Some(format!("https://auth.example.com/login?next={next}").as_str())
    );
}

#[tokio::test]
async fn a_login_view_on_this_host_gets_only_the_path() {
    let server = serve_conformance(&[("LOGIN_VIEW", "http://app.test/login")]).await;
    let reply = server.get_with("/protected", &[("host", "app.test")]).await;
    assert_eq!(
        reply.location(),
        Some("http://app.test/login?next=%2Fprotected")
    );
}

#[tokio::test]
async fn head_and_post_are_checked_and_options_passes() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    for method in [Method::HEAD, Method::POST, Method::GET] {
        let reply = browser.send(method.clone(), "/protected", &[]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{method}");
    }
    let reply = browser.send(Method::OPTIONS, "/protected", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text, "Access Granted");

    browser.text("/login/1").await;
    for method in [Method::HEAD, Method::POST] {
        let reply = browser.send(method.clone(), "/protected", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{method}");
    }
}

#[tokio::test]
async fn secret_returns_the_unauthorized_response() {
    let server = serve_conformance(&[]).await;
    assert_eq!(
        server.new_browser().get("/secret").await.status,
        StatusCode::UNAUTHORIZED
    );

    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    let reply = browser.get("/secret").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), Some("/login?next=%2Fsecret"));
    assert_eq!(browser.text("/flashes").await, FLASHED);
}

#[tokio::test]
async fn a_custom_unauthorized_handler_replaces_the_redirect() {
    let server = serve(crate::apps::custom_unauthorized()).await;
    let reply = server.new_browser().get("/protected").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.text, "members only: GET /protected");
}
