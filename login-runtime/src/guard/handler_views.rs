//! Views chosen by one handler, as `#[login_required(login_view = "...")]` writes them.

use std::{borrow::Cow, sync::Arc};

use axum::response::Response;

use crate::{
    guard::refusal::{Answer, RefusalTargets, Target},
    request::RequestHead,
};

/// The views one handler sends refused requests to, overriding the router's
/// [`LoginPolicy`](crate::LoginPolicy) and the manager's settings; the `V` of the guards
/// ([`LoginRequired<V>`](crate::guard::LoginRequired) and the others).
///
/// The attribute macros implement it on a hidden type for handlers with view arguments; an
/// implementation by hand works the same. `()`, the guards' default, sets nothing.
///
/// ```
/// use login_runtime::guard::{HandlerViews, LoginRequired};
///
/// struct AdminViews;
///
/// impl HandlerViews for AdminViews {
///     const LOGIN_VIEW: Option<&'static str> = Some("/admin/login");
/// }
///
/// async fn admin(_: LoginRequired<AdminViews>) -> &'static str {
///     "admins only"
/// }
/// ```
pub trait HandlerViews: Send + Sync + 'static {
    /// Where anonymous visitors are sent, instead of the login view.
    const LOGIN_VIEW: Option<&'static str> = None;
    /// Where stale logins are sent, instead of the refresh view.
    const REFRESH_VIEW: Option<&'static str> = None;
    /// Where logged-in users are sent by an anonymous-only handler.
    const AUTHENTICATED_REDIRECT: Option<&'static str> = None;
    /// The answer to a logged-in user who lacks a permission the handler requires, instead of
    /// the router's and the manager's (`#[login_required(forbidden = ..)]`).
    const FORBIDDEN: Option<fn(RequestHead<'_>) -> Response> = None;
}

/// No views of its own: the router's and the manager's apply.
impl HandlerViews for () {}

impl RefusalTargets {
    /// The targets of the handler whose views are `V`.
    pub(crate) fn of_handler<V: HandlerViews>() -> Self {
        let view = |view: Option<&'static str>| Target {
            answer: None,
            view: view.map(Cow::Borrowed),
        };
        Self {
            unauthorized: view(V::LOGIN_VIEW),
            needs_refresh: view(V::REFRESH_VIEW),
            authenticated: view(V::AUTHENTICATED_REDIRECT),
            forbidden: Target {
                answer: V::FORBIDDEN.map(|answer| Arc::new(answer) as Answer),
                view: None,
            },
        }
    }
}
