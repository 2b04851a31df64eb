//! What a failed check answers: Flask-Login's `unauthorized` and `needs_refresh` flows.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::{
    AuthError, AuthUser, RequestHead,
    flash::push_flash,
    login_url::{RequestUrl, login_url, make_next_param},
    redirect::see_other,
    request_auth::RequestAuth,
    session_next::store_next,
    settings::RedirectFlow,
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
    /// The custom handler's answer, a `401` without a view, or a flash and a `303` to the view
    /// with `next`.
    pub(crate) async fn response<U: AuthUser>(
        self,
        auth: &RequestAuth<U>,
        head: RequestHead<'_>,
    ) -> Response {
        let settings = auth.manager.settings();
        let flow = match self {
            Self::Unauthorized => &settings.unauthorized,
            Self::NeedsRefresh => &settings.needs_refresh,
        };
        match self {
            Self::Unauthorized => tracing::debug!(uri = %head.uri, "user unauthorized"),
            Self::NeedsRefresh => tracing::debug!(uri = %head.uri, "user needs refresh"),
        }
        if let Some(handler) = &flow.handler {
            return handler(head);
        }
        let Some(view) = &flow.view else {
            return StatusCode::UNAUTHORIZED.into_response();
        };
        redirect_to_view(auth, head, flow, view)
            .await
            .unwrap_or_else(IntoResponse::into_response)
    }
}

async fn redirect_to_view<U: AuthUser>(
    auth: &RequestAuth<U>,
    head: RequestHead<'_>,
    flow: &RedirectFlow,
    view: &str,
) -> Result<Response, AuthError> {
    let settings = auth.manager.settings();
    if !flow.message.is_empty() {
        push_flash(&auth.session, flow.category.clone(), flow.message.clone()).await?;
    }
    let current = RequestUrl {
        scheme: head.scheme(),
        host: head.host(),
        path_and_query: head.path_and_query(),
    };
    let location = if settings.use_session_for_next {
        store_next(&auth.session, make_next_param(view, &current)).await?;
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
