//! The tower layer: per-request login state, and the cookies a login writes on the response.

use std::{
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, PoisonError},
    task::{Context, Poll},
};

use http::{HeaderValue, Request, Response, header::SET_COOKIE};
use tower_layer::Layer;
use tower_service::Service;

/// Installs the per-request login state; made by [`LoginManager::layer`](crate::LoginManager::layer).
///
/// It does no work of its own: no session is loaded and no user is looked up until a handler
/// asks, so routes that never ask cost what tower-sessions alone costs.
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

/// What the handlers of one request leave for the response.
#[derive(Debug, Default)]
pub(crate) struct RequestContext {
    set_cookies: Mutex<Vec<(String, HeaderValue)>>,
}

impl RequestContext {
    /// Queues a `Set-Cookie` header for the cookie `name`, replacing one queued before for it.
    pub(crate) fn set_cookie(&self, name: &str, cookie: HeaderValue) {
        let mut queued = self
            .set_cookies
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        queued.retain(|(queued, _)| queued != name);
        queued.push((name.to_owned(), cookie));
    }

    fn take_cookies(&self) -> Vec<(String, HeaderValue)> {
        std::mem::take(
            &mut *self
                .set_cookies
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

/// The request extension that marks a request as passing through [`LoginLayer`].
#[derive(Debug, Clone)]
pub(crate) struct LoginContext(pub(crate) Arc<RequestContext>);

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
        let context = Arc::new(RequestContext::default());
        request
            .extensions_mut()
            .insert(LoginContext(Arc::clone(&context)));
        // Only a request made by `testing::TestClient` carries an action: extensions never come
        // from the network.
        #[cfg(feature = "test-util")]
        if let Some(action) = request
            .extensions_mut()
            .remove::<crate::testing::TestAction>()
        {
            return ResponseFuture::action(action, request, context);
        }
        ResponseFuture::new(self.inner.call(request), context)
    }
}

fn append_cookies<B>(context: &RequestContext, mut response: Response<B>) -> Response<B> {
    for (_, cookie) in context.take_cookies() {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

#[cfg(not(feature = "test-util"))]
pin_project_lite::pin_project! {
    /// The response future of [`LoginService`].
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        context: Arc<RequestContext>,
    }
}

#[cfg(not(feature = "test-util"))]
impl<F> ResponseFuture<F> {
    fn new(inner: F, context: Arc<RequestContext>) -> Self {
        Self { inner, context }
    }
}

#[cfg(not(feature = "test-util"))]
impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = std::task::ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(append_cookies(this.context, response)))
    }
}

#[cfg(feature = "test-util")]
pin_project_lite::pin_project! {
    /// The response future of [`LoginService`].
    ///
    /// With the `test-util` feature it also runs the actions of
    /// [`TestClient`](crate::testing::TestClient), whose responses are axum responses: the
    /// service then needs a response body that converts from `axum::body::Body`, as axum's own
    /// does.
    pub struct ResponseFuture<F> {
        #[pin]
        inner: Inner<F>,
        context: Arc<RequestContext>,
    }
}

#[cfg(feature = "test-util")]
pin_project_lite::pin_project! {
    #[project = InnerProj]
    enum Inner<F> {
        Service { #[pin] future: F },
        Action { future: crate::testing::ActionFuture },
    }
}

#[cfg(feature = "test-util")]
impl<F> ResponseFuture<F> {
    fn new(future: F, context: Arc<RequestContext>) -> Self {
        Self {
            inner: Inner::Service { future },
            context,
        }
    }

    fn action<B>(
        action: crate::testing::TestAction,
        request: Request<B>,
        context: Arc<RequestContext>,
    ) -> Self {
        let (parts, _) = request.into_parts();
        Self {
            inner: Inner::Action {
                future: action.run(parts),
            },
            context,
        }
    }
}

#[cfg(feature = "test-util")]
impl<F: std::fmt::Debug> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("ResponseFuture");
        match &self.inner {
            Inner::Service { future } => debug.field("inner", future),
            Inner::Action { .. } => debug.field("inner", &"TestAction"),
        };
        debug.field("context", &self.context).finish()
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
        let this = self.project();
        let response = match this.inner.project() {
            InnerProj::Service { future } => std::task::ready!(future.poll(cx))?,
            InnerProj::Action { future } => {
                std::task::ready!(future.as_mut().poll(cx)).map(ResBody::from)
            }
        };
        Poll::Ready(Ok(append_cookies(this.context, response)))
    }
}
