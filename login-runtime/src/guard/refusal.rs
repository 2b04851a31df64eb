//! What a failed check answers: Flask-Login's `unauthorized` and `needs_refresh` flows.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::{
    AuthError, AuthUser, LoginEvent,
    flash::{
        FlashMessage,
        flash_cookie::{FlashJar, flash_keys},
        flashes::push_flash,
    },
    guard::handler_views::ViewOverrides,
    manager::settings::{Handler, RedirectFlow},
    redirect::{
        login_url::{RequestUrl, login_url, make_next_param},
        safe_redirect::see_other,
        session_next::store_next,
    },
    request::{RequestHead, request_auth::RequestAuth},
};

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nobody (or an inactive user) is logged in: to the login view.
    Unauthorized,
    /// The login is not fresh: to the refresh view.
    NeedsRefresh,
}

impl Refusal {
    /// The answer to a refused request: a custom handler's response, a `401` without a view,
    /// or a flash and a `303` to the view with `next`. The handler's own view wins over the
    /// router's policy, which wins over the manager.
    pub(crate) async fn response<U: AuthUser>(
        self,
        auth: &RequestAuth<U>,
        head: RequestHead<'_>,
        overrides: ViewOverrides,
    ) -> Response {
        let settings = auth.manager().settings();
        let policy = auth.policy().map(crate::LoginPolicy::inner);
        let (flow, handler_view, policy_view, policy_handler, event) = match self {
            Self::Unauthorized => (
                &settings.unauthorized,
                overrides.login,
                policy.and_then(|policy| policy.login_view.as_deref()),
                policy.and_then(|policy| policy.unauthorized_handler.as_ref()),
                LoginEvent::UserUnauthorized,
            ),
            Self::NeedsRefresh => (
                &settings.needs_refresh,
                overrides.refresh,
                policy.and_then(|policy| policy.refresh_view.as_deref()),
                policy.and_then(|policy| policy.needs_refresh_handler.as_ref()),
                LoginEvent::UserNeedsRefresh,
            ),
        };
        auth.manager().emit(event);
        let answer = match (handler_view, policy_handler, policy_view) {
            (Some(view), _, _) | (None, None, Some(view)) => Answer::View(view),
            (None, Some(handler), _) => Answer::Handler(handler),
            (None, None, None) => match (&flow.handler, &flow.view) {
                (Some(handler), _) => Answer::Handler(handler),
                (None, Some(view)) => Answer::View(view),
                (None, None) => Answer::Unauthorized,
            },
        };
        match answer {
            Answer::Handler(handler) => handler(head),
            Answer::Unauthorized => StatusCode::UNAUTHORIZED.into_response(),
            Answer::View(view) => redirect_to_view(auth, head, flow, view)
                .await
                .unwrap_or_else(IntoResponse::into_response),
        }
    }
}

enum Answer<'a> {
    Handler(&'a Handler),
    View(&'a str),
    Unauthorized,
}

async fn redirect_to_view<U: AuthUser>(
    auth: &RequestAuth<U>,
    head: RequestHead<'_>,
    flow: &RedirectFlow,
    view: &str,
) -> Result<Response, AuthError> {
    let settings = auth.manager().settings();
    let jar = FlashJar {
        cookies: auth.cookies(),
        keys: flash_keys(auth.manager()),
    };
    if !flow.message.is_empty() {
        let message = match &settings.localize {
            Some(localize) => localize(&flow.message),
            None => flow.message.clone(),
        };
        let flash = FlashMessage {
            category: flow.category.clone(),
            message,
        };
        push_flash(auth.session(), &jar, flash).await?;
    }
    let current = RequestUrl {
        scheme: head.scheme(),
        host: head.host(),
        path_and_query: head.path_and_query(),
    };
    let location = if settings.use_session_for_next {
        store_next(auth.session(), &jar, make_next_param(view, &current)).await?;
        login_url(view, None, None)
    } else {
        login_url(
            view,
            Some(&current.to_absolute()),
            settings.force_host_for_redirects.as_deref(),
        )
    };
    Ok(see_other(&location))
}
