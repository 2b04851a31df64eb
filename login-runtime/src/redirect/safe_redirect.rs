//! Redirect responses that never panic on the location they are given.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header::LOCATION};
use percent_encoding::{CONTROLS, utf8_percent_encode};

use crate::redirect::safe_next;

/// A `303 See Other` to `next` when it is a safe local URL (see [`safe_next`]), else to
/// `fallback`: the redirect at the end of a login handler.
///
/// Non-ASCII characters in the location are percent-encoded, so any input gives a valid
/// response.
///
/// ```
/// use axum::http::header::LOCATION;
/// use login_runtime::redirect::safe_redirect;
///
/// let response = safe_redirect(Some("//evil.example/phish"), "/");
/// assert_eq!(response.headers()[LOCATION], "/");
///
/// let response = safe_redirect(Some("/settings?tab=2"), "/");
/// assert_eq!(response.headers()[LOCATION], "/settings?tab=2");
/// ```
pub fn safe_redirect(next: Option<&str>, fallback: &str) -> Response {
    see_other(next.and_then(safe_next).unwrap_or(fallback))
}

/// A `303 See Other` to `location`; one that cannot be a header value even encoded answers `500`.
pub(crate) fn see_other(location: &str) -> Response {
    let encoded = utf8_percent_encode(location, CONTROLS).to_string();
    if let Ok(location) = HeaderValue::try_from(encoded) {
        (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
    } else {
        tracing::error!("redirect location is not a valid header value");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}
