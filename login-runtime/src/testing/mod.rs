//! Testing support (feature `test-util`): make requests as a logged-in user, like Flask-Login's
//! `FlaskLoginClient`.
//!
//! A [`TestClient`] is a browser over an app's [`Router`](axum::Router): it keeps cookies
//! between requests and can [log in as](TestClient::login_as) any user without a login form.
//! The login runs the app's real login code (through [`LoginLayer`](crate::layer::LoginLayer), on a
//! request the client sends itself), so it is fresh or not, remembered or not, permanent or
//! not exactly as a login handler would make it, and bound to the client for session
//! protection: unlike with `FlaskLoginClient`, the user stays logged in under
//! [`SessionProtection::Strong`](crate::SessionProtection::Strong).
//!
//! [`TestClient::new`] calls the app in-process; [`TestClient::serve`] serves it on a port of
//! 127.0.0.1 and talks real HTTP. Both work alike.
//!
//! Enable the feature for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! login-runtime = { version = "0.1", features = ["test-util"] }
//! ```
//!
//! # Example
//!
//! ```
//! use std::convert::Infallible;
//!
//! use axum::{Router, routing::get};
//! use login_runtime::{
//!     AuthUser, CurrentUser, LoginManager, UserLoader, login_required, testing::TestClient,
//! };
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
//! fn app() -> (Router, LoginManager<User>) {
//!     let store = MemoryStore::default();
//!     let manager = LoginManager::builder(Users)
//!         .login_view("/login")
//!         .secret_key(b"a secret key of at least thirty-two bytes, for tests")
//!         .remember_store(store.clone())
//!         .build()
//!         .unwrap();
//!     let app = Router::new()
//!         .route("/settings", get(settings))
//!         .layer(manager.layer_with(SessionManagerLayer::new(store)))
//!         .with_state(manager.clone());
//!     (app, manager)
//! }
//!
//! // In a test crate: `#[tokio::test] async fn settings_need_a_login() { ... }`.
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() {
//!     let (app, manager) = app();
//!     let client = TestClient::new(app, manager); // or `TestClient::serve(app, manager).await`
//!
//!     let response = client.get("/settings").await;
//!     assert!(response.status.is_redirection());
//!     assert_eq!(response.location(), Some("/login?next=%2Fsettings"));
//!     assert_eq!(client.flashes().await[0].message, "Please log in to access this page.");
//!
//!     let ada = User { id: 1, name: "Ada".into() };
//!     client.login_as(&ada).remember(true).await.unwrap();
//!     assert_eq!(client.get("/settings").await.text(), "Settings of Ada");
//!
//!     // Closing the browser drops the session cookie; the remember cookie logs Ada back in.
//!     client.restart_browser();
//!     assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
//!
//!     client.logout().await.unwrap();
//!     assert!(client.get("/settings").await.status.is_redirection());
//!     assert_eq!(client.current_user_id().await, None);
//! }
//! ```
//!
//! # How it works
//!
//! With this feature, [`LoginLayer`](crate::layer::LoginLayer) runs the client's code instead of the
//! app for a request that carries it as a request extension, which no request from the network
//! can. A [served](TestClient::serve) app is wrapped, in the test server only, in a layer that
//! turns the client's own requests (named by a random token of the client) into such requests;
//! every other request, forged ones included, is served untouched.
#![cfg(feature = "test-util")]

mod action;
mod client;
mod cookies;
mod response;

pub use client::{CLIENT_ADDRESS, LoginAs, TestClient, TestError, USER_AGENT};
pub use response::TestResponse;
