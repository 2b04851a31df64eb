//! Where a refused request goes, and what it gets: Flask-Login's `unauthorized` and
//! `needs_refresh` flows, the redirect away from anonymous-only routes, and the `403` of the
//! permission checks.
//!
//! A handler (its [`HandlerViews`](crate::guard::HandlerViews)), a router ([`LoginPolicy`])
//! and the manager each hold [`RefusalTargets`]; a refusal goes where the most specific level
//! that sets it says.

use std::{borrow::Cow, fmt, sync::Arc};

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::{
    AuthError, AuthUser, LoginEvent, LoginPolicy,
    flash::{
        FlashMessage,
        flash_cookie::{FlashJar, flash_keys},
        flashes::push_flash,
    },
    manager::ConfigError,
    redirect::{
        login_url::{RequestUrl, login_url, make_next_param},
        safe_redirect::see_other,
        session_next::store_next,
    },
    request::{RequestHead, request_auth::RequestAuth},
};

/// A custom answer to refused requests, such as an `unauthorized_handler`.
pub(crate) type Answer = Arc<dyn Fn(RequestHead<'_>) -> Response + Send + Sync>;

pub(crate) fn answer<F, R>(answer: F) -> Answer
where
    F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
    R: IntoResponse,
{
    Arc::new(move |head: RequestHead<'_>| answer(head).into_response())
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nobody (or an inactive user) is logged in: to the login view, else `401`.
    Unauthorized,
    /// The login is not fresh: to the refresh view, else `401`.
    NeedsRefresh,
    /// Somebody is logged in on an anonymous-only route: to the authenticated redirect, else `/`.
    Authenticated,
    /// The user lacks a permission: `403`.
    Forbidden,
}

/// Where one level (a handler, a router, the manager) sends refused requests; what it leaves
/// unset falls back to the next level.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefusalTargets {
    pub(crate) unauthorized: Target,
    pub(crate) needs_refresh: Target,
    pub(crate) authenticated: Target,
    pub(crate) forbidden: Target,
}

/// Where one kind of refused request goes: a custom answer, else a view.
#[derive(Clone, Default)]
pub(crate) struct Target {
    pub(crate) answer: Option<Answer>,
    pub(crate) view: Option<Cow<'static, str>>,
}

impl RefusalTargets {
    fn of(&self, refusal: Refusal) -> &Target {
        match refusal {
            Refusal::Unauthorized => &self.unauthorized,
            Refusal::NeedsRefresh => &self.needs_refresh,
            Refusal::Authenticated => &self.authenticated,
            Refusal::Forbidden => &self.forbidden,
        }
    }

    /// Refuses views that are neither a path nor an absolute http(s) URL, naming the setting.
    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        let views = [
            ("login_view", &self.unauthorized),
            ("refresh_view", &self.needs_refresh),
            ("authenticated_redirect", &self.authenticated),
        ];
        for (setting, target) in views {
            if let Some(view) = &target.view {
                ConfigError::check_view(setting, view)?;
            }
        }
        Ok(())
    }
}

impl Refusal {
    /// The answer to a refused request, from the first level that sets a target for it: the
    /// handler, the router's policy, the manager. A level's custom answer wins over its view.
    /// The login and refresh views get a flash and `next`; without any target, `401` (`403` for
    /// a missing permission, `/` for the authenticated redirect).
    pub(crate) async fn response<U: AuthUser>(
        self,
        auth: &RequestAuth<U>,
        head: RequestHead<'_>,
        handler_targets: &RefusalTargets,
    ) -> Response {
        let settings = auth.manager().settings();
        match self {
            Self::Unauthorized => auth.manager().emit(LoginEvent::UserUnauthorized),
            Self::NeedsRefresh => auth.manager().emit(LoginEvent::UserNeedsRefresh),
            Self::Authenticated | Self::Forbidden => {}
        }
        let policy = auth.policy().map(LoginPolicy::targets);
        let target = [
            Some(handler_targets),
            policy,
            Some(&settings.refusal_targets),
        ]
        .into_iter()
        .flatten()
        .map(|level| level.of(self))
        .find(|target| target.answer.is_some() || target.view.is_some());
        if let Some(answer) = target.and_then(|target| target.answer.as_ref()) {
            return answer(head);
        }
        let Some(view) = target.and_then(|target| target.view.as_deref()) else {
            return match self {
                Self::Unauthorized | Self::NeedsRefresh => StatusCode::UNAUTHORIZED.into_response(),
                Self::Authenticated => see_other("/"),
                Self::Forbidden => StatusCode::FORBIDDEN.into_response(),
            };
        };
        let flash = match self {
            Self::Unauthorized => &settings.login_message,
            Self::NeedsRefresh => &settings.needs_refresh_message,
            Self::Authenticated | Self::Forbidden => return see_other(view),
        };
        redirect_to_view(auth, head, flash, view)
            .await
            .unwrap_or_else(IntoResponse::into_response)
    }
}

async fn redirect_to_view<U: AuthUser>(
    auth: &RequestAuth<U>,
    head: RequestHead<'_>,
    flash: &FlashMessage,
    view: &str,
) -> Result<Response, AuthError> {
    let settings = auth.manager().settings();
    let jar = FlashJar {
        cookies: auth.cookies(),
        keys: flash_keys(auth.manager()),
    };
    if !flash.message.is_empty() {
        let message = match &settings.localize {
            Some(localize) => localize(&flash.message),
            None => flash.message.clone(),
        };
        let flash = FlashMessage {
            category: flash.category.clone(),
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

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("answer", &self.answer.as_ref().map(|_| "custom"))
            .field("view", &self.view)
            .finish()
    }
}
