//! What the extractors of one request share, read from the request by the first of them: the
//! remember cookies, the client, the router's policy and the user once loaded.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use http::{HeaderValue, header::COOKIE, request::Parts};
use tower_cookies::Cookies;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, LoginManager, LoginPolicy, permissions::LoadedPermissions,
    protection::session_protection::Client, request::request_head::OwnedRequestHead,
};

/// What one request's extractors share: read from the request once, by the first of them.
pub(super) struct RequestState<U> {
    /// The request's `Cookie` headers, searched for remember cookies only when asked: most
    /// requests with a login never need them. Usually one (HTTP/2 may split them), kept without
    /// an allocation.
    pub(super) cookie_header: Option<HeaderValue>,
    pub(super) more_cookie_headers: Vec<HeaderValue>,
    /// The session and cookie jar the first extractor found, for the others.
    pub(super) session: Session,
    pub(super) cookies: Cookies,
    /// The remember cookie values the request carries, once asked for.
    pub(super) remember_cookies: OnceLock<Vec<String>>,
    /// This request's client: address and User-Agent.
    pub(super) client: Client,
    /// The router's login policy, if it has one.
    pub(super) policy: Option<LoginPolicy>,
    /// The request, kept for the request loader when there is one.
    pub(super) request: Option<OwnedRequestHead>,
    /// The user once loaded; read without waiting.
    pub(super) user: Mutex<Slot<U>>,
    /// The user's permissions from the manager's permission loader, once a check needs them.
    pub(super) permissions: LoadedPermissions,
    /// Held while the user loads, so that it loads (and a remember cookie rotates) once.
    pub(super) loading: tokio::sync::Mutex<()>,
}

/// The request extension holding the [`RequestState`].
pub(super) struct SharedState<U>(pub(super) Arc<RequestState<U>>);

impl<U> Clone for SharedState<U> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

/// The user of the request: not loaded yet, loaded (`None` for a visitor), or failed to load.
pub(super) enum Slot<U> {
    Unloaded,
    Loaded(Option<U>),
    Failed(AuthError),
}

impl<U: AuthUser> RequestState<U> {
    pub(super) fn read(
        parts: &Parts,
        manager: &LoginManager<U>,
        session: Session,
        cookies: Cookies,
    ) -> Self {
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

    pub(super) fn slot(&self) -> MutexGuard<'_, Slot<U>> {
        // The slot is only ever assigned whole, so a panic elsewhere cannot leave it half-written.
        self.user.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<U> Slot<U> {
    /// What `read` says of the loaded user; `None` before the user is loaded.
    pub(super) fn read<R>(&self, read: impl Fn(Option<&U>) -> R) -> Option<Result<R, AuthError>> {
        match self {
            Self::Unloaded => None,
            Self::Loaded(user) => Some(Ok(read(user.as_ref()))),
            Self::Failed(error) => Some(Err(error.clone())),
        }
    }
}
