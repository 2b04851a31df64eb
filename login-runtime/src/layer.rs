//! The tower layer that marks routes as served by the login manager.

use std::task::{Context, Poll};
#[cfg(feature = "test-util")]
use std::{future::Future, pin::Pin};

use http::Request;
#[cfg(feature = "test-util")]
use http::Response;
use tower_layer::Layer;
use tower_service::Service;

/// Marks the routes it wraps as served by the login manager; made by
/// [`LoginManager::layer`](crate::LoginManager::layer). Install it with (inside)
/// tower-sessions' `SessionManagerLayer`: the login's cookies go out through that layer's cookie
/// jar.
///
/// It does no work of its own: no session is loaded and no user is looked up until a handler
/// asks, so routes that never ask cost what tower-sessions alone costs. The extractors refuse
/// to work (`500`, with the fix in the log) on routes it does not wrap, so a missing layer is
/// found on the first request rather than in production.
///
/// ```
/// # use login_runtime::{AuthUser, UserLoader, LoginManager};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
/// # struct Users;
/// # impl UserLoader for Users {
/// #     type User = User;
/// #     type Error = std::convert::Infallible;
/// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
/// # }
/// use axum::{Router, routing::get};
/// use tower_sessions::{MemoryStore, SessionManagerLayer};
///
/// let manager = LoginManager::new(Users);
/// let app: Router = Router::new()
///     .route("/", get(|| async { "Welcome!" }))
///     .layer(manager.layer())
///     .layer(SessionManagerLayer::new(MemoryStore::default()))
///     .with_state(manager);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginLayer {
    _private: (),
}

impl LoginLayer {
    pub(crate) const fn new() -> Self {
        Self { _private: () }
    }
}

impl<S> Layer<S> for LoginLayer {
    type Service = LoginService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        LoginService { inner }
    }
}

/// The service made by [`LoginLayer`].
#[derive(Debug, Clone)]
pub struct LoginService<S> {
    inner: S,
}

/// The request extension that marks a request as passing through [`LoginLayer`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoginLayerInstalled;

#[cfg(not(feature = "test-util"))]
impl<S, ReqBody> Service<Request<ReqBody>> for LoginService<S>
where
    S: Service<Request<ReqBody>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        request.extensions_mut().insert(LoginLayerInstalled);
        self.inner.call(request)
    }
}

#[cfg(feature = "test-util")]
impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for LoginService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResponseFuture<S::Future>: Future<Output = Result<Response<ResBody>, S::Error>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        request.extensions_mut().insert(LoginLayerInstalled);
        // Only a request made by `testing::TestClient` carries an action: extensions never come
        // from the network.
        if let Some(action) = request
            .extensions_mut()
            .remove::<crate::testing::TestAction>()
        {
            return ResponseFuture::action(action, request);
        }
        ResponseFuture::new(self.inner.call(request))
    }
}

#[cfg(feature = "test-util")]
pin_project_lite::pin_project! {
    /// The response future of [`LoginService`] with the `test-util` feature, which also runs
    /// the actions of [`TestClient`](crate::testing::TestClient). Their responses are axum
    /// responses: the service then needs a response body that converts from
    /// `axum::body::Body`, as axum's own does. Without the feature, the service answers with the
    /// inner service's own future.
    #[project = ResponseFutureProj]
    pub enum ResponseFuture<F> {
        /// The inner service's response.
        Service { #[pin] future: F },
        /// A test client's action.
        Action { future: crate::testing::ActionFuture },
    }
}

#[cfg(feature = "test-util")]
impl<F> ResponseFuture<F> {
    fn new(future: F) -> Self {
        Self::Service { future }
    }

    fn action<B>(action: crate::testing::TestAction, request: Request<B>) -> Self {
        let (parts, _) = request.into_parts();
        Self::Action {
            future: action.run(parts),
        }
    }
}

#[cfg(feature = "test-util")]
impl<F: std::fmt::Debug> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Service { future } => f.debug_tuple("Service").field(future).finish(),
            Self::Action { .. } => f.write_str("Action"),
        }
    }
}

#[cfg(feature = "test-util")]
impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ResBody: From<axum::body::Body>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            ResponseFutureProj::Service { future } => future.poll(cx),
            ResponseFutureProj::Action { future } => Poll::Ready(Ok(std::task::ready!(
                future.as_mut().poll(cx)
            )
            .map(ResBody::from))),
        }
    }
}
