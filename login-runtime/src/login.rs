//! The options of one login: Flask-Login's `login_user` arguments.

use std::{
    fmt,
    future::{Future, IntoFuture},
    pin::Pin,
    time::Duration,
};

use tower_sessions::Expiry;

use crate::{
    AuthError, AuthUser, LoginEvent, login_record::LoginRecord, request_auth::RequestAuth,
    session_binding,
};

/// A login being configured; made by [`AuthSession::login_user`](crate::AuthSession::login_user),
/// carried out when awaited. Resolves to whether the user was logged in.
///
/// ```
/// # use login_runtime::{AuthUser, AuthSession, AuthError};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32, #[auth(active)] active: bool }
/// async fn login(auth: AuthSession<User>, user: User) -> Result<bool, AuthError> {
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

    async fn run(self) -> Result<bool, AuthError> {
        if !self.force && !self.user.is_active() {
            return Ok(false);
        }
        let auth = self.auth;
        let secrets = &auth.manager.settings().secrets;
        let session_mac = session_binding::session_mac(secrets.keys.as_ref(), self.user)?;
        if self.remember && secrets.series_store.is_none() {
            return Err(AuthError::RememberDisabled);
        }
        auth.revoke_remember(auth.login_record().await?.as_ref())
            .await?;
        auth.session.cycle_id().await.map_err(AuthError::session)?;
        if self.permanent {
            let lifetime = auth.manager.settings().permanent_session_lifetime;
            auth.session.set_expiry(Some(Expiry::OnInactivity(
                time::Duration::try_from(lifetime).unwrap_or(time::Duration::MAX),
            )));
        }
        let series = if self.remember {
            Some(
                auth.start_series(self.user, self.duration, session_mac.clone())
                    .await?,
            )
        } else {
            None
        };
        let series_id = series.as_ref().map(|series| series.id.clone());
        LoginRecord {
            user_id: self.user.get_id(),
            fresh: self.fresh,
            restored: false,
            remember_seconds: series.as_ref().map(|series| series.seconds),
            remember_until: series.as_ref().map(|series| series.until),
            series: series.map(|series| series.id),
            client: auth.client_identifier(),
            permanent: self.permanent,
            session_mac,
        }
        .write(&auth.session)
        .await?;
        if let Some(series_id) = series_id {
            auth.attach_session(&series_id).await?;
        }
        auth.set_user(Some(self.user.clone())).await;
        auth.manager.emit(LoginEvent::UserLoggedIn {
            user_id: self.user.get_id(),
        });
        Ok(true)
    }
}

impl<'a, U: AuthUser> IntoFuture for LoginUser<'a, U> {
    type Output = Result<bool, AuthError>;
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
