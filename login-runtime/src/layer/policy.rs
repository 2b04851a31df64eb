//! Per-router login policies: Flask-Login's blueprint login views, as a tower layer.

use std::sync::Arc;

use axum::{Extension, response::IntoResponse};
use tower_layer::Layer;

use crate::{
    guard::refusal::{RefusalTargets, answer},
    manager::ConfigError,
    request::RequestHead,
};

/// How the routes of one router answer refused requests, overriding the manager's settings:
/// a login view of their own, or responses of their own (JSON for an API, an `HX-Redirect`
/// for htmx), without touching their handlers. Made by [`LoginPolicy::builder`]; install it on
/// the router with `Router::layer`.
///
/// ```
/// use axum::{Json, Router, http::StatusCode, routing::get};
/// use login_runtime::LoginPolicy;
///
/// # fn main() -> Result<(), login_runtime::manager::ConfigError> {
/// let api = Router::<()>::new()
///     .route("/me", get(|| async { "..." }))
///     .layer(
///         LoginPolicy::builder()
///             .unauthorized_handler(|_request| {
///                 (StatusCode::UNAUTHORIZED, Json(serde_json::json!({ "error": "unauthorized" })))
///             })
///             .build()?,
///     );
/// let admin = Router::<()>::new()
///     .route("/dashboard", get(|| async { "..." }))
///     .layer(LoginPolicy::builder().login_view("/admin/login").build()?);
/// # Ok(())
/// # }
/// ```
///
/// The most specific setting wins: a handler's own view (`#[login_required(login_view = ..)]`),
/// then this policy (its handler before its view), then the manager (its handler before its
/// view).
#[derive(Debug, Clone)]
pub struct LoginPolicy {
    targets: Arc<RefusalTargets>,
}

/// Configures a [`LoginPolicy`]; start with [`LoginPolicy::builder`]. What it leaves unset,
/// the manager decides.
#[derive(Debug, Default)]
#[must_use]
pub struct LoginPolicyBuilder {
    targets: RefusalTargets,
}

impl LoginPolicy {
    /// A policy that overrides nothing yet.
    pub fn builder() -> LoginPolicyBuilder {
        LoginPolicyBuilder::default()
    }

    pub(crate) fn targets(&self) -> &RefusalTargets {
        &self.targets
    }

    /// Back to a builder with this policy's settings, for 0.1's setters on the policy itself.
    pub(crate) fn into_builder(self) -> LoginPolicyBuilder {
        LoginPolicyBuilder {
            targets: Arc::unwrap_or_clone(self.targets),
        }
    }
}

/// A policy that overrides nothing.
impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            targets: Arc::default(),
        }
    }
}

impl LoginPolicyBuilder {
    /// This router's login view, like
    /// [`LoginManagerBuilder::login_view`](crate::manager::LoginManagerBuilder::login_view).
    pub fn login_view(mut self, view: impl Into<String>) -> Self {
        self.targets.unauthorized.view = Some(view.into().into());
        self
    }

    /// This router's refresh view, like
    /// [`LoginManagerBuilder::refresh_view`](crate::manager::LoginManagerBuilder::refresh_view).
    pub fn refresh_view(mut self, view: impl Into<String>) -> Self {
        self.targets.needs_refresh.view = Some(view.into().into());
        self
    }

    /// Where this router's anonymous-only pages (`#[anonymous_required]`) send logged-in users,
    /// like
    /// [`LoginManagerBuilder::authenticated_redirect`](crate::manager::LoginManagerBuilder::authenticated_redirect).
    pub fn authenticated_redirect(mut self, view: impl Into<String>) -> Self {
        self.targets.authenticated.view = Some(view.into().into());
        self
    }

    /// This router's answer to failed login checks.
    pub fn unauthorized_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.targets.unauthorized.answer = Some(answer(handler));
        self
    }

    /// This router's answer to failed freshness checks.
    pub fn needs_refresh_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.targets.needs_refresh.answer = Some(answer(handler));
        self
    }

    /// This router's answer to logged-in users who lack a permission a route requires.
    pub fn forbidden_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.targets.forbidden.answer = Some(answer(handler));
        self
    }

    /// Checks the views and builds the policy.
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidView`] for a view that is neither a path nor an absolute
    /// `http`/`https` URL.
    pub fn build(self) -> Result<LoginPolicy, ConfigError> {
        self.targets.check()?;
        Ok(LoginPolicy {
            targets: Arc::new(self.targets),
        })
    }
}

/// Puts the policy into the extensions of every request to the router.
impl<S> Layer<S> for LoginPolicy {
    type Service = <Extension<Self> as Layer<S>>::Service;

    fn layer(&self, inner: S) -> Self::Service {
        Extension(self.clone()).layer(inner)
    }
}
