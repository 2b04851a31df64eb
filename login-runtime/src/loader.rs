//! Loading users by id: the `user_loader` of Flask-Login.

use std::{error::Error as StdError, future::Future, pin::Pin};

use crate::AuthUser;

/// The error type the runtime keeps for a failed load.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Loads a user by the id stored in the session, like Flask-Login's `user_loader` callback.
///
/// Return `Ok(None)` for an unknown id: the visitor is then anonymous. Return `Err` when the
/// lookup itself failed (a database outage): the error is logged, nobody is authenticated, and
/// guarded routes answer `500 Internal Server Error` rather than redirecting to the login view.
///
/// ```
/// use std::{collections::HashMap, convert::Infallible};
/// use login_runtime::{AuthUser, UserLoader};
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: u32,
///     name: String,
/// }
///
/// struct Users(HashMap<u32, User>);
///
/// impl UserLoader for Users {
///     type User = User;
///     type Error = Infallible;
///
///     async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
///         Ok(id.parse().ok().and_then(|id| self.0.get(&id).cloned()))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot load users",
    label = "`{Self}` does not implement `UserLoader`",
    note = "implement `UserLoader` for `{Self}`: `async fn load_user(&self, id: &str) -> Result<Option<User>, Self::Error>`"
)]
pub trait UserLoader: Send + Sync + 'static {
    /// The user type this loader returns.
    type User: AuthUser;
    /// The error a failed lookup reports.
    type Error: StdError + Send + Sync + 'static;

    /// Looks up the user with this id; `Ok(None)` when there is none.
    fn load_user(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<Self::User>, Self::Error>> + Send;
}

pub(crate) type LoadFuture<'a, U> =
    Pin<Box<dyn Future<Output = Result<Option<U>, BoxError>> + Send + 'a>>;

/// [`UserLoader`] with its future boxed, so the manager can hold any loader behind one type.
pub(crate) trait DynUserLoader<U>: Send + Sync + 'static {
    fn load<'a>(&'a self, id: &'a str) -> LoadFuture<'a, U>;
}

impl<L: UserLoader> DynUserLoader<L::User> for L {
    fn load<'a>(&'a self, id: &'a str) -> LoadFuture<'a, L::User> {
        Box::pin(async move { self.load_user(id).await.map_err(Into::into) })
    }
}
