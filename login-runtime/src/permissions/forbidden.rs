//! What a request gets when its user lacks a permission: `403`, or the most specific
//! configured answer.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::{
    AuthUser, LoginEvent,
    guard::handler_views::ViewOverrides,
    request::{RequestHead, request_auth::RequestAuth},
};

/// Refuses the request of `user`, who is logged in but lacks a permission. The handler's own
/// answer wins over the router's policy, which wins over the manager; without any, `403`.
pub(crate) fn forbidden<U: AuthUser>(
    auth: &RequestAuth<U>,
    user: &U,
    head: RequestHead<'_>,
    overrides: ViewOverrides,
) -> Response {
    auth.manager().emit(LoginEvent::PermissionDenied {
        user_id: user.get_id(),
    });
    let policy = auth
        .policy()
        .and_then(|policy| policy.inner().forbidden_handler.as_ref());
    let manager = auth
        .manager()
        .settings()
        .permissions
        .forbidden_handler
        .as_ref();
    match (overrides.forbidden, policy.or(manager)) {
        (Some(answer), _) => answer(head),
        (None, Some(answer)) => answer(head),
        (None, None) => StatusCode::FORBIDDEN.into_response(),
    }
}
