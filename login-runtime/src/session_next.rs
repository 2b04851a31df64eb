//! The `next` URL kept in the session when `use_session_for_next` is on.

use axum::extract::FromRequestParts;
use http::request::Parts;
use tower_sessions::Session;

use crate::{AuthError, request_auth::session_of};

/// The session key of the `next` URL, as in Flask-Login.
const NEXT_KEY: &str = "next";

/// The page the visitor wanted before being sent to log in, when the manager keeps `next` in the
/// session ([`use_session_for_next`](crate::LoginManagerBuilder::use_session_for_next)).
/// Extracting it removes it from the session.
///
/// It is what the visitor asked for, so pass it through [`safe_next`](crate::safe_next) before
/// redirecting to it.
///
/// ```
/// use axum::response::Redirect;
/// use login_runtime::{NextUrl, safe_next};
///
/// async fn after_login(NextUrl(next): NextUrl) -> Redirect {
///     Redirect::to(next.as_deref().and_then(safe_next).unwrap_or("/"))
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextUrl(pub Option<String>);

pub(crate) async fn store_next(session: &Session, next: String) -> Result<(), AuthError> {
    session
        .insert(NEXT_KEY, next)
        .await
        .map_err(AuthError::session)
}

impl<S: Send + Sync> FromRequestParts<S> for NextUrl {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AuthError> {
        let session = session_of(parts)?;
        let stored = session
            .get_value(NEXT_KEY)
            .await
            .map_err(AuthError::session)?;
        if stored.is_none() {
            return Ok(Self(None));
        }
        session
            .remove_value(NEXT_KEY)
            .await
            .map_err(AuthError::session)?;
        Ok(Self(
            stored.and_then(|value| value.as_str().map(str::to_owned)),
        ))
    }
}
