//! Forged, malformed and oversized cookies and headers: anonymous, never a panic or a 500.

use std::collections::HashMap;

use http::{Method, StatusCode};
use login_runtime::tower_sessions::{
    SessionStore,
    session::{Id, Record},
};
use time::OffsetDateTime;

use crate::harness::{
    Browse, TestStore, assert_answers, raw_request, serve_conformance, serve_conformance_with_store,
};

const FORGED_SESSIONS: &[&str] = &[
    "session=",
    "session=garbage",
    "session=AAAAAAAAAAAAAAAAAAAAAA",
    "session=%00%01%02",
    "session=../../etc/passwd",
    "session=1; session=2",
    "session=\"quoted\"",
    "session=🦀🦀🦀",
];

#[tokio::test]
async fn forged_session_cookies_mean_anonymous() {
    let server = serve_conformance(&[("LOGIN_VIEW", "/login")]).await;
    let oversized = format!("session={}", "A".repeat(8000));
    for cookie in FORGED_SESSIONS.iter().copied().chain([oversized.as_str()]) {
        let reply = server
            .new_browser()
            .send(Method::GET, "/username", &[("cookie", cookie)])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{cookie}");
        assert_eq!(reply.text, "Anonymous", "{cookie}");
        let reply = server
            .new_browser()
            .send(Method::GET, "/protected", &[("cookie", cookie)])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{cookie}");
    }
}

#[tokio::test]
async fn a_well_formed_but_unknown_session_id_means_anonymous() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    let real = browser
        .get("/login/1")
        .await
        .set_cookie("session")
        .expect("session")
        .value()
        .to_owned();
    // Same shape, other id: flip the last character.
    let mut forged: Vec<char> = real.chars().collect();
    let last = forged.last_mut().expect("non-empty id");
    *last = if *last == 'A' { 'B' } else { 'A' };
    let cookie = format!("session={}", forged.into_iter().collect::<String>());
    let reply = server
        .new_browser()
        .send(Method::GET, "/username", &[("cookie", &cookie)])
        .await;
    assert_eq!(reply.text, "Anonymous");
}

#[tokio::test]
async fn garbage_headers_do_not_break_the_redirect() {
    let server = serve_conformance(&[("LOGIN_VIEW", "https://auth.example.com/login")]).await;
    for host in ["", "evil.example", "a b", "[::1", "%ff%00"] {
        let reply = server
            .new_browser()
            .send(Method::GET, "/protected?q=%FF%00", &[("host", host)])
            .await;
        assert!(
            reply.status == StatusCode::SEE_OTHER || reply.status == StatusCode::BAD_REQUEST,
            "host {host:?}: {reply:?}"
        );
    }
}

#[tokio::test]
async fn raw_bytes_in_host_and_cookie_headers_are_survived() {
    let server = serve_conformance(&[("LOGIN_VIEW", "https://auth.example.com/login")]).await;
    let requests: [&[u8]; 3] = [
        b"GET /protected HTTP/1.1\r\nhost: \xff\xfe\x80\r\nconnection: close\r\n\r\n",
        b"GET /username HTTP/1.1\r\nhost: x\r\ncookie: session=\xff\xfe; a\r\nconnection: close\r\n\r\n",
        b"GET /protected HTTP/1.1\r\nhost: x\r\ncookie: \x01\x02=\x03\r\nconnection: close\r\n\r\n",
    ];
    for request in requests {
        let response = raw_request(&server, request).await;
        let status_line = response.lines().next().unwrap_or_default().to_owned();
        assert!(
            status_line.starts_with("HTTP/1.1 303")
                || status_line.starts_with("HTTP/1.1 200")
                || status_line.starts_with("HTTP/1.1 400"),
            "{}: {status_line}",
            String::from_utf8_lossy(request)
        );
    }
}

#[tokio::test]
async fn a_corrupted_session_record_means_anonymous() {
    let store = TestStore::default();
    let server = serve_conformance_with_store(&[], store.clone()).await;
    let mut record = Record {
        id: Id::default(),
        data: HashMap::from([
            ("_login".to_owned(), serde_json::json!(42)),
            ("_flashes".to_owned(), serde_json::json!("not a list")),
            ("next".to_owned(), serde_json::json!({ "not": "a string" })),
        ]),
        expiry_date: OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.expect("create");
    let cookie = format!("session={}", record.id);
    assert_answers(
        &server,
        &cookie,
        &[
            ("/username", StatusCode::OK, "Anonymous"),
            ("/is-fresh", StatusCode::OK, "False"),
            ("/flashes", StatusCode::OK, "[]"),
            ("/next", StatusCode::OK, ""),
            ("/protected", StatusCode::UNAUTHORIZED, ""),
        ],
    )
    .await;
}
