//! The options of one login: Flask-Login's `login_user` arguments.

use std::{
    fmt,
    future::{Future, IntoFuture},
    pin::Pin,
};

use crate::{AuthError, AuthUser, login_record::LoginRecord, request_auth::RequestAuth};

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
pub struct LoginUser<'a, U> {
    auth: &'a RequestAuth<U>,
    user: &'a U,
    force: bool,
    fresh: bool,
}

impl<'a, U: AuthUser> LoginUser<'a, U> {
    pub(crate) fn new(auth: &'a RequestAuth<U>, user: &'a U) -> Self {
        Self {
            auth,
            user,
            force: false,
            fresh: true,
        }
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

    async fn run(self) -> Result<bool, AuthError> {
        if !self.force && !self.user.is_active() {
            return Ok(false);
        }
        let session = &self.auth.session;
        session.cycle_id().await.map_err(AuthError::session)?;
        LoginRecord {
            user_id: self.user.get_id(),
            fresh: self.fresh,
        }
        .write(session)
        .await?;
        self.auth.set_user(Some(self.user.clone())).await;
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
            .field("force", &self.force)
            .field("fresh", &self.fresh)
            .finish_non_exhaustive()
    }
}
