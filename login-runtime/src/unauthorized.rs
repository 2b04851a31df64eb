//! What a failed login check answers: Flask-Login's `LoginManager.unauthorized`.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::{
    AuthError, AuthUser, RequestHead,
    flash::push_flash,
    login_url::{RequestUrl, login_url, make_next_param},
    redirect::see_other,
    request_auth::RequestAuth,
    session_next::store_next,
};

/// The custom handler's answer, a `401`, or a flash and a `303` to the login view with `next`.
pub(crate) async fn unauthorized_response<U: AuthUser>(
    auth: &RequestAuth<U>,
    head: RequestHead<'_>,
) -> Response {
    let settings = auth.manager.settings();
    if let Some(handler) = &settings.unauthorized_handler {
        return handler(head);
    }
    let Some(login_view) = &settings.login_view else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    redirect_to_login(auth, head, login_view)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn redirect_to_login<U: AuthUser>(
    auth: &RequestAuth<U>,
    head: RequestHead<'_>,
    login_view: &str,
) -> Result<Response, AuthError> {
    let settings = auth.manager.settings();
    if !settings.login_message.is_empty() {
        push_flash(
            &auth.session,
            settings.login_message_category.clone(),
            settings.login_message.clone(),
        )
        .await?;
    }
    let current = RequestUrl {
        scheme: head.scheme(),
        host: head.host(),
        path_and_query: head.path_and_query(),
    };
    let location = if settings.use_session_for_next {
        store_next(&auth.session, make_next_param(login_view, &current)).await?;
        login_url(login_view, None, None)
    } else {
        login_url(
            login_view,
            Some(&current.to_absolute()),
            settings.force_host_for_redirects.as_deref(),
        )
    };
    Ok(see_other(&location))
}
