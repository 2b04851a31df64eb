//! `AuthSession`: log users in and out from a handler.

use std::fmt;

use axum::{extract::FromRequestParts, response::Response};
use http::request::Parts;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginEvent,
    guard::refusal::{Refusal, RefusalTargets},
    login::login_user::LoginUser,
    request::{request_auth::RequestAuth, request_head::OwnedRequestHead},
};

/// The login of the current request, for handlers that change it: Flask-Login's
/// `login_user`, `logout_user` and friends.
///
/// ```
/// # use login_runtime::{AuthUser, UserLoader};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
/// # fn check_password(_: &str) -> Option<User> { Some(User { id: 1 }) }
/// use axum::{Form, response::{IntoResponse, Redirect, Response}};
/// use login_runtime::{AuthError, AuthSession};
///
/// #[derive(serde::Deserialize)]
/// struct Credentials { password: String }
///
/// async fn login(auth: AuthSession<User>, Form(form): Form<Credentials>) -> Result<Response, AuthError> {
///     let Some(user) = check_password(&form.password) else {
///         return Ok("wrong password".into_response());
///     };
///     if !auth.login_user(&user).await?.is_logged_in() {
///         return Ok("this account is disabled".into_response());
///     }
///     Ok(Redirect::to("/").into_response())
/// }
///
/// async fn logout(auth: AuthSession<User>) -> Result<Redirect, AuthError> {
///     auth.logout_user().await?;
///     Ok(Redirect::to("/"))
/// }
/// ```
pub struct AuthSession<U> {
    pub(crate) auth: RequestAuth<U>,
    head: OwnedRequestHead,
}

impl<U: AuthUser> AuthSession<U> {
    /// Logs `user` in, like Flask-Login's `login_user`; configure the login on the returned
    /// [`LoginUser`] before awaiting it. Resolves to [`LoginOutcome::Inactive`](crate::login::LoginOutcome),
    /// changing nothing, for a user that is not active unless forced: check it.
    ///
    /// Unlike Flask-Login, the session gets a new id at every login, so a session id planted
    /// before the login (session fixation) is worthless.
    pub fn login_user<'a>(&'a self, user: &'a U) -> LoginUser<'a, U> {
        LoginUser::new(&self.auth, user)
    }

    /// Logs the user out, like Flask-Login's `logout_user`.
    ///
    /// The login ends in the login store, with every session it made (restores from copies of
    /// its remember cookie included), so a copy of the session or remember cookie taken before
    /// the logout no longer works, on any instance. This session loses the login and gets a new
    /// id, and the remember cookie is deleted. Flash messages and the app's own session data
    /// stay.
    ///
    /// # Errors
    ///
    /// [`AuthError::Session`] when the session store fails.
    pub async fn logout_user(&self) -> Result<(), AuthError> {
        let user_id = self
            .auth
            .user()
            .await
            .ok()
            .flatten()
            .map(|user| user.get_id());
        self.auth.end_login().await?;
        self.auth.set_user(None).await;
        self.auth
            .manager()
            .emit(LoginEvent::UserLoggedOut { user_id });
        Ok(())
    }

    /// The user of this request, authenticated or not; `None` when anonymous.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when the session store or the user loader fails.
    pub async fn current_user(&self) -> Result<Option<U>, AuthError> {
        self.auth.user().await
    }

    /// Whether the request has an authenticated user.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when the session store or the user loader fails.
    pub async fn is_authenticated(&self) -> Result<bool, AuthError> {
        Ok(self
            .auth
            .user()
            .await?
            .is_some_and(|u| u.is_authenticated()))
    }

    /// Whether the login is fresh, like Flask-Login's `login_fresh`; `false` without a login.
    ///
    /// # Errors
    ///
    /// [`AuthError::Session`] when the session store fails.
    pub async fn login_fresh(&self) -> Result<bool, AuthError> {
        self.auth.login_fresh().await
    }

    /// Whether the login was restored from the remember cookie, like Flask-Login's
    /// `login_remembered`; `false` without a login.
    ///
    /// # Errors
    ///
    /// [`AuthError::Session`] when the session store fails.
    pub async fn login_remembered(&self) -> Result<bool, AuthError> {
        self.auth.login_remembered().await
    }

    /// The response a failed login check gives for this request, like Flask-Login's
    /// `login_manager.unauthorized()`.
    pub async fn unauthorized(&self) -> Response {
        Refusal::Unauthorized
            .response(&self.auth, self.head.borrow(), &RefusalTargets::default())
            .await
    }

    /// The response a failed freshness check gives for this request, like Flask-Login's
    /// `login_manager.needs_refresh()`.
    pub async fn needs_refresh(&self) -> Response {
        Refusal::NeedsRefresh
            .response(&self.auth, self.head.borrow(), &RefusalTargets::default())
            .await
    }

    /// Marks the login fresh again after the user re-entered their credentials, like
    /// Flask-Login's `confirm_login`, and binds it to the current client for session protection.
    /// Does nothing without a login.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when the session store or the user loader fails.
    pub async fn confirm_login(&self) -> Result<(), AuthError> {
        self.auth.confirm_login().await
    }

    /// The underlying tower-sessions session, for the app's own data.
    pub fn session(&self) -> &Session {
        self.auth.session()
    }
}

impl<U> fmt::Debug for AuthSession<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthSession").finish_non_exhaustive()
    }
}

impl<S, U> FromRequestParts<S> for AuthSession<U>
where
    S: HasLoginManager<User = U>,
    U: AuthUser,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthError> {
        Ok(Self {
            auth: RequestAuth::from_parts(parts, state)?,
            head: OwnedRequestHead::from_parts(parts),
        })
    }
}
