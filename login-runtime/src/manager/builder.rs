//! Configuring a [`LoginManager`].

use std::{fmt, num::NonZeroUsize, sync::Arc, time::Duration};

use axum::response::IntoResponse;
use tower_sessions::SessionStore;

use crate::{
    AuthUser, LoginEvent, LoginManager,
    guard::refusal::answer,
    loader::DynUserLoader,
    login_state::{Clock, LoginStore},
    manager::{config_error::ConfigError, secret_key::SecretKeys, settings::Settings},
    permissions::{LoaderSlot, PermissionLoader, UserPermissions},
    protection::{SessionProtection, TrustedProxies},
    remember::RememberCookie,
    request::{RequestHead, RequestLoader, request_loader::DynRequestLoader},
};

/// Configures a [`LoginManager`]; start with [`LoginManager::builder`]. Every setting has
/// Flask-Login's default.
pub struct LoginManagerBuilder<U> {
    loader: Box<dyn DynUserLoader<U>>,
    request_loader: Option<Box<dyn DynRequestLoader<U>>>,
    settings: Settings,
    secret_key: Option<Vec<u8>>,
    fallback_keys: Vec<Vec<u8>>,
}

impl<U: AuthUser> LoginManagerBuilder<U> {
    pub(crate) fn new(loader: Box<dyn DynUserLoader<U>>) -> Self {
        Self {
            loader,
            request_loader: None,
            settings: Settings::default(),
            secret_key: None,
            fallback_keys: Vec::new(),
        }
    }

    /// Where anonymous visitors are sent by `#[login_required]`: a path such as `/login`
    /// (a query is kept) or an absolute `http`/`https` URL. Unset, failed checks answer `401`.
    #[must_use]
    pub fn login_view(mut self, view: impl Into<String>) -> Self {
        self.settings.refusal_targets.unauthorized.view = Some(view.into().into());
        self
    }

    /// The message flashed on the redirect to the login view; empty flashes nothing.
    /// Default: `Please log in to access this page.`
    #[must_use]
    pub fn login_message(mut self, message: impl Into<String>) -> Self {
        self.settings.login_message.message = message.into();
        self
    }

    /// The category of the login message. Default: `message`.
    #[must_use]
    pub fn login_message_category(mut self, category: impl Into<String>) -> Self {
        self.settings.login_message.category = category.into();
        self
    }

    /// Answers failed login checks with this response instead of the flash-and-redirect flow,
    /// like Flask-Login's `unauthorized_handler`.
    ///
    /// ```
    /// # use login_runtime::{AuthUser, UserLoader, LoginManager};
    /// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
    /// # struct Users;
    /// # impl UserLoader for Users {
    /// #     type User = User;
    /// #     type Error = std::convert::Infallible;
    /// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
    /// # }
    /// use axum::http::StatusCode;
    ///
    /// let manager = LoginManager::builder(Users)
    ///     .unauthorized_handler(|_request| (StatusCode::FORBIDDEN, "members only"))
    ///     .build()
    ///     .unwrap();
    /// ```
    #[must_use]
    pub fn unauthorized_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.settings.refusal_targets.unauthorized.answer = Some(answer(handler));
        self
    }

    /// Where users whose login is not fresh are sent by `#[fresh_login_required]`, like
    /// [`login_view`](Self::login_view). Unset, such requests answer `401`.
    #[must_use]
    pub fn refresh_view(mut self, view: impl Into<String>) -> Self {
        self.settings.refusal_targets.needs_refresh.view = Some(view.into().into());
        self
    }

    /// The message flashed on the redirect to the refresh view; empty flashes nothing.
    /// Default: `Please reauthenticate to access this page.`
    #[must_use]
    pub fn needs_refresh_message(mut self, message: impl Into<String>) -> Self {
        self.settings.needs_refresh_message.message = message.into();
        self
    }

    /// The category of the needs-refresh message. Default: `message`.
    #[must_use]
    pub fn needs_refresh_message_category(mut self, category: impl Into<String>) -> Self {
        self.settings.needs_refresh_message.category = category.into();
        self
    }

    /// Answers failed freshness checks with this response instead of the flash-and-redirect
    /// flow, like Flask-Login's `needs_refresh_handler`.
    #[must_use]
    pub fn needs_refresh_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.settings.refusal_targets.needs_refresh.answer = Some(answer(handler));
        self
    }

    /// Keep the `next` URL in the session (read it back with [`NextUrl`](crate::NextUrl))
    /// instead of the login view's query string. Default: off.
    #[must_use]
    pub fn use_session_for_next(mut self, enabled: bool) -> Self {
        self.settings.use_session_for_next = enabled;
        self
    }

    /// A host put into the login URL when it carries `next`, as Flask-Login's
    /// `FORCE_HOST_FOR_REDIRECTS`. Default: unset.
    #[must_use]
    pub fn force_host_for_redirects(mut self, host: impl Into<String>) -> Self {
        self.settings.force_host_for_redirects = Some(host.into()).filter(|h| !h.is_empty());
        self
    }

    /// The key that signs remember cookies and binds sessions to
    /// [`session_hash`](AuthUser::session_hash): at least 32 bytes of random data, kept secret
    /// and the same on every instance of the app.
    #[must_use]
    pub fn secret_key(mut self, key: impl Into<Vec<u8>>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    /// Former secret keys, still accepted while a key rotation settles; whatever they verify is
    /// re-issued under the current key.
    #[must_use]
    pub fn fallback_secret_keys<K: Into<Vec<u8>>>(
        mut self,
        keys: impl IntoIterator<Item = K>,
    ) -> Self {
        self.fallback_keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Enables "remember me", and names the app's session store: give it the store of the app's
    /// `SessionManagerLayer`. When a login ends (logout, a copied remember cookie, a changed
    /// session hash, an end from another device) its sessions are deleted from this store.
    /// Those sessions are anonymous from that moment anyway, since every request checks its
    /// login in the [`login_store`](Self::login_store); the deletion is clean-up. Needs a
    /// [`secret_key`](Self::secret_key).
    #[must_use]
    pub fn remember_store(mut self, store: impl SessionStore) -> Self {
        self.settings.logins.sessions = Some(Arc::new(store));
        self
    }

    /// Where the server-side state of logins is kept: which logins exist, their remember
    /// tokens, the sessions each produced. Default: a
    /// [`MemoryLoginStore`](crate::login_state::MemoryLoginStore), for one process. Apps with
    /// several instances give them one shared store, such as Redis or `PostgreSQL`; see
    /// [`LoginStore`].
    #[must_use]
    pub fn login_store(mut self, store: impl LoginStore) -> Self {
        self.settings.logins.set_store(Arc::new(store));
        self
    }

    /// How long each call to the login store, the session store or the user loader may take
    /// before the request gives up on it: a guarded route then answers `503` and public routes
    /// answer as usual. Default: [`DEFAULT_STORE_TIMEOUT`](crate::manager::DEFAULT_STORE_TIMEOUT).
    #[must_use]
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.settings.logins.timeout = timeout;
        self
    }

    /// How long after a restore the replaced remember token is still accepted, so tabs that
    /// sent the same cookie at once are not taken for theft. A token replaced longer ago, or
    /// an older one, means the cookie was copied, and ends the login. Default:
    /// [`DEFAULT_REMEMBER_GRACE`](crate::login_state::DEFAULT_REMEMBER_GRACE).
    #[must_use]
    pub fn remember_grace(mut self, grace: Duration) -> Self {
        self.settings.logins.grace = grace;
        self
    }

    /// At most this many logins per user: a new login beyond it ends the user's oldest ones.
    /// Default: no limit.
    #[must_use]
    pub fn max_logins_per_user(mut self, limit: NonZeroUsize) -> Self {
        self.settings.logins.limit = Some(limit);
        self
    }

    /// The clock logins read the time from. Default: the system clock; tests pass a
    /// `ManualClock` (feature `test-util`) to move time without waiting.
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.settings.logins.clock = Arc::new(clock);
        self
    }

    /// The remember cookie's name, lifetime and attributes. Default: [`RememberCookie::default`].
    #[must_use]
    pub fn remember_cookie(mut self, cookie: RememberCookie) -> Self {
        self.settings.remember_cookie = cookie;
        self
    }

    /// How a login reacts when a request comes from another client address or User-Agent.
    /// Default: [`SessionProtection::Basic`].
    #[must_use]
    pub fn session_protection(mut self, mode: SessionProtection) -> Self {
        self.settings.session_protection = mode;
        self
    }

    /// The reverse proxies whose `Forwarded` / `X-Forwarded-For` headers tell the client
    /// address. Default: none, so the connection's peer address is the client's.
    #[must_use]
    pub fn trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.settings.trusted_proxies = proxies;
        self
    }

    /// How long a permanent login's session lasts without a request. Default: 31 days.
    #[must_use]
    pub fn permanent_session_lifetime(mut self, lifetime: Duration) -> Self {
        self.settings.permanent_session_lifetime = lifetime;
        self
    }

    /// Authenticates requests that carry no login (API keys, bearer tokens) with `loader`, like
    /// Flask-Login's `request_loader`. See [`RequestLoader`].
    #[must_use]
    pub fn request_loader<L: RequestLoader<User = U>>(mut self, loader: L) -> Self {
        self.request_loader = Some(Box::new(loader));
        self
    }

    /// Where anonymous-only handlers (`#[anonymous_required]`) send users who are logged in.
    /// Default: `/`.
    #[must_use]
    pub fn authenticated_redirect(mut self, location: impl Into<String>) -> Self {
        self.settings.refusal_targets.authenticated.view = Some(location.into().into());
        self
    }

    /// Translates the login and needs-refresh messages before they are flashed, like
    /// Flask-Login's `localize_callback`.
    ///
    /// ```
    /// # use login_runtime::{AuthUser, UserLoader, LoginManager};
    /// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
    /// # struct Users;
    /// # impl UserLoader for Users {
    /// #     type User = User;
    /// #     type Error = std::convert::Infallible;
    /// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
    /// # }
    /// let manager = LoginManager::builder(Users)
    ///     .login_view("/login")
    ///     .localize(|message| match message {
    ///         "Please log in to access this page." => "Bitte melden Sie sich an.".to_owned(),
    ///         other => other.to_owned(),
    ///     })
    ///     .build()
    ///     .unwrap();
    /// ```
    #[must_use]
    pub fn localize<F>(mut self, translate: F) -> Self
    where
        F: Fn(&str) -> String + Send + Sync + 'static,
    {
        self.settings.localize = Some(Arc::new(translate));
        self
    }

    /// Loads users' permissions with `loader`, for the permission checks that the user value's
    /// own permissions do not satisfy; see [`PermissionLoader`].
    #[must_use]
    pub fn permission_loader<L: PermissionLoader<User = U>>(mut self, loader: L) -> Self
    where
        U: UserPermissions,
    {
        self.settings.permission_loader = LoaderSlot::new(loader);
        self
    }

    /// Answers logged-in users who lack a permission a route requires with this response
    /// instead of `403 Forbidden`.
    ///
    /// ```
    /// # use login_runtime::{AuthUser, UserLoader, LoginManager};
    /// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
    /// # struct Users;
    /// # impl UserLoader for Users {
    /// #     type User = User;
    /// #     type Error = std::convert::Infallible;
    /// #     async fn load_user(&self, _: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
    /// # }
    /// use axum::{http::StatusCode, response::Html};
    ///
    /// let manager = LoginManager::builder(Users)
    ///     .forbidden_handler(|_request| (StatusCode::FORBIDDEN, Html("<h1>Not for you</h1>")))
    ///     .build()
    ///     .unwrap();
    /// ```
    #[must_use]
    pub fn forbidden_handler<F, R>(mut self, handler: F) -> Self
    where
        F: Fn(RequestHead<'_>) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.settings.refusal_targets.forbidden.answer = Some(answer(handler));
        self
    }

    /// Calls `callback` with every [`LoginEvent`], synchronously, where it happens. Keep it
    /// quick; send slow work to [`LoginManager::subscribe`]'s stream instead.
    #[must_use]
    pub fn on_event<F>(mut self, callback: F) -> Self
    where
        F: Fn(&LoginEvent) + Send + Sync + 'static,
    {
        self.settings.signals.callbacks.push(Arc::new(callback));
        self
    }

    /// Checks the settings and builds the manager.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a setting cannot work: a login or refresh view that is neither a
    /// path nor an absolute `http`/`https` URL, a secret key shorter than 32 bytes, a remember
    /// store without a secret key, an invalid cookie name.
    pub fn build(mut self) -> Result<LoginManager<U>, ConfigError> {
        self.settings.refusal_targets.check()?;
        self.settings.remember_cookie.check()?;
        self.settings.secrets.keys = match self.secret_key {
            Some(key) => Some(SecretKeys::new(&key, &self.fallback_keys)?),
            None if self.settings.logins.sessions.is_some() => {
                return Err(ConfigError::RememberStoreWithoutKey);
            }
            None => None,
        };
        Ok(LoginManager::from_parts(
            self.loader,
            self.request_loader,
            self.settings,
        ))
    }
}

impl<U> fmt::Debug for LoginManagerBuilder<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginManagerBuilder")
            .field("settings", &self.settings)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("fallback_keys", &self.fallback_keys.len())
            .finish_non_exhaustive()
    }
}
