//! The login of one request as its extractors see it: the session, the cookie jar, and the
//! user, loaded at most once and only when asked for.

use std::{
    future::Future,
    sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError},
};

use http::{HeaderValue, header::COOKIE, request::Parts};
use tower_cookies::Cookies;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginManager, LoginPolicy,
    layer::login_layer::LoginLayerInstalled,
    permissions::LoadedPermissions,
    protection::session_protection::Client,
    request::{
        bounded::{Bounded, bounded},
        request_head::OwnedRequestHead,
    },
};

/// Everything an extractor needs to read or change the login of the current request.
pub(crate) struct RequestAuth<U> {
    manager: LoginManager<U>,
    state: Arc<RequestState<U>>,
}

impl<U: AuthUser> RequestAuth<U> {
    pub(crate) fn from_parts<S>(parts: &mut Parts, state: &S) -> Result<Self, AuthError>
    where
        S: HasLoginManager<User = U>,
    {
        let manager = state.login_manager().clone();
        if let Some(SharedState(state)) = parts.extensions.get::<SharedState<U>>() {
            // An earlier extractor of this request found the layers.
            return Ok(Self {
                manager,
                state: Arc::clone(state),
            });
        }
        let session = session_of(parts)?;
        if parts.extensions.get::<LoginLayerInstalled>().is_none() {
            return Err(AuthError::MissingLayer("login_runtime::layer::LoginLayer"));
        }
        let cookies = cookies_of(parts)?;
        let state = Arc::new(RequestState::read(parts, &manager, session, cookies));
        parts.extensions.insert(SharedState(Arc::clone(&state)));
        Ok(Self { manager, state })
    }

    pub(crate) fn manager(&self) -> &LoginManager<U> {
        &self.manager
    }

    pub(crate) fn session(&self) -> &Session {
        &self.state.session
    }

    /// tower-sessions' cookie jar, which writes cookies on the response.
    pub(crate) fn cookies(&self) -> &Cookies {
        &self.state.cookies
    }

    /// The router's login policy, if it has one.
    pub(crate) fn policy(&self) -> Option<&LoginPolicy> {
        self.state.policy.as_ref()
    }

    /// This request's client: address and User-Agent.
    pub(crate) fn client(&self) -> &Client {
        &self.state.client
    }

    /// The remember cookie values the request carries.
    pub(crate) fn remember_cookies(&self) -> &[String] {
        let Some(first) = &self.state.cookie_header else {
            return &[];
        };
        self.state.remember_cookies.get_or_init(|| {
            let settings = &self.manager.settings().remember_cookie;
            settings.find_in(std::iter::once(first).chain(&self.state.more_cookie_headers))
        })
    }

    /// The request, kept for the request loader when there is one.
    pub(crate) fn request_head(&self) -> Option<&OwnedRequestHead> {
        self.state.request.as_ref()
    }

    /// The user's permissions from the manager's permission loader, once a check needs them.
    pub(crate) fn loaded_permissions(&self) -> &LoadedPermissions {
        &self.state.permissions
    }

    /// The user of this request (authenticated or not), or `None` for an anonymous visitor.
    pub(crate) async fn user(&self) -> Result<Option<U>, AuthError> {
        self.with_user(|user: Option<&U>| user.cloned()).await
    }

    /// What `read` says of the user of this request, loading the user first if nobody has:
    /// the guards ask this way, so only the handler's own extractor clones the user.
    pub(crate) async fn with_user<R>(
        &self,
        read: impl Fn(Option<&U>) -> R,
    ) -> Result<R, AuthError> {
        if let Some(outcome) = self.state.slot().read(&read) {
            return outcome;
        }
        let _loading = match self.state.loading.try_lock() {
            Ok(free) => free,
            Err(_) => self.state.loading.lock().await,
        };
        if let Some(outcome) = self.state.slot().read(&read) {
            return outcome;
        }
        let loaded = self.load().await;
        let mut slot = self.state.slot();
        *slot = match loaded {
            Ok(user) => Slot::Loaded(user),
            Err(error) => Slot::Failed(error),
        };
        slot.read(&read).unwrap_or_else(|| Ok(read(None)))
    }

    /// Replaces the cached user after a login or logout within this request.
    pub(crate) async fn set_user(&self, user: Option<U>) {
        let _loading = self.state.loading.lock().await;
        *self.state.slot() = Slot::Loaded(user);
    }

    /// Runs a store or loader call within the manager's bound.
    pub(crate) fn bounded<F, T>(&self, what: &'static str, call: F) -> Bounded<F>
    where
        F: Future<Output = Result<T, AuthError>>,
    {
        bounded(self.manager.settings().logins.timeout, what, call)
    }

    pub(crate) async fn load_by_id(&self, id: &str) -> Result<Option<U>, AuthError> {
        self.bounded("user loader", async {
            self.manager.load_user(id).await.map_err(AuthError::loader)
        })
        .await
    }
}

/// The tower-sessions session of the request.
pub(crate) fn session_of(parts: &Parts) -> Result<Session, AuthError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
}

/// tower-sessions' cookie jar of the request.
pub(crate) fn cookies_of(parts: &Parts) -> Result<Cookies, AuthError> {
    parts
        .extensions
        .get::<Cookies>()
        .cloned()
        .ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
}

/// What one request's extractors share: read from the request once, by the first of them.
struct RequestState<U> {
    /// The request's `Cookie` headers, searched for remember cookies only when asked: most
    /// requests with a login never need them. Usually one (HTTP/2 may split them), kept without
    /// an allocation.
    cookie_header: Option<HeaderValue>,
    more_cookie_headers: Vec<HeaderValue>,
    /// The request's session, and tower-sessions' cookie jar, which writes the login's cookies
    /// on the response.
    session: Session,
    cookies: Cookies,
    /// The remember cookie values the request carries, once asked for.
    remember_cookies: OnceLock<Vec<String>>,
    /// This request's client: address and User-Agent.
    client: Client,
    /// The router's login policy, if it has one.
    policy: Option<LoginPolicy>,
    /// The request, kept for the request loader when there is one.
    request: Option<OwnedRequestHead>,
    /// The user once loaded; read without waiting.
    user: Mutex<Slot<U>>,
    /// The user's permissions from the manager's permission loader, once a check needs them.
    permissions: LoadedPermissions,
    /// Held while the user loads, so that it loads (and a remember cookie rotates) once.
    loading: tokio::sync::Mutex<()>,
}

/// The request extension holding the [`RequestState`].
struct SharedState<U>(Arc<RequestState<U>>);

impl<U> Clone for SharedState<U> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

/// The user of the request: not loaded yet, loaded (`None` for a visitor), or failed to load.
enum Slot<U> {
    Unloaded,
    Loaded(Option<U>),
    Failed(AuthError),
}

impl<U: AuthUser> RequestState<U> {
    fn read(parts: &Parts, manager: &LoginManager<U>, session: Session, cookies: Cookies) -> Self {
        let settings = manager.settings();
        let mut cookie_headers = parts.headers.get_all(COOKIE).iter().cloned();
        Self {
            cookie_header: cookie_headers.next(),
            more_cookie_headers: cookie_headers.collect(),
            session,
            cookies,
            remember_cookies: OnceLock::new(),
            client: Client::of(parts, &settings.trusted_proxies),
            policy: parts.extensions.get::<LoginPolicy>().cloned(),
            request: manager
                .has_request_loader()
                .then(|| OwnedRequestHead::from_parts(parts)),
            user: Mutex::new(Slot::Unloaded),
            permissions: LoadedPermissions::default(),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Slot<U>> {
        // The slot is only ever assigned whole, so a panic elsewhere cannot leave it half-written.
        self.user.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<U> Slot<U> {
    /// What `read` says of the loaded user; `None` before the user is loaded.
    fn read<R>(&self, read: impl Fn(Option<&U>) -> R) -> Option<Result<R, AuthError>> {
        match self {
            Self::Unloaded => None,
            Self::Loaded(user) => Some(Ok(read(user.as_ref()))),
            Self::Failed(error) => Some(Err(error.clone())),
        }
    }
}
