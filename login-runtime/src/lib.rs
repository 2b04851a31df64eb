//! Flask-Login's user-session management for axum, over tower-sessions.
//!
//! Mark a user type with `#[derive(AuthUser)]`, load users by id with a [`UserLoader`], put a
//! [`LoginManager`] in the router state, and guard handlers with `#[login_required]`:
//!
//! ```
//! use std::convert::Infallible;
//!
//! use axum::{Router, routing::get};
//! use login_runtime::{
//!     AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login_required,
//!     tower_sessions::MemoryStore,
//! };
//!
//! #[derive(Clone, AuthUser)]
//! struct User {
//!     #[auth(id)]
//!     id: u32,
//!     name: String,
//! }
//!
//! struct Users;
//!
//! impl UserLoader for Users {
//!     type User = User;
//!     type Error = Infallible;
//!
//!     async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
//!         Ok((id == "1").then(|| User { id: 1, name: "Ada".into() }))
//!     }
//! }
//!
//! #[login_required]
//! async fn settings(user: CurrentUser<User>) -> String {
//!     format!("Settings of {}", user.name)
//! }
//!
//! async fn login(auth: AuthSession<User>) -> Result<&'static str, login_runtime::AuthError> {
//!     let user = User { id: 1, name: "Ada".into() };
//!     let outcome = auth.login_user(&user).await?;
//!     Ok(if outcome.is_logged_in() { "logged in" } else { "account disabled" })
//! }
//!
//! let manager = LoginManager::builder(Users).login_view("/login").build().unwrap();
//! let app: Router = Router::new()
//!     .route("/settings", get(settings))
//!     .route("/login", get(login))
//!     .layer(manager.layer_for(MemoryStore::default()))
//!     .with_state(manager);
//! ```
//!
//! The sessions live server-side in any tower-sessions store; the session id changes at every
//! login, and a logout removes the login from the stored session, so an old session cookie is
//! worthless afterwards.
//!
//! # What a typical app names
//!
//! The crate root holds what most apps use: [`AuthUser`] (trait and derive), [`UserLoader`],
//! [`LoginManager`], [`HasLoginManager`], the attributes `#[login_required]`,
//! `#[fresh_login_required]` and `#[anonymous_required]`, the extractors [`AuthSession`] (log in
//! and out), [`CurrentUser`] (refuses anonymous visitors; `Option<CurrentUser>` does not),
//! [`Visitor`] (the user or [`AnonymousUser`]), [`Flashes`] and [`NextUrl`], and [`AuthError`],
//! [`LoginPolicy`], [`LoginEvent`] and the `tower_sessions` crate.
//!
//! The rest is grouped by concern:
//!
//! - [`manager`]: [`LoginManagerBuilder`](manager::LoginManagerBuilder) and its defaults,
//!   [`secret_key_from_env`](manager::secret_key_from_env).
//! - [`login`]: what [`AuthSession`] returns: [`LoginUser`](login::LoginUser) (`.remember`,
//!   `.fresh`, ...), [`LoginOutcome`](login::LoginOutcome), and a user's logins on other devices
//!   ([`LoginInfo`](login::LoginInfo), [`LoginHandle`](login::LoginHandle)).
//! - [`guard`]: the checks the attributes inject, as extractors, and a handler's own views.
//! - [`permissions`]: a field marked `#[auth(permissions)]`, or a
//!   [`PermissionLoader`](permissions::PermissionLoader); required with
//!   `#[login_required(permission = ..)]`, `permissions = [..]` or `predicate = ..`. Users
//!   without the permission get `403`.
//! - [`redirect`]: [`safe_next`](redirect::safe_next) and [`safe_redirect`](redirect::safe_redirect)
//!   after a login, and Flask-Login's `login_url`.
//! - [`flash`]: flashed messages.
//! - [`remember`]: the remember-me cookie. Needs
//!   [`LoginManagerBuilder::secret_key`](manager::LoginManagerBuilder::secret_key) and
//!   [`remember_store`](manager::LoginManagerBuilder::remember_store); the cookie is signed, its
//!   token rotates at every restore, and logout revokes it server-side.
//! - [`protection`]: session protection, and the proxies to trust for the client's address.
//! - [`request`]: a [`RequestLoader`](request::RequestLoader) authenticates API clients without
//!   a session.
//! - [`login_state`]: where logins live ([`LoginStore`](login_state::LoginStore); in memory by
//!   default, Redis or SQL in the `login-store-*` crates), so that several instances agree.
//! - [`layer`]: the layer types [`LoginManager::layer_for`] makes.
//! - [`password`]: with the `password` feature, `#[auth(password_hash)]` and argon2 hashing.
//! - [`testing`]: with the `test-util` feature, a test client that logs in as any user.
//!
//! Failures never authenticate anyone: a store or loader error or timeout
//! ([`store_timeout`](manager::LoginManagerBuilder::store_timeout)) is logged, public routes still answer, and guarded
//! routes answer `503` ([`AuthError`]).

// The hidden root paths of `compat` make links to the modules' items look redundant.
#![allow(rustdoc::redundant_explicit_links)]

mod error;
mod loader;
mod signals;
mod user;

pub mod flash;
pub mod guard;
pub mod layer;
pub mod login;
pub mod login_state;
pub mod manager;
pub mod password;
pub mod permissions;
pub mod protection;
pub mod redirect;
pub mod remember;
pub mod request;
pub mod testing;

#[cfg(fuzzing)]
#[doc(hidden)]
pub mod __fuzz;
#[doc(hidden)]
pub mod __private;
mod compat;

pub use error::AuthError;
pub use flash::Flashes;
pub use layer::LoginPolicy;
pub use loader::UserLoader;
pub use login::{AuthSession, CurrentUser, Visitor};
pub use login_macros::{AuthUser, anonymous_required, fresh_login_required, login_required};
pub use manager::{HasLoginManager, LoginManager};
pub use redirect::NextUrl;
pub use signals::LoginEvent;
pub use tower_sessions;
pub use user::{AnonymousUser, AuthUser};

#[doc(hidden)]
pub use compat::*;
