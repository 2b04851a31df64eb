//! The login state of one request: the user, loaded at most once and only when asked for.

use std::sync::Arc;

use http::request::Parts;
use tokio::sync::Mutex;
use tower_sessions::Session;

use crate::{
    AuthError, AuthUser, HasLoginManager, LoginManager,
    layer::{LoginContext, RequestContext},
    login_record::LoginRecord,
};

/// Everything an extractor needs to read or change the login of the current request.
pub(crate) struct RequestAuth<U> {
    pub(crate) manager: LoginManager<U>,
    pub(crate) session: Session,
    pub(crate) context: Arc<RequestContext>,
    cache: UserCache<U>,
}

/// The user of this request, shared by every extractor of the request.
struct UserCache<U>(Arc<Mutex<Slot<U>>>);

impl<U> Clone for UserCache<U> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

enum Slot<U> {
    Unloaded,
    Loaded(Option<U>),
    Failed(AuthError),
}

impl<U: AuthUser> RequestAuth<U> {
    pub(crate) fn from_parts<S>(parts: &mut Parts, state: &S) -> Result<Self, AuthError>
    where
        S: HasLoginManager<User = U>,
    {
        let session = session_of(parts)?;
        let context = parts
            .extensions
            .get::<LoginContext>()
            .map(|context| Arc::clone(&context.0))
            .ok_or(AuthError::MissingLayer("login_runtime::LoginLayer"))?;
        let cache = if let Some(cache) = parts.extensions.get::<UserCache<U>>() {
            cache.clone()
        } else {
            let cache = UserCache(Arc::new(Mutex::new(Slot::Unloaded)));
            parts.extensions.insert(cache.clone());
            cache
        };
        Ok(Self {
            manager: state.login_manager().clone(),
            session,
            context,
            cache,
        })
    }

    /// The user of this request (authenticated or not), or `None` for an anonymous visitor.
    pub(crate) async fn user(&self) -> Result<Option<U>, AuthError> {
        let mut slot = self.cache.0.lock().await;
        match &*slot {
            Slot::Loaded(user) => return Ok(user.clone()),
            Slot::Failed(error) => return Err(error.clone()),
            Slot::Unloaded => {}
        }
        match self.load().await {
            Ok(user) => {
                *slot = Slot::Loaded(user.clone());
                Ok(user)
            }
            Err(error) => {
                *slot = Slot::Failed(error.clone());
                Err(error)
            }
        }
    }

    /// Replaces the cached user after a login or logout within this request.
    pub(crate) async fn set_user(&self, user: Option<U>) {
        *self.cache.0.lock().await = Slot::Loaded(user);
    }

    /// Whether the login of this session is fresh; `false` without a login.
    pub(crate) async fn login_fresh(&self) -> Result<bool, AuthError> {
        Ok(LoginRecord::read(&self.session)
            .await?
            .is_some_and(|record| record.fresh))
    }

    async fn load(&self) -> Result<Option<U>, AuthError> {
        let Some(record) = LoginRecord::read(&self.session).await? else {
            return Ok(None);
        };
        self.manager
            .load_user(&record.user_id)
            .await
            .map_err(AuthError::loader)
    }
}

/// The tower-sessions session of the request.
pub(crate) fn session_of(parts: &Parts) -> Result<Session, AuthError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
}
