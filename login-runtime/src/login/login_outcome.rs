//! What a login attempt did: Flask-Login's `login_user` return value, as a type that cannot be
//! ignored by accident.

/// The result of awaiting [`AuthSession::login_user`](crate::AuthSession::login_user): the user
/// is logged in, or was refused because the account is not
/// [active](crate::AuthUser::is_active). Ignoring it is a warning, so that a login handler does
/// not welcome a disabled account.
///
/// ```
/// # use login_runtime::{AuthUser, AuthSession, AuthError, login::LoginOutcome};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32, #[auth(active)] active: bool }
/// use axum::{http::StatusCode, response::{IntoResponse, Redirect, Response}};
///
/// async fn login(auth: AuthSession<User>, user: User) -> Result<Response, AuthError> {
///     match auth.login_user(&user).await? {
///         LoginOutcome::LoggedIn => Ok(Redirect::to("/").into_response()),
///         LoginOutcome::Inactive => Ok((StatusCode::FORBIDDEN, "This account is disabled.").into_response()),
///     }
/// }
/// ```
#[must_use = "an inactive user is not logged in: check the outcome before welcoming them"]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginOutcome {
    /// The user is logged in.
    LoggedIn,
    /// Nothing changed: the user is not active and the login was not
    /// [forced](crate::LoginUser::force).
    Inactive,
}

impl LoginOutcome {
    /// Whether the user is logged in: Flask-Login's `True` or `False`.
    #[must_use]
    pub const fn is_logged_in(self) -> bool {
        matches!(self, Self::LoggedIn)
    }
}
