//! The guards the attribute macros inject into handlers: login, fresh login, anonymous only.

use std::{fmt, marker::PhantomData};

use axum::{
    extract::FromRequestParts,
    response::{IntoResponse, Response},
};
use http::{Method, request::Parts};

use crate::{
    AuthUser, HasLoginManager,
    guard::{
        HandlerViews,
        refusal::{Refusal, RefusalTargets},
    },
    request::{RequestHead, request_auth::RequestAuth},
};

/// Lets a request through only when its user is authenticated; what `#[login_required]` injects.
///
/// Anonymous visitors (and users that are not active) get the unauthorized response: a flash
/// and a `303` to the login view with `next`, or `401` without a login view. `OPTIONS` requests
/// pass without a check, as in Flask-Login. Use it directly as an extractor where a macro does
/// not fit:
///
/// ```
/// use login_runtime::guard::LoginRequired;
///
/// async fn dashboard(_: LoginRequired) -> &'static str {
///     "members only"
/// }
/// ```
///
/// `V` gives the handler views of its own ([`HandlerViews`]), as
/// `#[login_required(login_view = "/admin/login")]` does; the default, `()`, has none, so the
/// router's [`LoginPolicy`](crate::LoginPolicy) and the manager's settings apply.
pub struct LoginRequired<V = ()>(PhantomData<fn() -> V>);

/// Lets a request through only when its user is authenticated with a fresh login; what
/// `#[fresh_login_required]` injects.
///
/// Anonymous visitors get the unauthorized response, as with [`LoginRequired`]; users whose
/// login is not fresh (restored from a remember cookie, logged in with `fresh(false)`, or
/// marked stale by session protection) get the needs-refresh response: a flash and a `303` to
/// the refresh view with `next`, or `401` without a refresh view. `OPTIONS` requests pass
/// without a check. `V` gives the handler views of its own, as for [`LoginRequired`].
///
/// ```
/// use login_runtime::guard::FreshLoginRequired;
///
/// async fn change_password(_: FreshLoginRequired) -> &'static str {
///     "enter the new password"
/// }
/// ```
pub struct FreshLoginRequired<V = ()>(PhantomData<fn() -> V>);

/// Lets a request through only when nobody is logged in; what `#[anonymous_required]` injects,
/// for the login and sign-up pages. Logged-in users get a `303` to the handler's
/// [`AUTHENTICATED_REDIRECT`](HandlerViews::AUTHENTICATED_REDIRECT), else the manager's
/// [`authenticated_redirect`](crate::manager::LoginManagerBuilder::authenticated_redirect) (default
/// `/`). `OPTIONS` requests pass without a check.
///
/// ```
/// use login_runtime::guard::AnonymousRequired;
///
/// async fn sign_up(_: AnonymousRequired) -> &'static str {
///     "choose a user name"
/// }
/// ```
pub struct AnonymousRequired<V = ()>(PhantomData<fn() -> V>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Login,
    FreshLogin,
    Anonymous,
}

/// Runs `check`; `handler_targets` makes the handler's targets, only for a refusal.
async fn check<S: HasLoginManager>(
    parts: &mut Parts,
    state: &S,
    check: Check,
    handler_targets: fn() -> RefusalTargets,
) -> Result<(), Response> {
    if parts.method == Method::OPTIONS {
        return Ok(());
    }
    let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
    let refusal = match check {
        Check::Login => return refuse_anonymous(&auth, parts, handler_targets).await,
        Check::FreshLogin => {
            refuse_anonymous(&auth, parts, handler_targets).await?;
            if auth
                .login_fresh()
                .await
                .map_err(IntoResponse::into_response)?
            {
                return Ok(());
            }
            Refusal::NeedsRefresh
        }
        Check::Anonymous => {
            if !auth
                .with_user(is_authenticated)
                .await
                .map_err(IntoResponse::into_response)?
            {
                return Ok(());
            }
            Refusal::Authenticated
        }
    };
    Err(refusal
        .response(&auth, RequestHead::from_parts(parts), &handler_targets())
        .await)
}

fn is_authenticated<U: AuthUser>(user: Option<&U>) -> bool {
    user.is_some_and(AuthUser::is_authenticated)
}

/// Refuses the request unless its user is authenticated, without cloning the user.
async fn refuse_anonymous<U: AuthUser>(
    auth: &RequestAuth<U>,
    parts: &Parts,
    handler_targets: fn() -> RefusalTargets,
) -> Result<(), Response> {
    match auth.with_user(is_authenticated).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(Refusal::Unauthorized
            .response(auth, RequestHead::from_parts(parts), &handler_targets())
            .await),
        Err(error) => Err(error.into_response()),
    }
}

/// The authenticated user of the request, or the response that refuses the request.
pub(crate) async fn require_login<U: AuthUser>(
    auth: &RequestAuth<U>,
    parts: &Parts,
    handler_targets: fn() -> RefusalTargets,
) -> Result<U, Response> {
    match auth.user().await {
        Ok(Some(user)) if user.is_authenticated() => Ok(user),
        Ok(_) => Err(Refusal::Unauthorized
            .response(auth, RequestHead::from_parts(parts), &handler_targets())
            .await),
        Err(error) => Err(error.into_response()),
    }
}

macro_rules! guard {
    ($guard:ident, $check:expr) => {
        impl<S: HasLoginManager, V: HandlerViews> FromRequestParts<S> for $guard<V> {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
                check(parts, state, $check, RefusalTargets::of_handler::<V>).await?;
                Ok(Self(PhantomData))
            }
        }

        impl<V> fmt::Debug for $guard<V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($guard))
            }
        }

        impl<V> Clone for $guard<V> {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<V> Copy for $guard<V> {}

        impl<V> Default for $guard<V> {
            fn default() -> Self {
                Self(PhantomData)
            }
        }
    };
}

guard!(LoginRequired, Check::Login);
guard!(FreshLoginRequired, Check::FreshLogin);
guard!(AnonymousRequired, Check::Anonymous);
