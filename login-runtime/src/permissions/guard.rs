//! The permission guards: extractors, and router layers made from them.

use std::{fmt, marker::PhantomData};

use axum::{
    extract::FromRequestParts,
    middleware::{FromExtractorLayer, from_extractor_with_state},
    response::{IntoResponse, Response},
};
use http::{Method, request::Parts};

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginEvent,
    guard::{
        HandlerViews,
        guards::require_login,
        refusal::{Refusal, RefusalTargets},
    },
    permissions::{PermissionOf, Predicate, RequiredPermissions, UserPermissions},
    request::{RequestHead, request_auth::RequestAuth},
};

/// Lets a request through only when its user is logged in and has every permission of `R`;
/// what `#[login_required(permission = ..)]` and `#[login_required(permissions = [..])]`
/// inject.
///
/// Anonymous visitors get the unauthorized response, as with
/// [`LoginRequired`](crate::guard::LoginRequired); a logged-in user without a permission gets `403`
/// (or the first answer set of the handler's [`HandlerViews::FORBIDDEN`], the router's
/// [`LoginPolicyBuilder::forbidden_handler`](crate::layer::LoginPolicyBuilder::forbidden_handler)
/// and [`LoginManagerBuilder::forbidden_handler`](crate::LoginManagerBuilder::forbidden_handler)),
/// and a [`LoginEvent::PermissionDenied`](crate::LoginEvent::PermissionDenied) is emitted.
/// `OPTIONS` requests pass without a check, as for every guard.
///
/// As an extractor:
///
/// ```
/// # #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] enum Permission { Admin }
/// use login_runtime::{permissions::{PermissionRequired, RequiredPermissions}};
///
/// struct Admin;
///
/// impl RequiredPermissions for Admin {
///     type Permission = Permission;
///     const ALL: &'static [&'static Permission] = &[&Permission::Admin];
/// }
///
/// async fn admin_area(_: PermissionRequired<Admin>) -> &'static str {
///     "Admin Area"
/// }
/// ```
///
/// As a layer protecting every route of a router, with [`layer`](Self::layer):
///
/// ```
/// # use login_runtime::{AuthUser, LoginManager, UserLoader, permissions::{PermissionRequired, RequiredPermissions}};
/// # #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] enum Permission { Admin }
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32, #[auth(permissions)] permissions: Vec<Permission> }
/// # struct Users;
/// # impl UserLoader for Users {
/// #     type User = User;
/// #     type Error = std::convert::Infallible;
/// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
/// # }
/// # struct Admin;
/// # impl RequiredPermissions for Admin {
/// #     type Permission = Permission;
/// #     const ALL: &'static [&'static Permission] = &[&Permission::Admin];
/// # }
/// use axum::{Router, routing::get};
///
/// let manager = LoginManager::new(Users);
/// let admin: Router<LoginManager<User>> = Router::new()
///     .route("/users", get(|| async { "every user" }))
///     .route("/settings", get(|| async { "site settings" }))
///     .route_layer(PermissionRequired::<Admin>::layer(manager.clone()));
/// ```
pub struct PermissionRequired<R, V = ()>(PhantomData<fn() -> (R, V)>);

/// Lets a request through only when its user is logged in and passes the [`Predicate`] `R`;
/// what `#[login_required(predicate = ..)]` injects. Refusals are those of
/// [`PermissionRequired`].
///
/// ```
/// # #[derive(Clone, login_runtime::AuthUser)] struct User { #[auth(id)] id: u32, plan: &'static str }
/// use login_runtime::{permissions::{Predicate, PredicateRequired}};
///
/// struct PaidPlan;
///
/// impl Predicate<User> for PaidPlan {
///     async fn allows(user: &User) -> bool {
///         user.plan != "free"
///     }
/// }
///
/// async fn export(_: PredicateRequired<PaidPlan>) -> &'static str {
///     "export.csv"
/// }
/// ```
pub struct PredicateRequired<R, V = ()>(PhantomData<fn() -> (R, V)>);

macro_rules! common {
    ($guard:ident) => {
        impl<R, V> $guard<R, V> {
            /// A layer that runs this guard before every route of a router; install it with
            /// `Router::route_layer`, under the login and session layers. `state` is the router
            /// state (or anything holding the manager, such as the manager itself).
            pub fn layer<S>(state: S) -> FromExtractorLayer<Self, S>
            where
                Self: FromRequestParts<S>,
                S: Clone + Send + Sync + 'static,
            {
                from_extractor_with_state(state)
            }
        }

        impl<R, V> fmt::Debug for $guard<R, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($guard))
            }
        }
    };
}

common!(PermissionRequired);
common!(PredicateRequired);

impl<S, R, V> FromRequestParts<S> for PermissionRequired<R, V>
where
    S: HasLoginManager,
    S::User: UserPermissions,
    R: RequiredPermissions,
    R::Permission: PermissionOf<S::User>,
    V: HandlerViews,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        if parts.method == Method::OPTIONS {
            return Ok(Self(PhantomData));
        }
        let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
        let user = require_login(&auth, parts, RefusalTargets::of_handler::<V>).await?;
        if has_all(&auth, &user, R::ALL)
            .await
            .map_err(IntoResponse::into_response)?
        {
            Ok(Self(PhantomData))
        } else {
            Err(forbidden(&auth, &user, parts, RefusalTargets::of_handler::<V>).await)
        }
    }
}

impl<S, R, V> FromRequestParts<S> for PredicateRequired<R, V>
where
    S: HasLoginManager,
    R: Predicate<S::User>,
    V: HandlerViews,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        if parts.method == Method::OPTIONS {
            return Ok(Self(PhantomData));
        }
        let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
        let user = require_login(&auth, parts, RefusalTargets::of_handler::<V>).await?;
        if R::allows(&user).await {
            Ok(Self(PhantomData))
        } else {
            Err(forbidden(&auth, &user, parts, RefusalTargets::of_handler::<V>).await)
        }
    }
}

/// Refuses the request of `user`, who is logged in but lacks a permission.
async fn forbidden<U: AuthUser>(
    auth: &RequestAuth<U>,
    user: &U,
    parts: &Parts,
    handler_targets: fn() -> RefusalTargets,
) -> Response {
    auth.manager().emit(LoginEvent::PermissionDenied {
        user_id: user.get_id(),
    });
    Refusal::Forbidden
        .response(auth, RequestHead::from_parts(parts), &handler_targets())
        .await
}

/// Whether `user` has every permission of `required`: first those it holds itself, then, only
/// if some is missing, those the manager's loader gives it (loaded once per request).
async fn has_all<U, Q>(auth: &RequestAuth<U>, user: &U, required: &[&Q]) -> Result<bool, AuthError>
where
    U: UserPermissions,
    Q: ?Sized + PermissionOf<U>,
{
    if required
        .iter()
        .all(|permission| permission.is_held_by(user))
    {
        return Ok(true);
    }
    let Some(loader) = auth.manager().settings().permission_loader.get::<U>() else {
        return Ok(false);
    };
    let from_backend = auth
        .loaded_permissions()
        .get_or_load(user.get_id(), async {
            loader.load(user).await.map_err(AuthError::loader)
        })
        .await?;
    Ok(required
        .iter()
        .all(|permission| permission.is_held_by(user) || permission.is_in(&from_backend)))
}
