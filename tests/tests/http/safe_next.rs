//! `/login-next/{id}?next=URL` redirects only to local paths.

use http::StatusCode;

use crate::harness::{Browse, serve_conformance};

const HOSTILE: &[&str] = &[
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "evil.example",
    " //evil.example",
    "",
];

fn encode(value: &str) -> String {
    percent_encoding::percent_encode(value.as_bytes(), percent_encoding::NON_ALPHANUMERIC)
        .to_string()
}

#[tokio::test]
async fn hostile_next_values_send_the_user_home() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    for next in HOSTILE {
        let reply = browser
            .get(&format!("/login-next/1?next={}", encode(next)))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(reply.location(), Some("/"), "{next:?}");
    }
}

#[tokio::test]
async fn local_next_values_are_followed() {
    let server = serve_conformance(&[]).await;
    let browser = server.new_browser();
    for (next, location) in [
        ("/protected", "/protected"),
        ("/protected?a=1&b=2", "/protected?a=1&b=2"),
        ("/佐藤", "/%E4%BD%90%E8%97%A4"),
    ] {
        let reply = browser
            .get(&format!("/login-next/1?next={}", encode(next)))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), Some(location));
    }
    assert_eq!(browser.text("/username").await, "Notch");
}

#[tokio::test]
async fn missing_next_goes_home() {
    let server = serve_conformance(&[]).await;
    let reply = server.new_browser().get("/login-next/2").await;
    assert_eq!(reply.location(), Some("/"));
}
