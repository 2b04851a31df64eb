//! The test client.

use std::{
    error::Error as StdError,
    fmt,
    future::{Future, IntoFuture},
    net::{IpAddr, Ipv4Addr, SocketAddr},
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, FromRequestParts},
    response::IntoResponse,
};
use http::{
    HeaderValue, Request, StatusCode,
    header::{CONTENT_TYPE, COOKIE, HOST, SET_COOKIE, USER_AGENT as USER_AGENT_HEADER},
    request::Parts,
};
use tokio::{net::TcpListener, task::JoinHandle};
use tower::{ServiceExt, util::MapRequestLayer};

use super::{
    TestResponse,
    action::{ACTION_HEADER, ActionRegistry, TestAction},
    cookies::CookieJar,
};
use crate::{
    AuthError, AuthSession, AuthUser, Flashes, LoginManager, flash::FlashMessage, loader::BoxError,
};

/// The peer address of every in-process request: what session protection sees as the client's
/// address. (Requests to a [served](TestClient::serve) app come from `127.0.0.1` too.)
pub const CLIENT_ADDRESS: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 50_505);

/// The `User-Agent` the client sends when a request has none of its own.
pub const USER_AGENT: &str = "login-runtime-test-client";

/// A browser for an app's tests that can log in as any user without a login form, like
/// Flask-Login's `FlaskLoginClient`; see the [module documentation](super) for an example.
///
/// It keeps cookies between requests and never follows redirects. [`login_as`](Self::login_as),
/// [`logout`](Self::logout), [`current_user_id`](Self::current_user_id) and
/// [`flashes`](Self::flashes) each send a request of their own, which [`LoginLayer`] answers by
/// running the real [`AuthSession`] code for it: the login is exactly the one the app's own login
/// handler would make, bound to this client for session protection, so it survives
/// [`SessionProtection::Strong`](crate::SessionProtection::Strong).
///
/// Those requests go to the [action path](Self::with_action_path) (`/` by default), which must
/// pass through [`LoginLayer`] and tower-sessions' `SessionManagerLayer`: with
/// `Router::layer` every path does, with `Router::route_layer` only the routes.
///
/// [`LoginLayer`]: crate::layer::LoginLayer
pub struct TestClient<U> {
    manager: LoginManager<U>,
    transport: Transport,
    cookies: Mutex<CookieJar>,
    action_path: String,
}

enum Transport {
    InProcess(Router),
    Served(Served),
}

/// A test server on a port of 127.0.0.1, stopped when the client is dropped.
struct Served {
    address: SocketAddr,
    http: reqwest::Client,
    actions: ActionRegistry,
    server: JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl<U: AuthUser> TestClient<U> {
    /// A client that calls `app` in-process, without a socket. Every request comes from
    /// [`CLIENT_ADDRESS`] (as axum's `ConnectInfo<SocketAddr>`), with [`USER_AGENT`] and
    /// `Host: localhost` unless it has its own.
    ///
    /// `manager` is the one in `app`'s state (a clone, or one built alike over the same stores).
    #[must_use]
    pub fn new(app: Router, manager: LoginManager<U>) -> Self {
        Self::with_transport(Transport::InProcess(app), manager)
    }

    /// A client of `app` served on a free port of 127.0.0.1 with
    /// `into_make_service_with_connect_info::<SocketAddr>()`, talking real HTTP. The server
    /// stops when the client is dropped.
    ///
    /// The server (and only it) lets this client's own requests carry its actions, named by a
    /// random token of this client in a header; any other request, forged headers included, is
    /// served as it is.
    ///
    /// # Panics
    ///
    /// When no port of 127.0.0.1 can be bound, or there is no tokio runtime.
    pub async fn serve(app: Router, manager: LoginManager<U>) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("TestClient::serve: bind 127.0.0.1:0");
        let address = listener
            .local_addr()
            .expect("TestClient::serve: local address");
        let actions = ActionRegistry::new();
        let registry = actions.clone();
        let app = app.layer(MapRequestLayer::new(move |request: Request<Body>| {
            registry.attach(request)
        }));
        let server = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            if let Err(error) = axum::serve(listener, service).await {
                tracing::error!(%error, "TestClient: the test server failed");
            }
        });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()
            .expect("TestClient::serve: HTTP client");
        Self::with_transport(
            Transport::Served(Served {
                address,
                http,
                actions,
                server,
            }),
            manager,
        )
    }

    fn with_transport(transport: Transport, manager: LoginManager<U>) -> Self {
        Self {
            manager,
            transport,
            cookies: Mutex::default(),
            action_path: "/".to_owned(),
        }
    }

    /// Sends the client's own requests (logins, logouts, reads of the user and the flashes) to
    /// `path` instead of `/`: a path that passes through [`LoginLayer`](crate::layer::LoginLayer) and
    /// the session layer, with the session cookie's path.
    #[must_use]
    pub fn with_action_path(mut self, path: impl Into<String>) -> Self {
        self.action_path = path.into();
        self
    }

    /// The address of the test server of a [served](Self::serve) client; `None` in-process.
    #[must_use]
    pub fn address(&self) -> Option<SocketAddr> {
        match &self.transport {
            Transport::InProcess(_) => None,
            Transport::Served(served) => Some(served.address),
        }
    }

    /// Logs `user` in, as the app's login handler would with
    /// [`AuthSession::login_user`]: configure the login on the returned [`LoginAs`], then await
    /// it. The login is fresh, not remembered and not permanent unless told otherwise.
    ///
    /// ```
    /// # async fn run<U: login_runtime::AuthUser>(client: login_runtime::testing::TestClient<U>, user: U) {
    /// client.login_as(&user).fresh(false).remember(true).await.expect("logged in");
    /// # }
    /// ```
    pub fn login_as(&self, user: &U) -> LoginAs<'_, U> {
        LoginAs {
            client: self,
            user: user.clone(),
            fresh: true,
            remember: false,
            permanent: false,
            force: false,
        }
    }

    /// Logs the user out, as [`AuthSession::logout_user`] does: the login leaves the session and
    /// the remember cookie is deleted.
    ///
    /// # Errors
    ///
    /// [`TestError`] when the app could not log out (the session store failed, say).
    pub async fn logout(&self) -> Result<(), TestError> {
        self.act(|mut parts, manager| async move {
            AuthSession::<U>::from_request_parts(&mut parts, &manager)
                .await?
                .logout_user()
                .await
        })
        .await?
        .map_err(TestError::from)
    }

    /// The id of the authenticated user the app sees now, or `None`: loaded the way the app's
    /// extractors load it, so it follows remember-cookie restores and session protection.
    ///
    /// # Panics
    ///
    /// When the app fails to load the user (a failing store or loader), or the client's request
    /// does not reach [`LoginLayer`](crate::layer::LoginLayer).
    pub async fn current_user_id(&self) -> Option<String> {
        self.act(|mut parts, manager| async move {
            let auth = AuthSession::<U>::from_request_parts(&mut parts, &manager).await?;
            let user = auth.current_user().await?;
            Ok(user
                .filter(AuthUser::is_authenticated)
                .map(|user| user.get_id()))
        })
        .await
        .and_then(|id: Result<_, AuthError>| id.map_err(TestError::from))
        .unwrap_or_else(|error| panic!("TestClient::current_user_id: {error}"))
    }

    /// The messages flashed so far, oldest first; reading them removes them from the session,
    /// as the [`Flashes`] extractor does.
    ///
    /// # Panics
    ///
    /// When the session store fails, or the client's request does not reach
    /// [`LoginLayer`](crate::layer::LoginLayer).
    pub async fn flashes(&self) -> Vec<FlashMessage> {
        self.act(|mut parts, manager| async move {
            Flashes::from_request_parts(&mut parts, &manager)
                .await
                .map(|flashes| flashes.0)
        })
        .await
        .and_then(|flashes| flashes.map_err(TestError::from))
        .unwrap_or_else(|error| panic!("TestClient::flashes: {error}"))
    }

    /// Closes and reopens the browser: cookies without an expiry (the session cookie, unless
    /// the session is permanent) are gone, persistent ones (the remember cookie) stay.
    pub fn restart_browser(&self) {
        self.jar().restart();
    }

    /// The value of the cookie `name` the client holds.
    #[must_use]
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar().get(name).map(str::to_owned)
    }

    /// `GET path` (with an optional query).
    ///
    /// # Panics
    ///
    /// When `path` is not a valid URI, or the test server cannot be reached.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(
            Request::get(path)
                .body(Body::empty())
                .expect("a valid path"),
        )
        .await
    }

    /// `POST path` with `body`, without a `Content-Type`; see [`post_form`](Self::post_form),
    /// or [`request`](Self::request) for any other request.
    ///
    /// # Panics
    ///
    /// When `path` is not a valid URI, or the test server cannot be reached.
    pub async fn post(&self, path: &str, body: impl Into<Body>) -> TestResponse {
        let request = Request::post(path).body(body.into()).expect("a valid path");
        self.request(request).await
    }

    /// `POST path` with an `application/x-www-form-urlencoded` body of `fields`.
    ///
    /// # Panics
    ///
    /// When `path` is not a valid URI, or the test server cannot be reached.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = Request::post(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a valid path");
        self.request(request).await
    }

    /// Sends `request` with the client's cookies (after any `Cookie` header of its own) and
    /// keeps the cookies of the response. Only the path and query of its URI are used.
    ///
    /// # Panics
    ///
    /// When the test server cannot be reached.
    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        self.send(request, None)
            .await
            .unwrap_or_else(|error| panic!("TestClient: {error}"))
    }

    fn jar(&self) -> MutexGuard<'_, CookieJar> {
        self.cookies.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `action` inside [`LoginLayer`](crate::layer::LoginLayer) on a request of this client, and
    /// returns what it returned.
    async fn act<T, F, Fut>(&self, action: F) -> Result<T, TestError>
    where
        T: Send + 'static,
        F: Fn(Parts, LoginManager<U>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = T> + Send + 'static,
    {
        let slot = Arc::new(Mutex::new(None));
        let out = Arc::clone(&slot);
        let manager = self.manager.clone();
        let action = TestAction::new(move |parts| {
            let future = action(parts, manager.clone());
            let out = Arc::clone(&out);
            Box::pin(async move {
                let value = future.await;
                *out.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
                StatusCode::NO_CONTENT.into_response()
            })
        });
        let request = Request::get(self.action_path.as_str())
            .body(Body::empty())
            .map_err(|error| TestError::Transport(error.into()))?;
        let response = self.send(request, Some(action)).await?;
        let value = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        match value {
            Some(value) if response.status == StatusCode::NO_CONTENT => Ok(value),
            Some(_) => Err(TestError::Failed {
                status: response.status,
            }),
            None => Err(TestError::NotRun {
                status: response.status,
            }),
        }
    }

    async fn send(
        &self,
        mut request: Request<Body>,
        action: Option<TestAction>,
    ) -> Result<TestResponse, TestError> {
        let path = request.uri().path().to_owned();
        if let Some(cookies) = self.jar().header_for(&path) {
            let header = match request.headers().get(COOKIE) {
                Some(own) => format!("{}; {cookies}", String::from_utf8_lossy(own.as_bytes())),
                None => cookies,
            };
            let header = HeaderValue::try_from(header)
                .map_err(|error| TestError::Transport(error.into()))?;
            request.headers_mut().insert(COOKIE, header);
        }
        let response = match &self.transport {
            Transport::InProcess(app) => {
                if let Some(action) = action {
                    request.extensions_mut().insert(action);
                }
                send_in_process(app, request).await
            }
            Transport::Served(served) => {
                let registered = action.map(|action| served.actions.register(action));
                if let Some((_, name)) = &registered {
                    request.headers_mut().insert(ACTION_HEADER, name.clone());
                }
                let response = send_served(served, request).await;
                if let Some((id, _)) = registered {
                    served.actions.forget(id);
                }
                response
            }
        }
        .map_err(TestError::Transport)?;
        let mut jar = self.jar();
        for cookie in response.headers.get_all(SET_COOKIE) {
            jar.store(cookie, &path);
        }
        Ok(response)
    }
}

async fn send_in_process(
    app: &Router,
    mut request: Request<Body>,
) -> Result<TestResponse, BoxError> {
    if request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_none()
    {
        request.extensions_mut().insert(ConnectInfo(CLIENT_ADDRESS));
    }
    let headers = request.headers_mut();
    if !headers.contains_key(USER_AGENT_HEADER) {
        headers.insert(USER_AGENT_HEADER, HeaderValue::from_static(USER_AGENT));
    }
    if !headers.contains_key(HOST) {
        headers.insert(HOST, HeaderValue::from_static("localhost"));
    }
    let Ok(response) = app.clone().oneshot(request).await;
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    Ok(TestResponse {
        status: parts.status,
        headers: parts.headers,
        text: String::from_utf8_lossy(&body).into_owned(),
    })
}

async fn send_served(served: &Served, request: Request<Body>) -> Result<TestResponse, BoxError> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    let response = served
        .http
        .request(parts.method, format!("http://{}{path}", served.address))
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok(TestResponse {
        status,
        headers,
        text: String::from_utf8_lossy(&body).into_owned(),
    })
}

impl<U> fmt::Debug for TestClient<U> {
    /// The transport and the cookies' names: no cookie value, no token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("TestClient");
        match &self.transport {
            Transport::InProcess(_) => debug.field("transport", &"in-process"),
            Transport::Served(served) => debug.field("server", &served.address),
        };
        debug
            .field("action_path", &self.action_path)
            .field(
                "cookies",
                &*self.cookies.lock().unwrap_or_else(PoisonError::into_inner),
            )
            .finish_non_exhaustive()
    }
}

/// A login being configured; made by [`TestClient::login_as`], carried out when awaited.
///
/// The options are those of [`LoginUser`](crate::login::LoginUser), with the same defaults.
#[must_use = "the login happens only when the `LoginAs` is awaited"]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per `login_user` option"
)]
pub struct LoginAs<'a, U> {
    client: &'a TestClient<U>,
    user: U,
    fresh: bool,
    remember: bool,
    permanent: bool,
    force: bool,
}

impl<U: AuthUser> LoginAs<'_, U> {
    /// Mark the login fresh, as a login from credentials is. Default: `true`.
    pub fn fresh(mut self, fresh: bool) -> Self {
        self.fresh = fresh;
        self
    }

    /// Set the remember cookie, so the login survives [`TestClient::restart_browser`].
    /// Default: `false`. Needs a manager with a secret key and a remember store.
    pub fn remember(mut self, remember: bool) -> Self {
        self.remember = remember;
        self
    }

    /// Give the session a persistent cookie. Default: `false`.
    pub fn permanent(mut self, permanent: bool) -> Self {
        self.permanent = permanent;
        self
    }

    /// Log the user in even if it is not active. Default: `false`.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    async fn run(self) -> Result<(), TestError> {
        let Self {
            client,
            user,
            fresh,
            remember,
            permanent,
            force,
        } = self;
        let logged_in = client
            .act(move |mut parts, manager| {
                let user = user.clone();
                async move {
                    let auth = AuthSession::<U>::from_request_parts(&mut parts, &manager).await?;
                    auth.login_user(&user)
                        .fresh(fresh)
                        .remember(remember)
                        .permanent(permanent)
                        .force(force)
                        .await
                }
            })
            .await??;
        if logged_in.is_logged_in() {
            Ok(())
        } else {
            Err(TestError::Refused)
        }
    }
}

impl<'a, U: AuthUser> IntoFuture for LoginAs<'a, U> {
    type Output = Result<(), TestError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<U> fmt::Debug for LoginAs<'_, U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginAs")
            .field("fresh", &self.fresh)
            .field("remember", &self.remember)
            .field("permanent", &self.permanent)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

/// Why a [`TestClient`] operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum TestError {
    /// The login was refused: the user is not active (log in with `.force(true)`).
    Refused,
    /// The app's login code failed: a session store or user loader outage, remember me without
    /// a secret key or remember store.
    Auth(AuthError),
    /// The client's request never reached [`LoginLayer`](crate::layer::LoginLayer), and the app
    /// answered it with `status`: the layers are missing from the client's action path (see
    /// [`TestClient::with_action_path`]).
    NotRun {
        /// The app's answer.
        status: StatusCode,
    },
    /// The client's action ran, but its response failed with `status` (tower-sessions answers
    /// `500` when it cannot save the session).
    Failed {
        /// The status of the response.
        status: StatusCode,
    },
    /// The request could not be sent, or its response not read.
    Transport(BoxError),
}

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused => f.write_str("the login was refused: the user is not active"),
            Self::Auth(error) => error.fmt(f),
            Self::NotRun { status } => write!(
                f,
                "the test client's request was answered {status} without reaching `LoginLayer`: \
                 install `manager.layer_for(session_store)` with `Router::layer`, or \
                 pick a routed path with `TestClient::with_action_path`"
            ),
            Self::Failed { status } => write!(f, "the test client's request failed: {status}"),
            Self::Transport(error) => write!(f, "cannot reach the app: {error}"),
        }
    }
}

impl StdError for TestError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Auth(error) => Some(error),
            Self::Transport(error) => Some(&**error),
            Self::Refused | Self::NotRun { .. } | Self::Failed { .. } => None,
        }
    }
}

impl From<AuthError> for TestError {
    fn from(error: AuthError) -> Self {
        Self::Auth(error)
    }
}
