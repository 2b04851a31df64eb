//! The request loader: API keys and bearer tokens, in Flask-Login's order.

use http::{Method, StatusCode};

use crate::harness::{Browse, serve, serve_conformance};

#[tokio::test]
async fn a_bearer_token_or_api_key_authenticates_one_request() {
    let server = serve_conformance(&[]).await;
    let reply = server
        .new_browser()
        .send(
            Method::GET,
            "/username",
            &[("authorization", "Bearer token-2")],
        )
        .await;
    assert_eq!(reply.text, "Steve");
    let reply = server
        .new_browser()
        .send(Method::GET, "/username?api_key=token-1", &[])
        .await;
    assert_eq!(reply.text, "Notch");
    let reply = server
        .new_browser()
        .send(Method::GET, "/protected?api_key=token-1", &[])
        .await;
    assert_eq!(reply.text, "Access Granted");
    for bad in ["Bearer token-9", "Bearer ", "Basic token-1", "token-1"] {
        let reply = server
            .new_browser()
            .send(Method::GET, "/username", &[("authorization", bad)])
            .await;
        assert_eq!(reply.text, "Anonymous", "{bad}");
    }
}

#[tokio::test]
async fn a_request_loaded_user_gets_no_session_and_no_cookie() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let reply = browser.get("/protected?api_key=token-1").await;
    assert_eq!(reply.text, "Access Granted");
    assert!(reply.headers.get("set-cookie").is_none(), "{reply:?}");
    assert_eq!(
        browser.text("/username").await,
        "Anonymous",
        "authenticated for that request only"
    );
    assert_eq!(browser.text("/is-fresh?api_key=token-1").await, "False");
}

#[tokio::test]
async fn an_inactive_users_token_does_not_pass_the_guard() {
    let server = serve_conformance(&[]).await;
    let reply = server
        .new_browser()
        .send(Method::GET, "/protected?api_key=token-3", &[])
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_logged_in_session_wins_over_an_api_key() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    assert_eq!(browser.text("/username?api_key=token-2").await, "Notch");
}

#[tokio::test]
async fn a_remember_cookie_is_tried_instead_of_the_request_loader() {
    let server = serve_conformance(&[]).await;
    let owner = server.new_browser();
    owner.text("/login/1?remember=1").await;
    owner.restart_browser();
    assert_eq!(
        owner.text("/username?api_key=token-2").await,
        "Notch",
        "the cookie wins"
    );

    let client = server.new_browser();
    client.hold_cookie("remember_token", "forged-value");
    let reply = client.get("/username?api_key=token-2").await;
    assert_eq!(
        reply.text, "Anonymous",
        "an invalid cookie still shuts out the request loader"
    );
}

#[tokio::test]
async fn an_unknown_session_user_falls_through_to_the_request_loader() {
    let members = crate::apps::Members::with(&["7"]);
    let server = serve(crate::apps::members(
        members.clone(),
        &examples::conformance::Backends::default(),
        (crate::apps::MEMBERS_KEY, &[]),
    ))
    .await;
    let browser = server.new_browser();
    browser.text("/login/7").await;
    members.remove("7");
    assert_eq!(browser.text("/name").await, "Anonymous");
    let reply = browser
        .get_with("/name", &[("authorization", "Bearer member-8")])
        .await;
    assert_eq!(reply.text, "Anonymous", "member 8 does not exist yet");
    members.put("8", "hash");
    let reply = browser
        .get_with("/name", &[("authorization", "Bearer member-8")])
        .await;
    assert_eq!(reply.text, "member 8");
}
