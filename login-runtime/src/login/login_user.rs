//! The options of one login: Flask-Login's `login_user` arguments.

use std::{
    fmt,
    future::{Future, IntoFuture},
    pin::Pin,
    time::Duration,
};

use tower_sessions::Expiry;

use crate::{
    AuthError, AuthUser, LoginEvent,
    login::LoginOutcome,
    login_state::{LoginId, LoginState, RememberState},
    remember::{expiry::expiry_after, token::Token},
    request::{login_record::LoginRecord, request_auth::RequestAuth, session_binding},
};

/// The longest User-Agent kept with a login, in bytes.
const MAX_USER_AGENT_LEN: usize = 256;

/// A login being configured; made by [`AuthSession::login_user`](crate::AuthSession::login_user),
/// carried out when awaited. Resolves to a [`LoginOutcome`]: logged in, or refused as inactive.
///
/// ```
/// # use login_runtime::{AuthUser, AuthSession, AuthError, login::LoginOutcome};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32, #[auth(active)] active: bool }
/// async fn login(auth: AuthSession<User>, user: User) -> Result<LoginOutcome, AuthError> {
///     auth.login_user(&user).force(true).fresh(false).await
/// }
/// ```
#[must_use = "the login happens only when the `LoginUser` is awaited"]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per `login_user` option"
)]
pub struct LoginUser<'a, U> {
    auth: &'a RequestAuth<U>,
    user: &'a U,
    remember: bool,
    duration: Option<Duration>,
    force: bool,
    fresh: bool,
    permanent: bool,
}

impl<'a, U: AuthUser> LoginUser<'a, U> {
    pub(crate) fn new(auth: &'a RequestAuth<U>, user: &'a U) -> Self {
        Self {
            auth,
            user,
            remember: false,
            duration: None,
            force: false,
            fresh: true,
            permanent: false,
        }
    }

    /// Set the remember cookie, so the login outlives the browser session. Default: `false`.
    /// Needs the manager's [`secret_key`](crate::LoginManagerBuilder::secret_key) and
    /// [`remember_store`](crate::LoginManagerBuilder::remember_store).
    pub fn remember(mut self, remember: bool) -> Self {
        self.remember = remember;
        self
    }

    /// How long the remember cookie lasts, instead of the manager's
    /// [`RememberCookie::duration`](crate::RememberCookie::duration).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// Log the user in even if [`is_active`](AuthUser::is_active) is `false`. Default: `false`.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Mark the login fresh, as a login from credentials is. Default: `true`.
    pub fn fresh(mut self, fresh: bool) -> Self {
        self.fresh = fresh;
        self
    }

    /// Give the session a persistent cookie that outlives the browser session, lasting the
    /// manager's [`permanent_session_lifetime`](crate::LoginManagerBuilder::permanent_session_lifetime)
    /// after the last request. Default: `false`. Session protection treats permanent sessions
    /// leniently, as Flask-Login does.
    pub fn permanent(mut self, permanent: bool) -> Self {
        self.permanent = permanent;
        self
    }

    async fn run(self) -> Result<LoginOutcome, AuthError> {
        if !self.force && !self.user.is_active() {
            return Ok(LoginOutcome::Inactive);
        }
        let auth = self.auth;
        let settings = auth.manager().settings();
        let session_mac = session_binding::session_mac(settings.secrets.keys.as_ref(), self.user)?;
        let keys = if self.remember {
            Some(auth.remember_keys().ok_or(AuthError::RememberDisabled)?)
        } else {
            None
        };
        auth.end_logins_of_request().await?;
        auth.renew_session_id().await?;
        if self.permanent {
            auth.session().set_expiry(Some(Expiry::OnInactivity(
                time::Duration::try_from(settings.permanent_session_lifetime)
                    .unwrap_or(time::Duration::MAX),
            )));
        }
        let logins = &settings.logins;
        let now = logins.now();
        let token = self.remember.then(Token::random);
        let lifetime = if self.remember {
            self.duration.unwrap_or(settings.remember_cookie.duration)
        } else {
            settings.permanent_session_lifetime
        };
        let expires_at = expiry_after(now, lifetime);
        let login = LoginState {
            id: LoginId::random(),
            user_id: self.user.get_id(),
            created_at: now,
            last_used_at: now,
            expires_at,
            user_agent: auth.client().user_agent(MAX_USER_AGENT_LEN),
            client_address: auth.client().address().map(|address| address.to_string()),
            remember: token.as_ref().map(|token| RememberState {
                token: token.digest(),
                previous: None,
                rotated_at: now,
                seconds: expires_at.since(now).as_secs(),
            }),
            session_mac,
        };
        logins.create(&login).await?;
        auth.write_record(&LoginRecord::made(
            &login.id,
            &login.user_id,
            self.fresh,
            auth.client_identifier(),
            self.permanent,
        ))
        .await?;
        let session = auth.saved_session_id().await?;
        logins.add_session(&login.id, session).await?;
        if let (Some(keys), Some(token)) = (keys, &token) {
            auth.queue_cookie(keys, &login.id, token, expires_at);
        }
        auth.set_user(Some(self.user.clone())).await;
        auth.manager().emit(LoginEvent::UserLoggedIn {
            user_id: self.user.get_id(),
        });
        Ok(LoginOutcome::LoggedIn)
    }
}

impl<'a, U: AuthUser> IntoFuture for LoginUser<'a, U> {
    type Output = Result<LoginOutcome, AuthError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<U> fmt::Debug for LoginUser<'_, U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginUser")
            .field("remember", &self.remember)
            .field("duration", &self.duration)
            .field("force", &self.force)
            .field("fresh", &self.fresh)
            .field("permanent", &self.permanent)
            .finish_non_exhaustive()
    }
}
