//! The guards `#[login_required]` and `#[fresh_login_required]` inject into handlers.

use axum::{
    extract::FromRequestParts,
    response::{IntoResponse, Response},
};
use http::{Method, request::Parts};

use crate::{AuthUser, HasLoginManager, RequestHead, refusal::Refusal, request_auth::RequestAuth};

/// Lets a request through only when its user is authenticated; what `#[login_required]` injects.
///
/// Anonymous visitors (and users that are not active) get the unauthorized response: a flash
/// and a `303` to the login view with `next`, or `401` without a login view. `OPTIONS` requests
/// pass without a check, as in Flask-Login. Use it directly as an extractor where a macro does
/// not fit:
///
/// ```
/// use login_runtime::LoginRequired;
///
/// async fn dashboard(_: LoginRequired) -> &'static str {
///     "members only"
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginRequired;

/// Lets a request through only when its user is authenticated with a fresh login; what
/// `#[fresh_login_required]` injects.
///
/// Anonymous visitors get the unauthorized response, as with [`LoginRequired`]; users whose
/// login is not fresh (restored from a remember cookie, logged in with `fresh(false)`, or
/// marked stale by session protection) get the needs-refresh response: a flash and a `303` to
/// the refresh view with `next`, or `401` without a refresh view. `OPTIONS` requests pass
/// without a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct FreshLoginRequired;

impl<S: HasLoginManager> FromRequestParts<S> for LoginRequired {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        if parts.method == Method::OPTIONS {
            return Ok(Self);
        }
        let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
        require_login(&auth, parts).await.map(|_| Self)
    }
}

impl<S: HasLoginManager> FromRequestParts<S> for FreshLoginRequired {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        if parts.method == Method::OPTIONS {
            return Ok(Self);
        }
        let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
        require_login(&auth, parts).await?;
        if auth
            .login_fresh()
            .await
            .map_err(IntoResponse::into_response)?
        {
            Ok(Self)
        } else {
            Err(Refusal::NeedsRefresh
                .response(&auth, RequestHead::from_parts(parts))
                .await)
        }
    }
}

/// The authenticated user of the request, or the response that refuses the request.
pub(crate) async fn require_login<U: AuthUser>(
    auth: &RequestAuth<U>,
    parts: &Parts,
) -> Result<U, Response> {
    match auth.user().await {
        Ok(Some(user)) if user.is_authenticated() => Ok(user),
        Ok(_) => Err(Refusal::Unauthorized
            .response(auth, RequestHead::from_parts(parts))
            .await),
        Err(error) => Err(error.into_response()),
    }
}
