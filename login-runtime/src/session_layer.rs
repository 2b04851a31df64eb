//! tower-sessions' layer with a session cookie that agrees with the remember cookie.

use cookie::SameSite;
use tower_sessions::{SessionManagerLayer, SessionStore};

use crate::{AuthUser, LoginManager};

impl<U: AuthUser> LoginManager<U> {
    /// tower-sessions' `SessionManagerLayer` for `store`, with a session cookie that agrees with
    /// the [remember cookie](crate::RememberCookie): the same `Secure`, `SameSite` (`Lax` by
    /// default, unlike tower-sessions' `Strict`, so that a link from another site arrives logged
    /// in) and `Domain`, and always `HttpOnly`.
    ///
    /// Neither cookie is `Secure` by default, so both work over plain HTTP in development. In
    /// production, serve over HTTPS and turn `Secure` on for both at once with
    /// [`RememberCookie::secure`](crate::RememberCookie::secure):
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
    /// use login_runtime::{LoginManager, RememberCookie, tower_sessions::MemoryStore};
    ///
    /// let store = MemoryStore::default();
    /// let manager = LoginManager::builder(Users)
    ///     .secret_key(b"a secret key of at least thirty-two bytes, for docs")
    ///     .remember_store(store.clone())
    ///     .remember_cookie(RememberCookie::default().secure(!cfg!(debug_assertions)))
    ///     .build()
    ///     .unwrap();
    /// let app: Router = Router::new()
    ///     .route("/", get(|| async { "Hello" }))
    ///     .layer(manager.layer())
    ///     .layer(manager.session_layer(store))
    ///     .with_state(manager);
    /// ```
    ///
    /// The layer is tower-sessions' own: chain its `with_*` settings to change the rest.
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
