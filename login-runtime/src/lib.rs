//! Flask-Login's user-session management for axum, over tower-sessions.
//!
//! Mark a user type with `#[derive(AuthUser)]`, load users by id with a [`UserLoader`], put a
//! [`LoginManager`] in the router state, and guard handlers with `#[login_required]`:
//!
//! ```
//! use std::convert::Infallible;
//!
//! use axum::{Router, routing::get};
//! use login_runtime::{AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login_required};
//! use tower_sessions::{MemoryStore, SessionManagerLayer};
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
//!     .layer(manager.layer())
//!     .layer(SessionManagerLayer::new(MemoryStore::default()))
//!     .with_state(manager);
//! ```
//!
//! The sessions live server-side in any tower-sessions store; the session id changes at every
//! login, and a logout removes the login from the stored session, so an old session cookie is
//! worthless afterwards.
//!
//! # Pieces
//!
//! - **Who is logged in:** [`CurrentUser`] (refuses anonymous visitors), `Option<CurrentUser>`,
//!   [`Visitor`] (the user or [`AnonymousUser`]), [`AuthSession`] (log in and out).
//! - **Guards:** `#[login_required]`, `#[fresh_login_required]`, `#[anonymous_required]`, or the
//!   extractors [`LoginRequired`], [`FreshLoginRequired`], [`AnonymousRequired`]. Refused
//!   requests get the flash-and-redirect flows of the [`LoginManagerBuilder`] settings, a
//!   router's [`LoginPolicy`], or a handler's own views ([`HandlerViews`]).
//! - **Permissions:** a field marked `#[auth(permissions)]` ([`UserPermissions`]), or a
//!   [`PermissionLoader`] with user and group permissions; required with
//!   `#[login_required(permission = ..)]`, `permissions = [..]` or `predicate = ..`, or the
//!   extractors [`PermissionRequired`] and [`PredicateRequired`], also as router layers. Users
//!   without the permission get `403`.
//! - **Remember me:** [`LoginUser::remember`], configured by [`RememberCookie`]; needs
//!   [`LoginManagerBuilder::secret_key`] and [`LoginManagerBuilder::remember_store`]. The cookie
//!   is signed, its token rotates at every restore, and logout revokes it server-side.
//! - **Session protection:** [`SessionProtection`], with [`TrustedProxies`] behind a proxy.
//! - **API clients:** a [`RequestLoader`] authenticates requests without a session.
//! - **Events:** [`LoginEvent`], through [`LoginManagerBuilder::on_event`] and
//!   [`LoginManager::subscribe`].
//! - **Flashes and `next`:** [`Flash`], [`Flashes`], [`NextUrl`], [`safe_next`],
//!   [`safe_redirect`].
//! - **Passwords:** with the `password` feature, `#[auth(password_hash)]` gives a user type
//!   [`PasswordUser::verify_password`], and `hash_password` hashes new passwords (argon2, off
//!   the async runtime).
//! - **Tests:** with the `test-util` feature, `testing::TestClient` logs in as any user.
//! - **Logins:** each login lives in a [`login_state::LoginStore`] (in memory by default);
//!   [`AuthSession::logins`] lists a user's, [`AuthSession::end_login`] and
//!   [`AuthSession::end_other_logins`] end them, [`AuthSession::update_session_hash`] keeps this
//!   login through a password change.
//!
//! Failures never authenticate anyone: a store or loader error or timeout
//! ([`LoginManagerBuilder::store_timeout`]) is logged, public routes still answer, and guarded
//! routes answer `503` ([`AuthError`]).

mod auth_session;
mod bounded;
mod builder;
mod client_address;
mod config_error;
mod current_user;
mod devices;
mod encoded_views;
mod error;
mod flash;
mod flash_cookie;
mod guard;
mod handler_views;
mod layer;
mod loader;
mod login;
mod login_outcome;
mod login_record;
mod login_url;
mod manager;
mod password;
mod permissions;
mod policy;
mod redirect;
mod refusal;
mod remember;
mod request_auth;
mod request_head;
mod request_loader;
mod safe_next;
mod secret_key;
mod secret_key_from_env;
mod session_binding;
mod session_data;
mod session_layer;
mod session_next;
mod session_protection;
mod settings;
mod signals;
mod state;
mod user;

#[cfg(fuzzing)]
#[doc(hidden)]
pub mod __fuzz;
#[doc(hidden)]
pub mod __private;
pub mod login_state;
pub mod testing;

pub use auth_session::AuthSession;
pub use bounded::DEFAULT_STORE_TIMEOUT;
pub use builder::LoginManagerBuilder;
pub use client_address::TrustedProxies;
pub use config_error::ConfigError;
pub use current_user::{CurrentUser, Visitor};
pub use devices::{LoginHandle, LoginInfo};
pub use error::AuthError;
pub use flash::{Flash, FlashMessage, Flashes, MAX_FLASH_BYTES, MAX_FLASHES};
pub use guard::{
    AnonymousRequired, AnonymousRequiredWith, FreshLoginRequired, FreshLoginRequiredWith,
    LoginRequired, LoginRequiredWith,
};
pub use handler_views::{DefaultViews, HandlerViews};
pub use layer::{LoginLayer, LoginService, ResponseFuture};
pub use loader::{BoxError, UserLoader};
pub use login::LoginUser;
pub use login_macros::{AuthUser, anonymous_required, fresh_login_required, login_required};
pub use login_outcome::LoginOutcome;
pub use login_url::{RequestUrl, login_url, make_next_param};
pub use manager::LoginManager;
pub use password::PasswordUser;
#[cfg(feature = "password")]
pub use password::hash_password;
pub use permissions::{
    PermissionLoader, PermissionOf, PermissionOfUser, PermissionRequired, PermissionSet, Predicate,
    PredicateRequired, RequiredPermissions, UserPermissions,
};
pub use policy::{LoginPolicy, PolicyService};
pub use redirect::safe_redirect;
pub use remember::{DEFAULT_REMEMBER_DURATION, RememberCookie};
pub use request_head::RequestHead;
pub use request_loader::RequestLoader;
pub use safe_next::{is_safe_next, safe_next};
pub use secret_key_from_env::secret_key_from_env;
pub use session_next::NextUrl;
pub use session_protection::SessionProtection;
pub use settings::{
    DEFAULT_LOGIN_MESSAGE, DEFAULT_MESSAGE_CATEGORY, DEFAULT_NEEDS_REFRESH_MESSAGE,
    DEFAULT_PERMANENT_SESSION_LIFETIME,
};
pub use signals::LoginEvent;
pub use state::HasLoginManager;
pub use tower_sessions;
pub use user::{AnonymousUser, AuthUser};
