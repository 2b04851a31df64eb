//! Views chosen by one handler, as `#[login_required(login_view = "...")]` writes them.

use axum::response::Response;

use crate::request::RequestHead;

/// The views one handler sends refused requests to, overriding the router's and the manager's.
///
/// The attribute macros implement it on a hidden type for handlers with view arguments; an
/// implementation by hand works the same:
///
/// ```
/// use login_runtime::{guard::{HandlerViews, LoginRequiredWith}};
///
/// struct AdminViews;
///
/// impl HandlerViews for AdminViews {
///     const LOGIN_VIEW: Option<&'static str> = Some("/admin/login");
/// }
///
/// async fn admin(_: LoginRequiredWith<AdminViews>) -> &'static str {
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

/// No override: the router's and the manager's views apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultViews;

impl HandlerViews for DefaultViews {}

/// The overrides of one handler, as values.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ViewOverrides {
    pub(crate) login: Option<&'static str>,
    pub(crate) refresh: Option<&'static str>,
    pub(crate) authenticated_redirect: Option<&'static str>,
    pub(crate) forbidden: Option<fn(RequestHead<'_>) -> Response>,
}

impl ViewOverrides {
    pub(crate) const fn of<V: HandlerViews>() -> Self {
        Self {
            login: V::LOGIN_VIEW,
            refresh: V::REFRESH_VIEW,
            authenticated_redirect: V::AUTHENTICATED_REDIRECT,
            forbidden: V::FORBIDDEN,
        }
    }
}
