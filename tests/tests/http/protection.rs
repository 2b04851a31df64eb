//! Session protection: every mode against every situation, and trusted proxies.

use std::net::IpAddr;

use examples::conformance::{Settings, User};
use http::{Method, StatusCode};
use login_runtime::{
    testing::TestClient,
    tower_sessions::{SessionStore, session::Id},
};

use crate::{
    apps,
    harness::{
        Browse, TestStore, assert_answers, raw_request, serve, serve_conformance,
        serve_conformance_with_store, set_cookie_header,
    },
};

const OTHER_ADDRESS: &str = "127.0.0.2";
const OTHER_AGENT: &str = "Mozilla/5.0 (another browser)";

#[derive(Debug, Clone, Copy)]
enum Situation {
    SameClient,
    OtherUserAgent,
    OtherAddress,
}

#[derive(Debug, Clone, Copy)]
enum Login {
    /// `login_user` with a browser session.
    Normal,
    /// `login_user(.., permanent)`.
    Permanent,
    /// Restored from the remember cookie after a browser restart.
    Restored,
}

/// Logs in from the default client as `login` says, then asks `/username` and `/is-fresh` from
/// `situation` with copies of the same cookies.
async fn outcome(mode: &str, login: Login, situation: Situation) -> (String, String) {
    let server = serve_conformance(&[("SESSION_PROTECTION", mode)]).await;
    let owner = server.new_browser();
    let query = match login {
        Login::Normal => "",
        Login::Permanent => "?permanent=1",
        Login::Restored => "?remember=1",
    };
    assert_eq!(owner.text(&format!("/login/1{query}")).await, "True");
    if let Login::Restored = login {
        owner.restart_browser();
        assert_eq!(owner.text("/is-remembered").await, "True");
    }
    let client = from(&owner, &server, situation);
    (
        client.text("/username").await,
        client.text("/is-fresh").await,
    )
}

fn from(
    owner: &TestClient<User>,
    server: &TestClient<User>,
    situation: Situation,
) -> TestClient<User> {
    match situation {
        Situation::SameClient => server.new_browser().with_cookies_of(owner),
        Situation::OtherUserAgent => server
            .new_browser()
            .with_user_agent(OTHER_AGENT)
            .with_cookies_of(owner),
        Situation::OtherAddress => server
            .new_browser()
            .with_client_address(other_address())
            .with_cookies_of(owner),
    }
}

fn other_address() -> IpAddr {
    OTHER_ADDRESS.parse().expect("address")
}

/// Flask-Login's table, with its strong-mode bug for restored logins (#248) fixed.
fn expected(mode: &str, login: Login, situation: Situation) -> (&'static str, &'static str) {
    let fresh_at_login = if let Login::Restored = login {
        "False"
    } else {
        "True"
    };
    let moved = !matches!(situation, Situation::SameClient);
    match (mode, moved, login) {
        (_, false, _) | ("none", true, _) => ("Notch", fresh_at_login),
        ("basic", true, _) | ("strong", true, Login::Permanent) => ("Notch", "False"),
        ("strong", true, Login::Normal | Login::Restored) => ("Anonymous", "False"),
        _ => unreachable!("unknown mode {mode}"),
    }
}

#[tokio::test]
async fn every_mode_against_every_situation_and_login() {
    let mut cells = 0;
    for mode in ["none", "basic", "strong"] {
        for login in [Login::Normal, Login::Permanent, Login::Restored] {
            for situation in [
                Situation::SameClient,
                Situation::OtherUserAgent,
                Situation::OtherAddress,
            ] {
                let (name, fresh) = outcome(mode, login, situation).await;
                let (expected_name, expected_fresh) = expected(mode, login, situation);
                assert_eq!(
                    (name.as_str(), fresh.as_str()),
                    (expected_name, expected_fresh),
                    "{mode} {login:?} {situation:?}"
                );
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 27);
}

#[tokio::test]
async fn a_permanent_login_gets_a_persistent_session_cookie() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let reply = browser.get("/login/1?permanent=1").await;
    let header = set_cookie_header(&reply, "session").expect("session cookie");
    assert!(
        header.contains("Expires=") || header.contains("Max-Age="),
        "{header}"
    );
    browser.restart_browser();
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "survives a browser restart"
    );

    let reply = server.new_browser().get("/login/1").await;
    let header = set_cookie_header(&reply, "session").expect("session cookie");
    assert!(
        !header.contains("Expires=") && !header.contains("Max-Age="),
        "{header}"
    );
}

#[tokio::test]
async fn the_moved_strong_login_deletes_the_remember_cookie() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "strong")]).await;
    let owner = server.new_browser();
    owner.text("/login/1?remember=1").await;
    let thief = server
        .new_browser()
        .with_client_address(other_address())
        .with_cookies_of(&owner);
    let reply = thief.get("/username").await;
    assert_eq!(reply.text, "Anonymous");
    let deletion = set_cookie_header(&reply, "remember_token").expect("deletion");
    assert!(deletion.contains("Max-Age=0"), "{deletion}");
    assert_eq!(
        owner.text("/username").await,
        "Notch",
        "the owner keeps the login"
    );
}

#[tokio::test]
async fn a_session_with_only_app_data_is_not_a_mismatch() {
    for mode in ["basic", "strong"] {
        let server =
            serve_conformance(&[("SESSION_PROTECTION", mode), ("LOGIN_VIEW", "/login")]).await;
        let owner = server.new_browser();
        assert_eq!(owner.get("/protected").await.status, StatusCode::SEE_OTHER);
        let other = server
            .new_browser()
            .with_client_address(other_address())
            .with_user_agent(OTHER_AGENT)
            .with_cookies_of(&owner);
        let reply = other.get("/username").await;
        assert_eq!(reply.text, "Anonymous");
        assert!(
            reply.headers.get("set-cookie").is_none(),
            "{mode}: {reply:?}"
        );
        assert_eq!(
            other.text("/flashes").await,
            r#"[["message","Please log in to access this page."]]"#,
            "{mode}"
        );
    }
}

#[tokio::test]
async fn a_login_restored_from_the_remember_cookie_stays_in_strong_mode() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "strong")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?remember=1").await;
    browser.restart_browser();
    for _ in 0..3 {
        assert_eq!(browser.text("/username").await, "Notch");
    }
    assert_eq!(browser.text("/is-remembered").await, "True");
    let other = server
        .new_browser()
        .with_client_address(other_address())
        .with_cookies_of(&browser);
    assert_eq!(
        other.text("/username").await,
        "Anonymous",
        "still bound to the restoring client"
    );
}

#[tokio::test]
async fn a_restored_login_moved_in_basic_mode_is_not_fresh() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "basic")]).await;
    let browser = server.new_browser();
    browser.text("/login/1?remember=1").await;
    browser.restart_browser();
    assert_eq!(browser.text("/username").await, "Notch");
    let other = server
        .new_browser()
        .with_user_agent(OTHER_AGENT)
        .with_cookies_of(&browser);
    assert_eq!(other.text("/username").await, "Notch");
    assert_eq!(other.text("/is-fresh").await, "False");
}

#[tokio::test]
async fn confirm_login_rebinds_a_moved_login() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "basic")]).await;
    let owner = server.new_browser();
    owner.text("/login/1").await;
    let moved = server
        .new_browser()
        .with_client_address(other_address())
        .with_cookies_of(&owner);
    assert_eq!(moved.text("/username").await, "Notch");
    assert_eq!(moved.text("/is-fresh").await, "False");
    moved.text("/confirm-login").await;
    assert_eq!(moved.text("/is-fresh").await, "True");
    assert_eq!(moved.text("/fresh").await, "Access Granted");
}

#[tokio::test]
async fn forwarded_headers_count_only_from_trusted_proxies() {
    let trusting = serve(apps::behind_proxy(true)).await;
    let owner = trusting.new_browser();
    owner
        .get_with("/login", &[("x-forwarded-for", "198.51.100.1")])
        .await;
    let same = owner
        .get_with("/whoami", &[("x-forwarded-for", "198.51.100.1")])
        .await;
    assert_eq!(same.text, "Notch");
    let moved = owner
        .get_with("/whoami", &[("x-forwarded-for", "198.51.100.2")])
        .await;
    assert_eq!(
        moved.status,
        StatusCode::UNAUTHORIZED,
        "the proxy says the client moved"
    );

    let ignoring = serve(apps::behind_proxy(false)).await;
    let owner = ignoring.new_browser();
    owner
        .get_with("/login", &[("x-forwarded-for", "198.51.100.1")])
        .await;
    let spoofed = owner
        .get_with("/whoami", &[("x-forwarded-for", "198.51.100.2")])
        .await;
    assert_eq!(spoofed.text, "Notch", "an untrusted header changes nothing");
}

/// `GET path` over a raw connection with these raw header lines; returns the status line's
/// code, the body and the `session` cookie the answer sets, if any.
async fn raw_get(
    server: &TestClient<User>,
    path: &str,
    headers: &[&[u8]],
) -> (u16, String, Option<String>) {
    let mut request =
        format!("GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n").into_bytes();
    for header in headers {
        request.extend_from_slice(header);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    let response = raw_request(server, &request).await;
    let (head, body) = response.split_once("\r\n\r\n").expect("a full response");
    let status = head[9..12].parse().expect("a status code");
    let cookie = head
        .lines()
        .filter_map(|line| line.strip_prefix("set-cookie: "))
        .filter_map(|cookie| cookie.split(';').next())
        .find(|pair| pair.starts_with("session="))
        .map(str::to_owned);
    (status, body.to_owned(), cookie)
}

#[tokio::test]
async fn user_agents_that_are_not_utf8_are_told_apart() {
    let server = serve_conformance(&[("SESSION_PROTECTION", "strong")]).await;
    let (status, _, cookie) = raw_get(&server, "/login/1", &[b"user-agent: agent \xff"]).await;
    assert_eq!(status, 200);
    let cookie = format!("cookie: {}", cookie.expect("a session cookie"));
    let same = raw_get(
        &server,
        "/username",
        &[b"user-agent: agent \xff", cookie.as_bytes()],
    )
    .await;
    assert_eq!(same.1, "Notch");
    // Both decode lossily to "agent \u{FFFD}": earlier versions took them for one client.
    let other = raw_get(
        &server,
        "/username",
        &[b"user-agent: agent \xfe", cookie.as_bytes()],
    )
    .await;
    assert_eq!(other.1, "Anonymous");
    let after = raw_get(
        &server,
        "/username",
        &[b"user-agent: agent \xff", cookie.as_bytes()],
    )
    .await;
    assert_eq!(after.1, "Anonymous", "strong mode ended the login");
}

/// What versions before the protection identifier became address and User-Agent bytes stored
/// for a client at 127.0.0.1 without a User-Agent: the base64 SHA-512 of `127.0.0.1|`.
const EARLIER_IDENTIFIER: &str =
    "PyHgg2q9-mm_F2P6qoLZQhIHSr-aIllRs19HYFu5OWJf2L3ufUkrQesAutJWo5edMzAFOQzkj9XS1FuDtlNccQ";

#[tokio::test]
async fn logins_bound_by_earlier_versions_count_as_made_elsewhere() {
    for (mode, username, fresh, protected) in [
        ("basic", "Notch", "False", StatusCode::OK),
        ("strong", "Anonymous", "False", StatusCode::UNAUTHORIZED),
    ] {
        let store = TestStore::default();
        let server =
            serve_conformance_with_store(&[("SESSION_PROTECTION", mode)], store.clone()).await;
        // Without a User-Agent, as the identifier above.
        let login = server
            .new_browser()
            .with_user_agent(None)
            .get("/login/1")
            .await;
        let session = login
            .set_cookie("session")
            .expect("a session cookie")
            .value()
            .to_owned();
        let id: Id = session.parse().expect("a session id");
        let mut record = store.load(&id).await.expect("load").expect("the session");
        let login = record.data.get_mut("_login").expect("a login");
        // The record ends with the client identifier, here the address alone.
        let rebound = login
            .as_str()
            .and_then(|text| text.strip_suffix("127.0.0.1"))
            .map(|rest| format!("{rest}{EARLIER_IDENTIFIER}"))
            .expect("a record ending with the client");
        *login = serde_json::json!(rebound);
        store.save(&record).await.expect("save");
        let cookie = format!("session={session}");
        let reply = server
            .new_browser()
            .with_user_agent(None)
            .send(Method::GET, "/protected", &[("cookie", &cookie)])
            .await;
        assert_eq!(reply.status, protected, "{mode}");
        for (path, expected) in [("/username", username), ("/is-fresh", fresh)] {
            let reply = server
                .new_browser()
                .with_user_agent(None)
                .send(Method::GET, path, &[("cookie", &cookie)])
                .await;
            assert_eq!(
                (reply.status, reply.text.as_str()),
                (StatusCode::OK, expected),
                "{mode} {path}"
            );
        }
    }
}

#[tokio::test]
async fn settings_parse_every_mode() {
    for (value, ok) in [
        ("none", true),
        ("basic", true),
        ("strong", true),
        ("paranoid", false),
    ] {
        let result =
            Settings::from_lookup(|name| (name == "SESSION_PROTECTION").then(|| value.to_owned()));
        assert_eq!(result.is_ok(), ok, "{value}");
    }
}

/// A real login's session record rewritten to the JSON object that versions before the
/// compact record stored, with every field it had: the session is anonymous, without an error,
/// and logging in again works.
#[tokio::test]
async fn a_login_record_of_the_earlier_object_form_is_anonymous() {
    let store = TestStore::default();
    let server = serve_conformance_with_store(&[], store.clone()).await;
    let login = server.new_browser().get("/login/1").await;
    let session = login
        .set_cookie("session")
        .expect("a session cookie")
        .value()
        .to_owned();
    let id: Id = session.parse().expect("a session id");
    let mut record = store.load(&id).await.expect("load").expect("the session");
    let text = record.data["_login"].as_str().expect("a record").to_owned();
    // `v2.`, the flags, then the login id.
    let login_id = &text[4..26];
    record.data.insert(
        "_login".to_owned(),
        serde_json::json!({
            "login": login_id,
            "user_id": "1",
            "fresh": true,
            "client": "127.0.0.1",
        }),
    );
    store.save(&record).await.expect("save");
    let cookie = format!("session={session}");
    assert_answers(
        &server,
        &cookie,
        &[
            ("/username", StatusCode::OK, "Anonymous"),
            ("/is-fresh", StatusCode::OK, "False"),
            ("/protected", StatusCode::UNAUTHORIZED, ""),
        ],
    )
    .await;
    let again = server
        .new_browser()
        .send(Method::GET, "/login/1", &[("cookie", &cookie)])
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let session = again
        .set_cookie("session")
        .expect("a new session id")
        .value()
        .to_owned();
    let reply = server
        .new_browser()
        .send(
            Method::GET,
            "/username",
            &[("cookie", &format!("session={session}"))],
        )
        .await;
    assert_eq!(reply.text, "Notch");
}
