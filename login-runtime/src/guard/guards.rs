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
        handler_views::{DefaultViews, ViewOverrides},
        refusal::Refusal,
    },
    redirect::safe_redirect::see_other,
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

/// Lets a request through only when nobody is logged in; what `#[anonymous_required]` injects,
/// for the login and sign-up pages. Logged-in users get a `303` to the manager's
/// [`authenticated_redirect`](crate::LoginManagerBuilder::authenticated_redirect) (default
/// `/`). `OPTIONS` requests pass without a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnonymousRequired;

/// [`LoginRequired`] with the views of one handler; see [`HandlerViews`].
pub struct LoginRequiredWith<V>(PhantomData<fn() -> V>);

/// [`FreshLoginRequired`] with the views of one handler; see [`HandlerViews`].
pub struct FreshLoginRequiredWith<V>(PhantomData<fn() -> V>);

/// [`AnonymousRequired`] with the redirect of one handler; see [`HandlerViews`].
pub struct AnonymousRequiredWith<V>(PhantomData<fn() -> V>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Login,
    FreshLogin,
    Anonymous,
}

async fn check<S: HasLoginManager>(
    parts: &mut Parts,
    state: &S,
    check: Check,
    overrides: ViewOverrides,
) -> Result<(), Response> {
    if parts.method == Method::OPTIONS {
        return Ok(());
    }
    let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
    match check {
        Check::Login => refuse_anonymous(&auth, parts, overrides).await,
        Check::FreshLogin => {
            refuse_anonymous(&auth, parts, overrides).await?;
            if auth
                .login_fresh()
                .await
                .map_err(IntoResponse::into_response)?
            {
                Ok(())
            } else {
                Err(Refusal::NeedsRefresh
                    .response(&auth, RequestHead::from_parts(parts), overrides)
                    .await)
            }
        }
        Check::Anonymous => {
            if auth
                .with_user(is_authenticated)
                .await
                .map_err(IntoResponse::into_response)?
            {
                let settings = auth.manager().settings();
                Err(see_other(
                    overrides
                        .authenticated_redirect
                        .unwrap_or(&settings.authenticated_redirect),
                ))
            } else {
                Ok(())
            }
        }
    }
}

fn is_authenticated<U: AuthUser>(user: Option<&U>) -> bool {
    user.is_some_and(AuthUser::is_authenticated)
}

/// Refuses the request unless its user is authenticated, without cloning the user.
async fn refuse_anonymous<U: AuthUser>(
    auth: &RequestAuth<U>,
    parts: &Parts,
    overrides: ViewOverrides,
) -> Result<(), Response> {
    match auth.with_user(is_authenticated).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(Refusal::Unauthorized
            .response(auth, RequestHead::from_parts(parts), overrides)
            .await),
        Err(error) => Err(error.into_response()),
    }
}

/// The authenticated user of the request, or the response that refuses the request.
pub(crate) async fn require_login<U: AuthUser>(
    auth: &RequestAuth<U>,
    parts: &Parts,
    overrides: ViewOverrides,
) -> Result<U, Response> {
    match auth.user().await {
        Ok(Some(user)) if user.is_authenticated() => Ok(user),
        Ok(_) => Err(Refusal::Unauthorized
            .response(auth, RequestHead::from_parts(parts), overrides)
            .await),
        Err(error) => Err(error.into_response()),
    }
}

macro_rules! guard {
    ($guard:ident, $with:ident, $check:expr) => {
        impl<S: HasLoginManager> FromRequestParts<S> for $guard {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
                check(parts, state, $check, ViewOverrides::of::<DefaultViews>()).await?;
                Ok(Self)
            }
        }

        impl<S: HasLoginManager, V: HandlerViews> FromRequestParts<S> for $with<V> {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
                check(parts, state, $check, ViewOverrides::of::<V>()).await?;
                Ok(Self(PhantomData))
            }
        }

        impl<V> fmt::Debug for $with<V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($with))
            }
        }
    };
}

guard!(LoginRequired, LoginRequiredWith, Check::Login);
guard!(
    FreshLoginRequired,
    FreshLoginRequiredWith,
    Check::FreshLogin
);
guard!(AnonymousRequired, AnonymousRequiredWith, Check::Anonymous);
