//! The login manager: settings and the user loader, shared by every request.

use std::{fmt, sync::Arc};

use axum::response::{IntoResponse, Response};

use tower_sessions::SessionStore;

use crate::{
    AuthUser, RememberCookie, RequestHead, UserLoader,
    config_error::ConfigError,
    layer::LoginLayer,
    loader::{BoxError, DynUserLoader},
    remember::SeriesStore,
    secret_key::SecretKeys,
};

/// A custom answer to a failed login check, replacing the redirect to the login view.
pub(crate) type UnauthorizedHandler = Arc<dyn Fn(RequestHead<'_>) -> Response + Send + Sync>;

/// Flask-Login's default `login_message`.
pub const DEFAULT_LOGIN_MESSAGE: &str = "Please log in to access this page.";
/// Flask-Login's default `login_message_category`.
pub const DEFAULT_MESSAGE_CATEGORY: &str = "message";

/// Holds the settings and the user loader; the counterpart of Flask-Login's `LoginManager`.
///
/// Put it in the router state (directly, or in your own state type through
/// [`HasLoginManager`](crate::HasLoginManager)) and install [`layer`](Self::layer) inside
/// tower-sessions' `SessionManagerLayer`. Cloning is cheap: clones share one manager.
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
/// use login_runtime::LoginManager;
///
/// let manager = LoginManager::builder(Users)
///     .login_view("/login")
///     .login_message_category("info")
///     .build()
///     .expect("valid login settings");
/// # let _: LoginManager<User> = manager;
/// ```
pub struct LoginManager<U> {
    inner: Arc<ManagerInner<U>>,
}

pub(crate) struct ManagerInner<U> {
    pub(crate) loader: Box<dyn DynUserLoader<U>>,
    pub(crate) settings: Settings,
}

/// What signing and remembering need; unset until the app gives a secret key.
#[derive(Debug, Default)]
pub(crate) struct Secrets {
    pub(crate) keys: Option<SecretKeys>,
    pub(crate) series_store: Option<SeriesStore>,
}

/// Everything configurable, with Flask-Login's defaults.
pub(crate) struct Settings {
    pub(crate) login_view: Option<String>,
    pub(crate) login_message: String,
    pub(crate) login_message_category: String,
    pub(crate) use_session_for_next: bool,
    pub(crate) force_host_for_redirects: Option<String>,
    pub(crate) unauthorized_handler: Option<UnauthorizedHandler>,
    pub(crate) remember_cookie: RememberCookie,
    pub(crate) secrets: Secrets,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            login_view: None,
            login_message: DEFAULT_LOGIN_MESSAGE.to_owned(),
            login_message_category: DEFAULT_MESSAGE_CATEGORY.to_owned(),
            use_session_for_next: false,
            force_host_for_redirects: None,
            unauthorized_handler: None,
            remember_cookie: RememberCookie::default(),
            secrets: Secrets::default(),
        }
    }
}

impl<U: AuthUser> LoginManager<U> {
    /// A manager with Flask-Login's defaults: no login view, so failed checks answer `401`.
    pub fn new<L: UserLoader<User = U>>(loader: L) -> Self {
        Self::from_parts(Box::new(loader), Settings::default())
    }

    /// Starts configuring a manager.
    pub fn builder<L: UserLoader<User = U>>(loader: L) -> LoginManagerBuilder<U> {
        LoginManagerBuilder {
            loader: Box::new(loader),
            settings: Settings::default(),
            secret_key: None,
            fallback_keys: Vec::new(),
        }
    }

    fn from_parts(loader: Box<dyn DynUserLoader<U>>, settings: Settings) -> Self {
        Self {
            inner: Arc::new(ManagerInner { loader, settings }),
        }
    }

    /// The tower layer that keeps per-request login state. Install it with (inside)
    /// tower-sessions' `SessionManagerLayer`.
    #[must_use]
    pub fn layer(&self) -> LoginLayer {
        LoginLayer::new()
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub(crate) async fn load_user(&self, id: &str) -> Result<Option<U>, BoxError> {
        self.inner.loader.load(id).await
    }
}

impl<U> Clone for LoginManager<U> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<U> fmt::Debug for LoginManager<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginManager")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("login_view", &self.login_view)
            .field("login_message", &self.login_message)
            .field("login_message_category", &self.login_message_category)
            .field("use_session_for_next", &self.use_session_for_next)
            .field("force_host_for_redirects", &self.force_host_for_redirects)
            .field(
                "unauthorized_handler",
                &self.unauthorized_handler.as_ref().map(|_| "custom"),
            )
            .field("remember_cookie", &self.remember_cookie)
            .field("secrets", &self.secrets)
            .finish()
    }
}

/// Configures a [`LoginManager`]; start with [`LoginManager::builder`].
pub struct LoginManagerBuilder<U> {
    loader: Box<dyn DynUserLoader<U>>,
    settings: Settings,
    secret_key: Option<Vec<u8>>,
    fallback_keys: Vec<Vec<u8>>,
}

impl<U: AuthUser> LoginManagerBuilder<U> {
    /// Where anonymous visitors are sent by `#[login_required]`: a path such as `/login`
    /// (a query is kept) or an absolute `http`/`https` URL. Unset, failed checks answer `401`.
    #[must_use]
    pub fn login_view(mut self, view: impl Into<String>) -> Self {
        self.settings.login_view = Some(view.into());
        self
    }

    /// The message flashed on the redirect to the login view; empty flashes nothing.
    /// Default: `Please log in to access this page.`
    #[must_use]
    pub fn login_message(mut self, message: impl Into<String>) -> Self {
        self.settings.login_message = message.into();
        self
    }

    /// The category of the login message. Default: `message`.
    #[must_use]
    pub fn login_message_category(mut self, category: impl Into<String>) -> Self {
        self.settings.login_message_category = category.into();
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
        self.settings.unauthorized_handler = Some(Arc::new(move |head: RequestHead<'_>| {
            handler(head).into_response()
        }));
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

    /// Enables "remember me": the server-side state of remember logins is kept in `store`,
    /// normally the tower-sessions store the app's sessions use, so it is shared by every
    /// instance of the app. Needs a [`secret_key`](Self::secret_key).
    #[must_use]
    pub fn remember_store(mut self, store: impl SessionStore) -> Self {
        self.settings.secrets.series_store = Some(SeriesStore::new(store));
        self
    }

    /// The remember cookie's name, lifetime and attributes. Default: [`RememberCookie::default`].
    #[must_use]
    pub fn remember_cookie(mut self, cookie: RememberCookie) -> Self {
        self.settings.remember_cookie = cookie;
        self
    }

    /// Checks the settings and builds the manager.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a setting cannot work: a login view that is neither a path nor an
    /// absolute `http`/`https` URL, a secret key shorter than 32 bytes, a remember store without
    /// a secret key, an invalid cookie name.
    pub fn build(mut self) -> Result<LoginManager<U>, ConfigError> {
        if let Some(view) = &self.settings.login_view {
            ConfigError::check_view("login_view", view)?;
        }
        self.settings.remember_cookie.check()?;
        self.settings.secrets.keys = match self.secret_key {
            Some(key) => Some(SecretKeys::new(key, self.fallback_keys)?),
            None if self.settings.secrets.series_store.is_some() => {
                return Err(ConfigError::RememberStoreWithoutKey);
            }
            None => None,
        };
        Ok(LoginManager::from_parts(self.loader, self.settings))
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
