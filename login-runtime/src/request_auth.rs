//! The login state of one request: the user, loaded at most once and only when asked for.

use std::sync::Arc;

use http::request::Parts;
use tokio::sync::Mutex;
use tower_cookies::Cookies;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginEvent, LoginManager, LoginPolicy,
    layer::LoginLayerInstalled,
    login_record::LoginRecord,
    request_head::OwnedRequestHead,
    session_binding::{self, Binding},
    session_protection::{Client, SessionProtection, same_client},
};

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
    /// The remember cookie values the request carries.
    pub(crate) remember_cookies: Vec<String>,
    /// This request's client, when session protection is on.
    client: Option<Client>,
    /// The router's login policy, if it has one.
    pub(crate) policy: Option<LoginPolicy>,
    /// The request, kept for the request loader when there is one.
    request: Option<OwnedRequestHead>,
    user: Mutex<Slot<U>>,
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

    /// The user of this request (authenticated or not), or `None` for an anonymous visitor.
    pub(crate) async fn user(&self) -> Result<Option<U>, AuthError> {
        let mut slot = self.state.user.lock().await;
        match &*slot {
            Slot::Loaded(user) => return Ok(user.clone()),
            Slot::Failed(error) => return Err(error.clone()),
            Slot::Unloaded => {}
        }
        match self.load().await {
            Ok(user) => {
                *slot = Slot::Loaded(user.clone());
                Ok(user)
            }
            Err(error) => {
                *slot = Slot::Failed(error.clone());
                Err(error)
            }
        }
    }

    /// Replaces the cached user after a login or logout within this request.
    pub(crate) async fn set_user(&self, user: Option<U>) {
        *self.state.user.lock().await = Slot::Loaded(user);
    }

    /// The login of this session, if any.
    pub(crate) async fn login_record(&self) -> Result<Option<LoginRecord>, AuthError> {
        LoginRecord::read(&self.session).await
    }

    /// The identifier to bind a login to, when session protection is on.
    pub(crate) fn client_identifier(&self) -> Option<String> {
        self.state
            .client
            .as_ref()
            .map(|client| client.identifier().to_owned())
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
        if record.is_none()
            && !self.state.remember_cookies.is_empty()
            && self.user().await?.is_some()
        {
            record = self.login_record().await?;
        }
        Ok(record.is_some_and(|record| record.restored))
    }

    /// Ends the login of this session: removes it, revokes its remember series and deletes the
    /// remember cookie. Flashes and the app's own session data stay.
    pub(crate) async fn end_login(&self) -> Result<(), AuthError> {
        let record = self.login_record().await?;
        self.revoke_remember(record.as_ref()).await?;
        if record.is_some() {
            LoginRecord::remove(&self.session).await?;
            self.session.cycle_id().await.map_err(AuthError::session)?;
        }
        Ok(())
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
        if !self.state.remember_cookies.is_empty() {
            return self.restore_from_cookie().await;
        }
        self.load_from_request().await
    }

    async fn load_from_request(&self) -> Result<Option<U>, AuthError> {
        let Some(request) = &self.state.request else {
            return Ok(None);
        };
        let user = self
            .manager
            .load_user_from_request(request.borrow())
            .await
            .map_err(AuthError::loader)?;
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
            record.write(&self.session).await?;
        }
        self.manager.emit(LoginEvent::UserLoginConfirmed);
        Ok(())
    }

    /// Flask-Login's session protection, applied to a session that holds a login. Returns
    /// whether the login survives.
    async fn protect(&self, record: &mut LoginRecord) -> Result<bool, AuthError> {
        let Some(client) = &self.state.client else {
            return Ok(true);
        };
        if same_client(record.client.as_deref(), client.identifier()) {
            return Ok(true);
        }
        let mode = self.manager.settings().session_protection;
        self.manager.emit(LoginEvent::SessionProtected);
        if mode == SessionProtection::Strong && !record.permanent {
            LoginRecord::remove(&self.session).await?;
            if !self.state.remember_cookies.is_empty() {
                self.queue_cookie_deletion();
            }
            return Ok(false);
        }
        if record.fresh {
            record.fresh = false;
            record.write(&self.session).await?;
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
        let Some(user) = self.load_by_id(&record.user_id).await? else {
            return Ok(SessionUser::Unknown);
        };
        let keys = self.manager.settings().secrets.keys.as_ref();
        match session_binding::check(keys, &user, record.session_mac.as_deref()) {
            Binding::Valid => {}
            Binding::Rekey(mac) => {
                record.session_mac = Some(mac);
                record.write(&self.session).await?;
            }
            Binding::Broken => {
                tracing::info!(user_id = %record.user_id, "session hash changed; login ended");
                self.end_login().await?;
                return Ok(SessionUser::Ended);
            }
        }
        self.maintain_remember_cookie(&record).await?;
        Ok(SessionUser::Found(user))
    }

    pub(crate) async fn load_by_id(&self, id: &str) -> Result<Option<U>, AuthError> {
        self.manager.load_user(id).await.map_err(AuthError::loader)
    }
}

impl<U: AuthUser> RequestState<U> {
    fn read(parts: &Parts, manager: &LoginManager<U>) -> Self {
        let settings = manager.settings();
        Self {
            remember_cookies: settings.remember_cookie.find_in(&parts.headers),
            client: (settings.session_protection != SessionProtection::None)
                .then(|| Client::of(parts, &settings.trusted_proxies)),
            policy: parts.extensions.get::<LoginPolicy>().cloned(),
            request: manager
                .has_request_loader()
                .then(|| OwnedRequestHead::from_parts(parts)),
            user: Mutex::new(Slot::Unloaded),
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
