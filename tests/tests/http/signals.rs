//! Signals fire exactly when Flask-Login sends them; localization and anonymous-only views.

use std::collections::BTreeMap;

use examples::conformance::User;
use http::{Method, StatusCode};
use login_runtime::testing::TestClient;

use crate::harness::{Browse, serve, serve_conformance};

/// The non-zero counts since the last reset, then resets them.
async fn fired(browser: &TestClient<User>) -> BTreeMap<String, u64> {
    let body = browser.text("/signals?reset=1").await;
    let counts: BTreeMap<String, u64> = serde_json::from_str(&body).expect("JSON object");
    assert_eq!(counts.len(), 9, "every signal is listed: {body}");
    counts.into_iter().filter(|(_, count)| *count > 0).collect()
}

fn expect(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs
        .iter()
        .map(|(name, count)| ((*name).to_owned(), *count))
        .collect()
}

#[tokio::test]
async fn each_route_fires_what_flask_login_fires() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    fired(&browser).await;

    browser.text("/").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[]),
        "a public route fires nothing"
    );

    browser.text("/username").await;
    assert_eq!(fired(&browser).await, expect(&[("user_accessed", 1)]));

    browser.get("/protected").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_accessed", 1), ("user_unauthorized", 1)])
    );

    browser.get("/secret").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_unauthorized", 1)]),
        "no user load"
    );

    browser.text("/login/1?fresh=0").await;
    assert_eq!(fired(&browser).await, expect(&[("user_logged_in", 1)]));

    browser.get("/fresh").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_accessed", 1), ("user_needs_refresh", 1)])
    );

    browser.get("/needs-refresh").await;
    assert_eq!(fired(&browser).await, expect(&[("user_needs_refresh", 1)]));

    browser.text("/confirm-login").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_login_confirmed", 1)])
    );

    browser.text("/is-fresh").await;
    browser.text("/flashes").await;
    browser.text("/next").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[]),
        "session reads load no user"
    );

    browser.text("/logout").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_accessed", 1), ("user_logged_out", 1)])
    );

    browser.send(Method::OPTIONS, "/protected", &[]).await;
    assert_eq!(fired(&browser).await, expect(&[]), "OPTIONS is not checked");
}

#[tokio::test]
async fn user_accessed_fires_once_per_request_that_asks() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    fired(&browser).await;
    for _ in 0..3 {
        browser.text("/protected").await;
    }
    assert_eq!(fired(&browser).await, expect(&[("user_accessed", 3)]));
}

#[tokio::test]
async fn restores_request_loads_and_protection_fire_their_signals() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "basic")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?remember=1").await;
    browser.restart_browser();
    fired(&browser).await;
    browser.text("/username").await;
    assert_eq!(
        fired(&browser).await,
        expect(&[("user_accessed", 1), ("user_loaded_from_cookie", 1)])
    );

    let api = server.new_browser();
    api.text("/username?api_key=token-2").await;
    assert_eq!(
        fired(&api).await,
        expect(&[("user_accessed", 1), ("user_loaded_from_request", 1)])
    );

    let moved = server
        .new_browser()
        .with_user_agent("another agent")
        .with_cookies_of(&browser);
    moved.text("/username").await;
    assert_eq!(
        fired(&moved).await,
        expect(&[("session_protected", 1), ("user_accessed", 1)])
    );
}

#[tokio::test]
async fn signals_reset_on_request() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    let before: serde_json::Value =
        serde_json::from_str(&browser.text("/signals").await).expect("json");
    assert_eq!(before["user_logged_in"], 1);
    let again: serde_json::Value =
        serde_json::from_str(&browser.text("/signals?reset=1").await).expect("json");
    assert_eq!(again["user_logged_in"], 1, "answers before resetting");
    let after: serde_json::Value =
        serde_json::from_str(&browser.text("/signals").await).expect("json");
    assert_eq!(after["user_logged_in"], 0);
}

#[tokio::test]
async fn localize_translates_every_flashed_message() {
    let server = serve_conformance(&[
        ("LOCALIZE", "1"),
        ("LOGIN_VIEW", "/login"),
        ("REFRESH_VIEW", "/reauth"),
    ])
    .await;
    let browser = server.new_browser();
    browser.get("/protected").await;
    browser.text("/login/1?fresh=0").await;
    browser.get("/fresh").await;
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Bitte melden Sie sich an."],["message","Bitte melden Sie sich erneut an."]]"#
    );

    let server = serve_conformance(&[
        ("LOCALIZE", "1"),
        ("LOGIN_VIEW", "/login"),
        ("LOGIN_MESSAGE", "Custom"),
    ])
    .await;
    let browser = server.new_browser();
    browser.get("/protected").await;
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Custom"]]"#,
        "others pass through"
    );
}

#[tokio::test]
async fn subscribers_receive_events_in_order() {
    let (app, mut events) = crate::apps::with_event_stream();
    let server = serve(app).await;
    let browser = server.new_browser();
    browser.text("/login").await;
    assert_eq!(browser.get("/protected").await.status, StatusCode::OK);
    let mut names = Vec::new();
    while let Ok(event) = events.try_recv() {
        names.push(event.name());
    }
    assert_eq!(names, ["user_logged_in", "user_accessed"]);
}
