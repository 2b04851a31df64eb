//! Per-router login policies: Flask-Login's blueprint login views, as a tower layer.

use std::{
    fmt,
    sync::Arc,
    task::{Context, Poll},
};

use axum::response::IntoResponse;
use http::Request;
use tower_layer::Layer;
use tower_service::Service;

use crate::{
    manager::{
        config_error::ConfigError,
        settings::{Handler, handler},
    },
    request::RequestHead,
};

/// How the routes of one router answer refused requests, overriding the manager's settings:
/// a login view of their own, or responses of their own (JSON for an API, an `HX-Redirect`
/// for htmx), without touching their handlers.
///
/// ```
/// use axum::{Json, Router, http::StatusCode, routing::get};
/// use login_runtime::LoginPolicy;
///
/// let api = Router::<()>::new()
///     .route("/me", get(|| async { "..." }))
///     .layer(LoginPolicy::new().unauthorized_handler(|_request| {
///         (StatusCode::UNAUTHORIZED, Json(serde_json::json!({ "error": "unauthorized" })))
///     }));
/// let admin = Router::<()>::new()
///     .route("/dashboard", get(|| async { "..." }))
///     .layer(LoginPolicy::new().login_view("/admin/login").unwrap());
/// ```
///
/// The most specific setting wins: a handler's own view (`#[login_required(login_view = ..)]`),
/// then this policy (its handler before its view), then the manager (its handler before its
/// view).
#[derive(Clone, Default)]
pub struct LoginPolicy {
    inner: Arc<PolicyInner>,
}

#[derive(Default)]
pub(crate) struct PolicyInner {
    pub(crate) login_view: Option<String>,
    pub(crate) refresh_view: Option<String>,
    pub(crate) unauthorized_handler: Option<Handler>,
    pub(crate) needs_refresh_handler: Option<Handler>,
    pub(crate) forbidden_handler: Option<Handler>,
}

impl LoginPolicy {
    /// A policy that overrides nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn edit(mut self, change: impl FnOnce(&mut PolicyInner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| PolicyInner {
            login_view: shared.login_view.clone(),
            refresh_view: shared.refresh_view.clone(),
            unauthorized_handler: shared.unauthorized_handler.clone(),
            needs_refresh_handler: shared.needs_refresh_handler.clone(),
            forbidden_handler: shared.forbidden_handler.clone(),
        });
        change(&mut inner);
        self.inner = Arc::new(inner);
        self
    }

    /// This router's login view.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidView`] for a value that is neither a path nor an absolute
    /// http(s) URL.
    pub fn login_view(self, view: impl Into<String>) -> Result<Self, ConfigError> {
        let view = view.into();
        ConfigError::check_view("login_view", &view)?;
        Ok(self.edit(|inner| inner.login_view = Some(view)))
    }

    /// This router's refresh view.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidView`] for a value that is neither a path nor an absolute
    /// http(s) URL.
    pub fn refresh_view(self, view: impl Into<String>) -> Result<Self, ConfigError> {
        let view = view.into();
        ConfigError::check_view("refresh_view", &view)?;
        Ok(self.edit(|inner| inner.refresh_view = Some(view)))
    }

    /// This router's answer to failed login checks.
    #[must_use]
    pub fn unauthorized_handler<F, R>(self, answer: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.edit(|inner| inner.unauthorized_handler = Some(handler(answer)))
    }

    /// This router's answer to failed freshness checks.
    #[must_use]
    pub fn needs_refresh_handler<F, R>(self, answer: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.edit(|inner| inner.needs_refresh_handler = Some(handler(answer)))
    }

    /// This router's answer to logged-in users who lack a permission a route requires.
    #[must_use]
    pub fn forbidden_handler<F, R>(self, answer: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.edit(|inner| inner.forbidden_handler = Some(handler(answer)))
    }

    pub(crate) fn inner(&self) -> &PolicyInner {
        &self.inner
    }
}

impl fmt::Debug for LoginPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginPolicy")
            .field("login_view", &self.inner.login_view)
            .field("refresh_view", &self.inner.refresh_view)
            .field(
                "unauthorized_handler",
                &self.inner.unauthorized_handler.as_ref().map(|_| "custom"),
            )
            .field(
                "needs_refresh_handler",
                &self.inner.needs_refresh_handler.as_ref().map(|_| "custom"),
            )
            .field(
                "forbidden_handler",
                &self.inner.forbidden_handler.as_ref().map(|_| "custom"),
            )
            .finish()
    }
}

impl<S> Layer<S> for LoginPolicy {
    type Service = PolicyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        PolicyService {
            inner,
            policy: self.clone(),
        }
    }
}

/// The service made by [`LoginPolicy`]: marks requests with the policy.
#[derive(Debug, Clone)]
pub struct PolicyService<S> {
    inner: S,
    policy: LoginPolicy,
}

impl<S, B> Service<Request<B>> for PolicyService<S>
where
    S: Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        request.extensions_mut().insert(self.policy.clone());
        self.inner.call(request)
    }
}
