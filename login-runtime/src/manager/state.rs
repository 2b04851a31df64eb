//! How extractors find the login manager in the router state.

use crate::{AuthUser, LoginManager};

/// A router state that holds a [`LoginManager`].
///
/// The manager itself is such a state, so small apps call `.with_state(manager)`. An app with
/// its own state type implements this trait once:
///
/// ```
/// # use login_runtime::{AuthUser, UserLoader};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
/// # struct Users;
/// # impl UserLoader for Users {
/// #     type User = User;
/// #     type Error = std::convert::Infallible;
/// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
/// # }
/// use login_runtime::{HasLoginManager, LoginManager};
///
/// #[derive(Clone)]
/// struct AppState {
///     logins: LoginManager<User>,
///     greeting: String,
/// }
///
/// impl HasLoginManager for AppState {
///     type User = User;
///
///     fn login_manager(&self) -> &LoginManager<User> {
///         &self.logins
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "the router state `{Self}` does not hold a `LoginManager`",
    label = "login checks need a `LoginManager` in the router state",
    note = "pass the manager as the state with `.with_state(manager)`, or implement `login_runtime::HasLoginManager` for `{Self}`"
)]
pub trait HasLoginManager: Send + Sync + 'static {
    /// The user type the manager loads.
    type User: AuthUser;

    /// The manager.
    fn login_manager(&self) -> &LoginManager<Self::User>;
}

impl<U: AuthUser> HasLoginManager for LoginManager<U> {
    type User = U;

    fn login_manager(&self) -> &LoginManager<U> {
        self
    }
}
