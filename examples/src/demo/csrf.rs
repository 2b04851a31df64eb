//! Cross-site request forgery protection for every form: a random token bound to the session
//! (rotated at login and logout) that each form sends back, and a refusal of any state-changing
//! request that the browser says comes from another site.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use login_runtime::tower_sessions::{Session, session};
use subtle::ConstantTimeEq as _;

use super::AppState;

/// The session key of the token.
const SESSION_KEY: &str = "demo.csrf_token";
/// The form field that carries it.
const FIELD: &str = "csrf_token";
/// The largest form body read.
const MAX_BODY: usize = 64 * 1024;

/// The session's token, made on first use.
pub(crate) async fn token(session: &Session) -> Result<String, session::Error> {
    match session.get::<String>(SESSION_KEY).await {
        Ok(Some(token)) => Ok(token),
        _ => rotate(session).await,
    }
}

/// A new token for the session, at login and logout, so that a token seen before stops working.
pub(crate) async fn rotate(session: &Session) -> Result<String, session::Error> {
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    session.insert(SESSION_KEY, &token).await?;
    Ok(token)
}

/// Middleware: a request that may change state (anything but `GET`, `HEAD` and `OPTIONS`) must
/// come from this site and carry the session's token in its form, else `403`.
pub(crate) async fn protect(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_cross_site(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site form");
        return refuse(&state);
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return state
            .templates
            .error(StatusCode::PAYLOAD_TOO_LARGE, "That form is too large.");
    };
    let sent = form_urlencoded::parse(&body)
        .find(|(name, _)| name == FIELD)
        .map(|(_, value)| value.into_owned());
    let expected = session.get::<String>(SESSION_KEY).await.ok().flatten();
    let matches = match (sent, expected) {
        (Some(sent), Some(expected)) => bool::from(sent.as_bytes().ct_eq(expected.as_bytes())),
        _ => false,
    };
    if !matches {
        tracing::warn!(path = %parts.uri.path(), "refused a form without a valid CSRF token");
        return refuse(&state);
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// What the browser says about the request's origin: `Sec-Fetch-Site` from browsers that send
/// it, else an `Origin` other than this host.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).map(HeaderValue::as_bytes);
    let origin_host = origin.to_str().ok().and_then(|origin| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
    });
    origin_host.map(str::as_bytes) != host
}

fn refuse(state: &AppState) -> Response {
    state.templates.error(
        StatusCode::FORBIDDEN,
        "This form came from another site, or its page is too old. Go back, reload the page and try again.",
    )
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::is_cross_site;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn the_browser_says_where_a_form_comes_from() {
        for same in [
            &[][..],
            &[("sec-fetch-site", "same-origin")],
            &[("sec-fetch-site", "none")],
            &[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000"),
            ],
        ] {
            assert!(!is_cross_site(&headers(same)), "{same:?}");
        }
        for cross in [
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site")],
            &[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://localhost:3000"),
            ],
            &[("host", "127.0.0.1:3000"), ("origin", "null")],
            &[("origin", "http://127.0.0.1:3000")],
        ] {
            assert!(is_cross_site(&headers(cross)), "{cross:?}");
        }
    }
}
