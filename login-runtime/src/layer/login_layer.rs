//! The tower layer that marks routes as served by the login manager.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use http::{Request, Response, request::Parts};
use tower_layer::Layer;
use tower_service::Service;

/// Marks the routes it wraps as served by the login manager; the inner half of the layer that
/// [`LoginManager::layer_for`](crate::LoginManager::layer_for) and
/// [`LoginManager::layer_with`](crate::LoginManager::layer_with) make, inside tower-sessions'
/// `SessionManagerLayer`, whose cookie jar carries the login's cookies.
///
/// It does no work of its own: no session is loaded and no user is looked up until a handler
/// asks, so routes that never ask cost what tower-sessions alone costs. The extractors refuse
/// to work (`500`, with the fix in the log) on routes it does not wrap, so a missing layer is
/// found on the first request rather than in production.
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

/// The response of an [`InProcessAction`].
pub(crate) type ActionFuture = Pin<Box<dyn Future<Output = axum::response::Response> + Send>>;

/// Code that [`LoginService`] runs on a request's parts instead of the app: how
/// `testing::TestClient` logs in without a login form.
///
/// It travels as a request extension, which only code in the same process can add: no request
/// from the network carries one, and only the `testing` module makes one.
#[derive(Clone)]
pub(crate) struct InProcessAction(Arc<dyn Fn(Parts) -> ActionFuture + Send + Sync>);

impl InProcessAction {
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) fn new(action: impl Fn(Parts) -> ActionFuture + Send + Sync + 'static) -> Self {
        Self(Arc::new(action))
    }
}

impl fmt::Debug for InProcessAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InProcessAction")
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for LoginService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<axum::body::Body>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        request.extensions_mut().insert(LoginLayerInstalled);
        if let Some(action) = request.extensions_mut().remove::<InProcessAction>() {
            let (parts, _) = request.into_parts();
            return ResponseFuture::Action {
                future: (action.0)(parts),
            };
        }
        ResponseFuture::Service {
            future: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`LoginService`]: the inner service's, or the response of a test
    /// client's in-process action (an axum response, hence the `From<axum::body::Body>` bound on
    /// the response body, which axum's own body meets).
    #[project = ResponseFutureProj]
    pub enum ResponseFuture<F> {
        /// The inner service's response.
        Service { #[pin] future: F },
        /// A test client's action.
        Action { future: ActionFuture },
    }
}

impl<F: fmt::Debug> fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service { future } => f.debug_tuple("Service").field(future).finish(),
            Self::Action { .. } => f.write_str("Action"),
        }
    }
}

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
