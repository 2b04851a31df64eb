//! The login state of one request: the user, loaded at most once and only when asked for.

use std::{
    future::Future,
    sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError},
    time::Duration,
};

use http::{HeaderValue, header::COOKIE, request::Parts};
use tower_cookies::Cookies;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginEvent, LoginManager, LoginPolicy,
    bounded::bounded,
    layer::LoginLayerInstalled,
    login_record::LoginRecord,
    login_state::{LoginId, LoginState, Timestamp},
    permissions::LoadedPermissions,
    request_head::OwnedRequestHead,
    session_protection::{Client, SessionProtection},
};

/// A login's "last used" time is written at most this often.
const LAST_USED_STEP: Duration = Duration::from_mins(1);

/// Everything an extractor needs to read or change the login of the current request.
pub(crate) struct RequestAuth<U> {
    pub(crate) manager: LoginManager<U>,
    pub(crate) session: Session,
    /// tower-sessions' cookie jar, which writes the remember cookie on the response.
    pub(crate) cookies: Cookies,
    pub(crate) state: Arc<RequestState<U>>,
}

/// What one request's extractors share: read from the request once, by the first of them.
pub(crate) struct RequestState<U> {
    /// The request's `Cookie` headers, searched for remember cookies only when asked: most
    /// requests with a login never need them.
    cookie_headers: Vec<HeaderValue>,
    /// The remember cookie values the request carries, once asked for.
    remember_cookies: OnceLock<Vec<String>>,
    /// This request's client: address and User-Agent.
    pub(crate) client: Client,
    /// The router's login policy, if it has one.
    pub(crate) policy: Option<LoginPolicy>,
    /// The request, kept for the request loader when there is one.
    request: Option<OwnedRequestHead>,
    /// The user once loaded; read without waiting.
    user: Mutex<Slot<U>>,
    /// The user's permissions from the manager's permission loader, once a check needs them.
    pub(crate) permissions: LoadedPermissions,
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

/// What the session's login yields.
enum SessionUser<U> {
    Found(U),
    /// The login was ended by session protection or a changed session hash.
    Ended,
    /// The user id no longer loads: other sources may still authenticate the request.
    Unknown,
}

enum Slot<U> {
    Unloaded,
    Loaded(Option<U>),
    Failed(AuthError),
}

impl<U: AuthUser> RequestAuth<U> {
    pub(crate) fn from_parts<S>(parts: &mut Parts, state: &S) -> Result<Self, AuthError>
    where
        S: HasLoginManager<User = U>,
    {
        let manager = state.login_manager().clone();
        let session = session_of(parts)?;
        if parts.extensions.get::<LoginLayerInstalled>().is_none() {
            return Err(AuthError::MissingLayer("login_runtime::LoginLayer"));
        }
        let cookies = parts
            .extensions
            .get::<Cookies>()
            .cloned()
            .ok_or(AuthError::MissingLayer(
                "tower_sessions::SessionManagerLayer",
            ))?;
        let state = if let Some(SharedState(state)) = parts.extensions.get::<SharedState<U>>() {
            Arc::clone(state)
        } else {
            let state = Arc::new(RequestState::read(parts, &manager));
            parts.extensions.insert(SharedState(Arc::clone(&state)));
            state
        };
        Ok(Self {
            manager,
            session,
            cookies,
            state,
        })
    }

    /// The remember cookie values the request carries.
    pub(crate) fn remember_cookies(&self) -> &[String] {
        if self.state.cookie_headers.is_empty() {
            return &[];
        }
        self.state.remember_cookies.get_or_init(|| {
            let settings = &self.manager.settings().remember_cookie;
            settings.find_in(&self.state.cookie_headers)
        })
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
    pub(crate) async fn bounded<T>(
        &self,
        what: &'static str,
        call: impl Future<Output = Result<T, AuthError>>,
    ) -> Result<T, AuthError> {
        bounded(self.manager.settings().logins.timeout, what, call).await
    }

    /// The login of this session, if any.
    pub(crate) async fn login_record(&self) -> Result<Option<LoginRecord>, AuthError> {
        // Before setting up a bounded call: what an anonymous visitor's request pays.
        if LoginRecord::cannot_be_in(&self.session) {
            return Ok(None);
        }
        self.bounded("session store load", LoginRecord::read(&self.session))
            .await
    }

    pub(crate) async fn write_record(&self, record: &LoginRecord) -> Result<(), AuthError> {
        self.bounded("session store load", record.write(&self.session))
            .await
    }

    pub(crate) async fn remove_record(&self) -> Result<(), AuthError> {
        self.bounded("session store load", LoginRecord::remove(&self.session))
            .await
    }

    async fn cycle_session_id(&self) -> Result<(), AuthError> {
        self.bounded("session store cycle_id", async {
            self.session.cycle_id().await.map_err(AuthError::session)
        })
        .await
    }

    /// The identifier to bind a login to, when session protection is on.
    pub(crate) fn client_identifier(&self) -> Option<String> {
        (self.manager.settings().session_protection != SessionProtection::None)
            .then(|| self.state.client.identifier())
    }

    /// Whether the login of this session is fresh; `false` without a login. Like Flask-Login's
    /// `login_fresh`, it reads the session without loading the user.
    pub(crate) async fn login_fresh(&self) -> Result<bool, AuthError> {
        Ok(self
            .login_record()
            .await?
            .is_some_and(|record| record.fresh))
    }

    /// Whether the login of this session was restored from the remember cookie. A request that
    /// carries the cookie but no login yet is restored first.
    pub(crate) async fn login_remembered(&self) -> Result<bool, AuthError> {
        let mut record = self.login_record().await?;
        if record.is_none() && !self.remember_cookies().is_empty() && self.user().await?.is_some() {
            record = self.login_record().await?;
        }
        Ok(record.is_some_and(|record| record.restored))
    }

    /// Ends the login of this session: ends it in the login store with every session it made,
    /// removes it from this session, gives the session a new id and deletes the remember
    /// cookie. Flashes and the app's own session data stay.
    pub(crate) async fn end_login(&self) -> Result<(), AuthError> {
        let record = self.end_logins_of_request().await?;
        if record.is_some() {
            self.remove_record().await?;
            self.cycle_session_id().await?;
        }
        Ok(())
    }

    /// Ends the login of this session and the one of the request's remember cookie in the
    /// login store, and deletes the cookie. Returns the session's login record.
    pub(crate) async fn end_logins_of_request(&self) -> Result<Option<LoginRecord>, AuthError> {
        let logins = &self.manager.settings().logins;
        let record = self.login_record().await?;
        if let Some(record) = &record {
            logins.end(&record.login).await?;
        }
        if let Some(id) = self.presented_login() {
            logins.end(&id).await?;
        }
        if !self.remember_cookies().is_empty() {
            self.queue_cookie_deletion();
        }
        Ok(record)
    }

    /// Gives the session a new id before a login, so an id planted earlier is worthless.
    pub(crate) async fn renew_session_id(&self) -> Result<(), AuthError> {
        self.cycle_session_id().await
    }

    /// Flask-Login's order: the session's user; else the remember cookie if the request
    /// carries one (valid or not); else the request loader.
    async fn load(&self) -> Result<Option<U>, AuthError> {
        self.manager.emit(LoginEvent::UserAccessed);
        if let Some(record) = self.login_record().await? {
            match self.load_session_user(record).await? {
                SessionUser::Found(user) => return Ok(Some(user)),
                SessionUser::Ended => return Ok(None),
                SessionUser::Unknown => {}
            }
        }
        if !self.remember_cookies().is_empty() {
            return self.restore_from_cookie().await;
        }
        self.load_from_request().await
    }

    async fn load_from_request(&self) -> Result<Option<U>, AuthError> {
        let Some(request) = &self.state.request else {
            return Ok(None);
        };
        let user = self
            .bounded("request loader", async {
                self.manager
                    .load_user_from_request(request.borrow())
                    .await
                    .map_err(AuthError::loader)
            })
            .await?;
        if let Some(user) = &user {
            self.manager.emit(LoginEvent::UserLoadedFromRequest {
                user_id: user.get_id(),
            });
        }
        Ok(user)
    }

    /// Marks the login fresh and binds it to this request's client.
    pub(crate) async fn confirm_login(&self) -> Result<(), AuthError> {
        if let Some(mut record) = self.login_record().await? {
            record.fresh = true;
            record.client = self.client_identifier();
            self.write_record(&record).await?;
        }
        self.manager.emit(LoginEvent::UserLoginConfirmed);
        Ok(())
    }

    /// Flask-Login's session protection, applied to a session that holds a login. Returns
    /// whether the login survives.
    async fn protect(&self, record: &mut LoginRecord) -> Result<bool, AuthError> {
        let mode = self.manager.settings().session_protection;
        if mode == SessionProtection::None
            || record
                .client
                .as_deref()
                .is_some_and(|stored| self.state.client.is(stored))
        {
            return Ok(true);
        }
        self.manager.emit(LoginEvent::SessionProtected);
        if mode == SessionProtection::Strong && !record.permanent {
            // Flask-Login's strong mode: this session and cookie jar lose the login; the login
            // itself stays, so its owner's remember cookie still restores it.
            if let Some(session) = self.session.id() {
                self.manager
                    .settings()
                    .logins
                    .remove_session(&record.login, session)
                    .await?;
            }
            self.remove_record().await?;
            if !self.remember_cookies().is_empty() {
                self.queue_cookie_deletion();
            }
            return Ok(false);
        }
        if record.fresh {
            record.fresh = false;
            self.write_record(record).await?;
        }
        Ok(true)
    }

    async fn load_session_user(
        &self,
        mut record: LoginRecord,
    ) -> Result<SessionUser<U>, AuthError> {
        if !self.protect(&mut record).await? {
            return Ok(SessionUser::Ended);
        }
        let logins = &self.manager.settings().logins;
        let now = logins.now();
        let Some((id, state)) = self.live_login(&record, now).await? else {
            tracing::debug!(user_id = %record.user_id, "the session's login has ended");
            self.remove_record().await?;
            return Ok(SessionUser::Unknown);
        };
        let Some(user) = self.load_by_id(&record.user_id).await? else {
            return Ok(SessionUser::Unknown);
        };
        let keys = self.manager.settings().secrets.keys.as_ref();
        if !self.check_binding(keys, &id, &user, &state).await? {
            self.end_login().await?;
            return Ok(SessionUser::Ended);
        }
        if now.since(state.last_used_at) >= LAST_USED_STEP {
            logins.touch(&id, self.login_expiry(&state, now)).await?;
        }
        self.maintain_remember_cookie(&id, &state);
        Ok(SessionUser::Found(user))
    }

    /// The session's login as the login store has it, unless it has ended.
    pub(crate) async fn live_login(
        &self,
        record: &LoginRecord,
        now: Timestamp,
    ) -> Result<Option<(LoginId, LoginState)>, AuthError> {
        Ok(self
            .manager
            .settings()
            .logins
            .get_at(&record.login, now)
            .await?
            .filter(|state| state.user_id == record.user_id)
            .map(|state| (record.login.clone(), state)))
    }

    pub(crate) async fn load_by_id(&self, id: &str) -> Result<Option<U>, AuthError> {
        self.bounded("user loader", async {
            self.manager.load_user(id).await.map_err(AuthError::loader)
        })
        .await
    }
}

impl<U: AuthUser> RequestState<U> {
    fn read(parts: &Parts, manager: &LoginManager<U>) -> Self {
        let settings = manager.settings();
        Self {
            cookie_headers: parts.headers.get_all(COOKIE).iter().cloned().collect(),
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
