//! The `next` URL kept in the session when `use_session_for_next` is on.

use axum::extract::FromRequestParts;
use http::request::Parts;
use tower_sessions::Session;

use crate::{
    AuthError, HasLoginManager,
    flash::flash_cookie::{FlashJar, MAX_COOKIE_NEXT_LEN, update_flash_cookie},
    request::request_auth::session_of,
};

/// The session key of the `next` URL, as in Flask-Login.
const NEXT_KEY: &str = "next";

/// The page the visitor wanted before being sent to log in, when the manager keeps `next` in the
/// session ([`use_session_for_next`](crate::LoginManagerBuilder::use_session_for_next)).
/// Extracting it removes it from the session.
///
/// A visitor without a server-side session gets it in the signed flash cookie (`login_flash`)
/// instead, as its flashes, when it is at most 768 bytes long; a longer one is not kept.
///
/// It is what the visitor asked for, so pass it through [`safe_next`](crate::redirect::safe_next) before
/// redirecting to it.
///
/// ```
/// use axum::response::Redirect;
/// use login_runtime::{NextUrl, redirect::safe_next};
///
/// async fn after_login(NextUrl(next): NextUrl) -> Redirect {
///     Redirect::to(next.as_deref().and_then(safe_next).unwrap_or("/"))
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextUrl(pub Option<String>);

/// Keeps `next` in the session, or in the flash cookie when there is no session record and
/// nothing else would create one.
pub(crate) async fn store_next(
    session: &Session,
    jar: &FlashJar<'_>,
    next: String,
) -> Result<(), AuthError> {
    // Loads the record, so that `is_empty` knows whether there is one.
    session
        .get_value(NEXT_KEY)
        .await
        .map_err(AuthError::session)?;
    if session.is_empty().await {
        let next = (next.len() <= MAX_COOKIE_NEXT_LEN).then_some(next);
        jar.update(|cookie| cookie.next = next);
        return Ok(());
    }
    session
        .insert(NEXT_KEY, next)
        .await
        .map_err(AuthError::session)
}

impl<S: HasLoginManager> FromRequestParts<S> for NextUrl {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthError> {
        let session = session_of(parts)?;
        let from_cookie =
            update_flash_cookie(parts, state.login_manager(), |cookie| cookie.next.take())?;
        let stored = session
            .get_value(NEXT_KEY)
            .await
            .map_err(AuthError::session)?;
        if stored.is_none() {
            return Ok(Self(from_cookie));
        }
        session
            .remove_value(NEXT_KEY)
            .await
            .map_err(AuthError::session)?;
        Ok(Self(
            stored
                .and_then(|value| value.as_str().map(str::to_owned))
                .or(from_cookie),
        ))
    }
}
