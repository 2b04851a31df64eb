//! How a manager makes the one layer its routes need: the login layer inside tower-sessions'
//! session layer, whose session cookie agrees with the remember cookie.

use cookie::SameSite;
use tower_layer::Stack;
use tower_sessions::{SessionManagerLayer, SessionStore, service::CookieController};

use crate::{AuthUser, LoginManager, layer::LoginLayer};

/// The layer [`LoginManager::layer_for`] and [`LoginManager::layer_with`] make.
pub type LoginSessionLayer<Store, C = tower_sessions::service::PlaintextCookie> =
    Stack<LoginLayer, SessionManagerLayer<Store, C>>;

impl<U: AuthUser> LoginManager<U> {
    /// Everything the routes need, as one layer over the session store `store`: tower-sessions'
    /// session layer with a cookie that agrees with the remember cookie (see
    /// [`session_layer`](Self::session_layer)), and the login layer inside it. Install it with
    /// `Router::layer`; there is no order to get wrong.
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
    /// use axum::{Router, routing::get};
    /// use login_runtime::{LoginManager, tower_sessions::MemoryStore};
    ///
    /// let manager = LoginManager::new(Users);
    /// let app: Router = Router::new()
    ///     .route("/", get(|| async { "Welcome!" }))
    ///     .layer(manager.layer_for(MemoryStore::default()))
    ///     .with_state(manager);
    /// ```
    #[must_use]
    pub fn layer_for<Store: SessionStore>(&self, store: Store) -> LoginSessionLayer<Store> {
        self.layer_with(self.session_layer(store))
    }

    /// The login layer inside a session layer you configured yourself, as one layer: for
    /// tower-sessions settings such as an expiry or a cookie name.
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
    /// use axum::{Router, routing::get};
    /// use login_runtime::{
    ///     LoginManager,
    ///     tower_sessions::{Expiry, MemoryStore, cookie::time::Duration},
    /// };
    ///
    /// let manager = LoginManager::new(Users);
    /// let sessions = manager
    ///     .session_layer(MemoryStore::default())
    ///     .with_expiry(Expiry::OnInactivity(Duration::days(7)));
    /// let app: Router = Router::new()
    ///     .route("/", get(|| async { "Welcome!" }))
    ///     .layer(manager.layer_with(sessions))
    ///     .with_state(manager);
    /// ```
    #[must_use]
    pub fn layer_with<Store, C>(
        &self,
        sessions: SessionManagerLayer<Store, C>,
    ) -> LoginSessionLayer<Store, C>
    where
        Store: SessionStore,
        C: CookieController,
    {
        Stack::new(LoginLayer::new(), sessions)
    }

    /// The login layer alone, to install inside tower-sessions' `SessionManagerLayer`.
    #[deprecated(
        since = "0.2.0",
        note = "use `layer_for(store)` or `layer_with(session_layer)`: one layer, no order to get wrong"
    )]
    #[must_use]
    pub fn layer(&self) -> LoginLayer {
        LoginLayer::new()
    }

    /// tower-sessions' `SessionManagerLayer` for `store`, with a session cookie that agrees with
    /// the [remember cookie](crate::remember::RememberCookie): the same `Secure`, `SameSite`
    /// (`Lax` by default, unlike tower-sessions' `Strict`, so that a link from another site
    /// arrives logged in) and `Domain`, and always `HttpOnly`. Give it to
    /// [`layer_with`](Self::layer_with) after changing what you need; [`layer_for`](Self::layer_for)
    /// does both at once.
    ///
    /// Neither cookie is `Secure` by default, so both work over plain HTTP in development. In
    /// production, serve over HTTPS and turn `Secure` on for both at once with
    /// [`RememberCookie::secure`](crate::remember::RememberCookie::secure).
    pub fn session_layer<S: SessionStore>(&self, store: S) -> SessionManagerLayer<S> {
        let remember = &self.settings().remember_cookie;
        let layer = SessionManagerLayer::new(store)
            .with_secure(remember.secure)
            .with_http_only(true)
            .with_same_site(remember.same_site.unwrap_or(SameSite::Lax));
        match &remember.domain {
            Some(domain) => layer.with_domain(domain.clone()),
            None => layer,
        }
    }
}
