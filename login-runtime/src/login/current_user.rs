//! Extractors for the user of the request: `CurrentUser`, `Option<CurrentUser>`, `Visitor`.

use std::ops::{Deref, DerefMut};

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    response::{IntoResponse, Response},
};
use http::request::Parts;

use crate::{
    AnonymousUser, AuthError, AuthUser, HasLoginManager,
    guard::{guards::require_login, refusal::RefusalTargets},
    request::request_auth::RequestAuth,
};

/// The authenticated user of the request.
///
/// Extracting it checks the login like `#[login_required]`: anonymous visitors and inactive
/// users get the unauthorized response. `Option<CurrentUser<U>>` never refuses: it is `None` for
/// them, and also when the user cannot be loaded (the failure is logged).
///
/// ```
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32, name: String }
/// use login_runtime::CurrentUser;
///
/// async fn greet(user: Option<CurrentUser<User>>) -> String {
///     match user {
///         Some(user) => format!("Hello, {}!", user.name),
///         None => "Hello, stranger!".to_owned(),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser<U>(pub U);

impl<U> CurrentUser<U> {
    /// The user.
    pub fn into_inner(self) -> U {
        self.0
    }
}

impl<U> Deref for CurrentUser<U> {
    type Target = U;

    fn deref(&self) -> &U {
        &self.0
    }
}

impl<U> DerefMut for CurrentUser<U> {
    fn deref_mut(&mut self) -> &mut U {
        &mut self.0
    }
}

impl<S, U> FromRequestParts<S> for CurrentUser<U>
where
    S: HasLoginManager<User = U>,
    U: AuthUser,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let auth = RequestAuth::from_parts(parts, state).map_err(IntoResponse::into_response)?;
        require_login(&auth, parts, RefusalTargets::default)
            .await
            .map(Self)
    }
}

impl<S, U> OptionalFromRequestParts<S> for CurrentUser<U>
where
    S: HasLoginManager<User = U>,
    U: AuthUser,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, AuthError> {
        let auth = RequestAuth::from_parts(parts, state)?;
        Ok(loaded_or_anonymous(&auth)
            .await
            .filter(AuthUser::is_authenticated)
            .map(Self))
    }
}

/// The user of the request whether or not they are authenticated, like Flask-Login's
/// `current_user`: the loaded user (even an inactive one logged in with `force`), or the
/// anonymous visitor.
///
/// ```
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
/// use login_runtime::Visitor;
///
/// async fn whoami(visitor: Visitor<User>) -> String {
///     visitor.get_id().unwrap_or_default()
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visitor<U> {
    /// A user was loaded for the session.
    User(U),
    /// Nobody is logged in.
    Anonymous(AnonymousUser),
}

impl<U: AuthUser> Visitor<U> {
    /// The loaded user's `is_authenticated`; `false` when anonymous.
    pub fn is_authenticated(&self) -> bool {
        match self {
            Self::User(user) => user.is_authenticated(),
            Self::Anonymous(anonymous) => anonymous.is_authenticated(),
        }
    }

    /// The loaded user's `is_active`; `false` when anonymous.
    pub fn is_active(&self) -> bool {
        match self {
            Self::User(user) => user.is_active(),
            Self::Anonymous(anonymous) => anonymous.is_active(),
        }
    }

    /// `true` only for the anonymous visitor.
    pub fn is_anonymous(&self) -> bool {
        match self {
            Self::User(user) => user.is_anonymous(),
            Self::Anonymous(anonymous) => anonymous.is_anonymous(),
        }
    }

    /// The loaded user's id; `None` when anonymous.
    pub fn get_id(&self) -> Option<String> {
        match self {
            Self::User(user) => Some(user.get_id()),
            Self::Anonymous(anonymous) => anonymous.get_id(),
        }
    }

    /// The loaded user, if any.
    pub fn user(&self) -> Option<&U> {
        match self {
            Self::User(user) => Some(user),
            Self::Anonymous(_) => None,
        }
    }
}

impl<S, U> FromRequestParts<S> for Visitor<U>
where
    S: HasLoginManager<User = U>,
    U: AuthUser,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthError> {
        let auth = RequestAuth::from_parts(parts, state)?;
        Ok(loaded_or_anonymous(&auth)
            .await
            .map_or(Self::Anonymous(AnonymousUser), Self::User))
    }
}

/// The loaded user; a failed load is logged and counts as anonymous.
async fn loaded_or_anonymous<U: AuthUser>(auth: &RequestAuth<U>) -> Option<U> {
    auth.user().await.unwrap_or_else(|error| {
        tracing::error!(%error, "could not load the user; treating the request as anonymous");
        None
    })
}
