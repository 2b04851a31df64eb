//! Compile-fail and compile-pass tests of the `login-macros` diagnostics; the
//! tests live in `tests/`. See `README.md`.
//!
//! The library itself holds the [`fixtures`] that the attribute pass cases
//! share: trybuild builds every case with this crate as a dependency, named
//! `ui_tests`.

pub mod fixtures {
    //! What every attribute pass case needs but none of them tests: a user
    //! type, a loader for it, and the login state to route the handlers with.
    //!
    //! The derive cases define their own user structs, since the derive on a
    //! struct the user wrote is what they test; the fail cases keep theirs, as
    //! their `.stderr` files pin line numbers.

    use axum::Router;
    use login_runtime::{AuthUser, LoginManager, UserLoader};

    /// The user of the attribute cases.
    #[derive(Clone, Debug, AuthUser)]
    pub struct User {
        /// The user's id.
        #[auth(id)]
        pub id: i64,
    }

    /// A loader that finds nobody: the cases are compiled and routed, never
    /// served.
    #[derive(Debug)]
    pub struct Users;

    impl UserLoader for Users {
        type User = User;
        type Error = std::convert::Infallible;

        async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
            Ok(None)
        }
    }

    /// The login state of the attribute cases.
    #[must_use]
    pub fn manager() -> LoginManager<User> {
        LoginManager::new(Users)
    }

    /// A case's `routes` with [`manager`] as their state. A call compiles only
    /// if every handler in `routes` is an axum handler for that state.
    pub fn app(routes: Router<LoginManager<User>>) -> Router {
        routes.with_state(manager())
    }
}
