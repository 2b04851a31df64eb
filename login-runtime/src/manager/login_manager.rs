//! The login manager: settings and the user loader, shared by every request.

use std::{fmt, sync::Arc};

use tokio::sync::broadcast;

use crate::{
    AuthUser, LoginEvent, UserLoader,
    loader::{BoxError, DynUserLoader},
    manager::{builder::LoginManagerBuilder, settings::Settings},
    request::{RequestHead, request_loader::DynRequestLoader},
};

/// Holds the settings and the user loader; the counterpart of Flask-Login's `LoginManager`.
///
/// Put it in the router state (directly, or in your own state type through
/// [`HasLoginManager`](crate::HasLoginManager)) and install [`layer`](Self::layer) with
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

struct ManagerInner<U> {
    loader: Box<dyn DynUserLoader<U>>,
    request_loader: Option<Box<dyn DynRequestLoader<U>>>,
    settings: Settings,
}

impl<U: AuthUser> LoginManager<U> {
    /// A manager with Flask-Login's defaults: no login view, so failed checks answer `401`;
    /// no secret key, so no remember me.
    pub fn new<L: UserLoader<User = U>>(loader: L) -> Self {
        Self::from_parts(Box::new(loader), None, Settings::default())
    }

    /// Starts configuring a manager.
    pub fn builder<L: UserLoader<User = U>>(loader: L) -> LoginManagerBuilder<U> {
        LoginManagerBuilder::new(Box::new(loader))
    }

    pub(crate) fn from_parts(
        loader: Box<dyn DynUserLoader<U>>,
        request_loader: Option<Box<dyn DynRequestLoader<U>>>,
        settings: Settings,
    ) -> Self {
        Self {
            inner: Arc::new(ManagerInner {
                loader,
                request_loader,
                settings,
            }),
        }
    }

    /// A stream of every [`LoginEvent`] from now on, for async consumers such as audit logs.
    /// A receiver that falls more than 1024 events behind misses the oldest.
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
    /// use login_runtime::{LoginEvent, LoginManager};
    ///
    /// # async fn run() {
    /// let manager = LoginManager::new(Users);
    /// let mut events = manager.subscribe();
    /// tokio::spawn(async move {
    ///     while let Ok(event) = events.recv().await {
    ///         if let LoginEvent::UserLoggedIn { user_id } = event {
    ///             println!("audit: {user_id} logged in");
    ///         }
    ///     }
    /// });
    /// # }
    /// ```
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<LoginEvent> {
        self.inner.settings.signals.stream.subscribe()
    }

    pub(crate) fn emit(&self, event: LoginEvent) {
        self.inner.settings.signals.emit(event);
    }

    pub(crate) fn has_request_loader(&self) -> bool {
        self.inner.request_loader.is_some()
    }

    pub(crate) async fn load_user_from_request(
        &self,
        request: RequestHead<'_>,
    ) -> Result<Option<U>, BoxError> {
        match &self.inner.request_loader {
            Some(loader) => loader.load(request).await,
            None => Ok(None),
        }
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
