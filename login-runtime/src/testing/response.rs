//! A response read to the end.

use http::{HeaderMap, StatusCode, header::LOCATION};

/// A response the [`TestClient`](super::TestClient) received, body read to the end.
///
/// ```
/// # async fn run(client: &login_runtime::testing::TestClient<impl login_runtime::AuthUser>) {
/// let response = client.get("/settings").await;
/// assert!(response.status.is_redirection());
/// assert_eq!(response.location(), Some("/login?next=%2Fsettings"));
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TestResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers, `Set-Cookie` included (the client has already stored those cookies).
    pub headers: HeaderMap,
    /// The body, decoded as UTF-8 (invalid sequences replaced).
    pub text: String,
}

impl TestResponse {
    /// The body.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first value of the header `name`, if it is present and text.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `Location` header, for redirects (the client never follows them).
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.header(LOCATION.as_str())
    }
}
