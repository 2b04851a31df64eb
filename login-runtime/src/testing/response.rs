//! A response read to the end.

use cookie::Cookie;
use http::{
    HeaderMap, StatusCode,
    header::{LOCATION, SET_COOKIE},
};

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

    /// The cookie `name` this response sets (the last, if it sets it twice), parsed: its
    /// [`value`](Cookie::value), [`max_age`](Cookie::max_age),
    /// [`expires_datetime`](Cookie::expires_datetime), [`path`](Cookie::path) and other
    /// attributes. A deletion is a cookie with an empty value and an expiry in the past.
    ///
    /// ```
    /// # async fn run(client: &login_runtime::testing::TestClient<impl login_runtime::AuthUser>) {
    /// let response = client.get("/login").await;
    /// let session = response.set_cookie("session").expect("a session cookie");
    /// assert_eq!(session.http_only(), Some(true));
    /// assert_eq!(session.max_age(), None, "a session cookie, gone when the browser closes");
    /// # }
    /// ```
    #[must_use]
    pub fn set_cookie(&self, name: &str) -> Option<Cookie<'_>> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .rev()
            .filter_map(|header| header.to_str().ok())
            .filter_map(|header| Cookie::parse(header).ok())
            .find(|cookie| cookie.name() == name)
    }
}
