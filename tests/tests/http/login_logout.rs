//! Logging in and out, and what the session keeps.

use http::{Method, StatusCode};

use crate::harness::{Browse, serve_conformance};

#[tokio::test]
async fn login_then_the_user_is_known_on_later_requests() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/username").await, "Anonymous");
    assert_eq!(browser.text("/userid").await, "");

    assert_eq!(browser.text("/login/1").await, "True");
    assert_eq!(browser.text("/username").await, "Notch");
    assert_eq!(browser.text("/userid").await, "1");
    assert_eq!(browser.text("/protected").await, "Access Granted");
}

#[tokio::test]
async fn each_browser_has_its_own_login() {
    let server = serve_conformance(&[]).await;
    let (notch, steve) = (server.new_browser(), server.new_browser());
    assert_eq!(notch.text("/login/1").await, "True");
    assert_eq!(steve.text("/login/2").await, "True");
    assert_eq!(notch.text("/username").await, "Notch");
    assert_eq!(steve.text("/username").await, "Steve");
}

#[tokio::test]
async fn unicode_ids_round_trip() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/login/%E4%BD%90%E8%97%A4").await, "True");
    assert_eq!(browser.text("/username").await, "Müller");
    assert_eq!(browser.text("/userid").await, "佐藤");
}

#[tokio::test]
async fn unknown_user_is_404_and_changes_nothing() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.get("/login/99").await.status, StatusCode::NOT_FOUND);
    assert_eq!(browser.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn inactive_user_is_refused_unless_forced() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let refused = browser.get("/login/3").await;
    assert_eq!(refused.text, "False");
    assert_eq!(
        refused.set_cookie("session"),
        None,
        "a refused login writes no session"
    );
    assert_eq!(browser.text("/username").await, "Anonymous");

    assert_eq!(browser.text("/login/3?force=1").await, "True");
    assert_eq!(
        browser.text("/username").await,
        "Anonymous",
        "inactive: not authenticated"
    );
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_refused_login_keeps_the_previous_one() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/login/1").await, "True");
    assert_eq!(browser.text("/login/3").await, "False");
    assert_eq!(browser.text("/username").await, "Notch");
}

#[tokio::test]
async fn logins_are_fresh_unless_asked_otherwise() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/is-fresh").await, "False");
    browser.text("/login/1").await;
    assert_eq!(browser.text("/is-fresh").await, "True");
    browser.text("/login/2?fresh=0").await;
    assert_eq!(browser.text("/is-fresh").await, "False");
    assert_eq!(browser.text("/username").await, "Steve");
}

#[tokio::test]
async fn logout_forgets_the_user() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    assert_eq!(browser.text("/logout").await, "True");
    assert_eq!(browser.text("/username").await, "Anonymous");
    assert_eq!(browser.text("/is-fresh").await, "False");
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        browser.text("/logout").await,
        "True",
        "logging out twice is fine"
    );
}

#[tokio::test]
async fn login_gives_the_session_a_new_id() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    // Refusals keep their flash in a cookie, not a session: a login makes the first session.
    let before = browser
        .get("/login/2")
        .await
        .set_cookie("session")
        .expect("session")
        .value()
        .to_owned();
    let after = browser
        .get("/login/1")
        .await
        .set_cookie("session")
        .expect("new session")
        .value()
        .to_owned();
    assert_ne!(before, after);

    // The id planted before the login does not carry it (no session fixation).
    let attacker = server.new_browser();
    let cookie = format!("session={before}");
    let reply = attacker
        .send(Method::GET, "/username", &[("cookie", &cookie)])
        .await;
    assert_eq!(reply.text, "Anonymous");
}

#[tokio::test]
async fn a_session_cookie_copied_before_logout_is_worthless_after_it() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let stolen = browser
        .get("/login/1")
        .await
        .set_cookie("session")
        .expect("session")
        .value()
        .to_owned();
    let thief = server.new_browser();
    let cookie = format!("session={stolen}");
    let reply = thief
        .send(Method::GET, "/username", &[("cookie", &cookie)])
        .await;
    assert_eq!(
        reply.text, "Notch",
        "the copy works while the user is logged in"
    );

    browser.text("/logout").await;
    let reply = thief
        .send(Method::GET, "/username", &[("cookie", &cookie)])
        .await;
    assert_eq!(reply.text, "Anonymous");
    let reply = thief
        .send(Method::GET, "/protected", &[("cookie", &cookie)])
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn flashes_survive_logout() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    browser.text("/logout").await;
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::SEE_OTHER
    );
    browser.text("/login/2").await;
    browser.text("/logout").await;
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Please log in to access this page."]]"#
    );
    assert_eq!(
        browser.text("/flashes").await,
        "[]",
        "reading consumes them"
    );
}
