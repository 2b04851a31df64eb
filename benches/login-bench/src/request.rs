//! Calling an app in-process, as a server would after parsing a request.

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{HeaderValue, Request, Response, StatusCode, header},
};
use tower::ServiceExt;

/// The User-Agent every request carries: a current desktop browser's.
const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                          Chrome/131.0.0.0 Safari/537.36";

/// Sends `GET path` with an optional `Cookie` header from a fixed client address.
pub async fn get(app: &Router, path: &str, cookie: Option<&str>) -> Response<Body> {
    // Static, as hyper's header values share its read buffer: cloning one costs no copy.
    let mut request =
        Request::get(path).header(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let mut request = request.body(Body::empty()).expect("valid request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 9], 51234))));
    app.clone().oneshot(request).await.expect("infallible")
}

/// Calls `path` (a login route) and returns the `name=value` of the session cookie it sets.
pub async fn session_cookie(app: &Router, path: &str, name: &str) -> String {
    let response = get(app, path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "login through {path}");
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("{path} sets no `{name}` cookie"))
        .to_owned()
}
