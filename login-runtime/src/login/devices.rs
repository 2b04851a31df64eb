//! "Your devices": listing a user's logins and ending them, and a password change that keeps
//! the current login.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{
    AuthError, AuthSession, AuthUser, LoginManager,
    login_state::{LoginId, LoginState, Timestamp},
    request::session_binding,
};

/// Names one login in a listing, so a user can end it: derived one-way from the login's id,
/// so it is neither the session id nor the remember token and cannot be turned into either.
/// Put it in a form or URL as [`as_str`](Self::as_str), and read it back with
/// [`LoginHandle::new`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LoginHandle(String);

impl LoginHandle {
    /// A handle as received from a client. Any text is accepted: a forged one matches no login.
    pub fn new(handle: impl Into<String>) -> Self {
        Self(handle.into())
    }

    /// The handle as text (22 characters of `[A-Za-z0-9_-]`).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn of(id: &LoginId) -> Self {
        let digest = Sha256::new()
            .chain_update(b"login-runtime login handle v1\0")
            .chain_update(id.as_str())
            .finalize();
        Self(URL_SAFE_NO_PAD.encode(&digest[..16]))
    }

    fn names(&self, id: &LoginId) -> bool {
        Self::of(id).0.as_bytes().ct_eq(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for LoginHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LoginHandle").field(&self.0).finish()
    }
}

/// One active login of a user, as [`AuthSession::logins`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoginInfo {
    /// Ends this login with [`AuthSession::end_login`].
    pub handle: LoginHandle,
    /// When the user logged in.
    pub created_at: Timestamp,
    /// When a request last used the login; updated at most about once a minute.
    pub last_used_at: Timestamp,
    /// The User-Agent of the login request, cut to 256 bytes.
    pub user_agent: Option<String>,
    /// The client address of the login request, when known.
    pub client_address: Option<String>,
    /// Whether the login has a remember cookie.
    pub remembered: bool,
    /// Whether this is the login of the request that asked.
    pub current: bool,
}

impl LoginInfo {
    fn of(state: LoginState, current: Option<&LoginId>) -> Self {
        Self {
            handle: LoginHandle::of(&state.id),
            created_at: state.created_at,
            last_used_at: state.last_used_at,
            current: current == Some(&state.id),
            remembered: state.remember.is_some(),
            user_agent: state.user_agent,
            client_address: state.client_address,
        }
    }
}

impl<U: AuthUser> AuthSession<U> {
    /// The login of this request and its user, loading (or restoring) the user first.
    async fn current_login(&self) -> Result<Option<(U, Option<LoginId>)>, AuthError> {
        let Some(user) = self.auth.user().await? else {
            return Ok(None);
        };
        let id = self
            .auth
            .login_record()
            .await?
            .filter(|record| record.user_id == user.get_id())
            .map(|record| record.login);
        Ok(Some((user, id)))
    }

    /// The active logins of the current user, oldest first; empty when nobody is logged in.
    ///
    /// ```
    /// # use login_runtime::{AuthUser, AuthError, AuthSession};
    /// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: u32 }
    /// async fn devices(auth: AuthSession<User>) -> Result<String, AuthError> {
    ///     let mut page = String::new();
    ///     for login in auth.logins().await? {
    ///         let agent = login.user_agent.as_deref().unwrap_or("unknown browser");
    ///         let this = if login.current { " (this device)" } else { "" };
    ///         page += &format!("{agent}{this}: end with /devices/end/{}\n", login.handle.as_str());
    ///     }
    ///     Ok(page)
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError`] when a store or the user loader fails.
    pub async fn logins(&self) -> Result<Vec<LoginInfo>, AuthError> {
        let Some((user, current)) = self.current_login().await? else {
            return Ok(Vec::new());
        };
        let logins = &self.auth.manager().settings().logins;
        Ok(logins
            .list_user(&user.get_id())
            .await?
            .into_iter()
            .map(|state| LoginInfo::of(state, current.as_ref()))
            .collect())
    }

    /// Ends the current user's login named by `handle`: its sessions and remember cookie are
    /// anonymous from their next request, on every instance. Returns `false`, ending nothing,
    /// when no login of the current user has this handle (a forged handle, another user's, one
    /// already ended). Ending the current login is a logout.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when a store or the user loader fails.
    pub async fn end_login(&self, handle: &LoginHandle) -> Result<bool, AuthError> {
        let Some((user, current)) = self.current_login().await? else {
            return Ok(false);
        };
        let logins = &self.auth.manager().settings().logins;
        let Some(target) = logins
            .list_user(&user.get_id())
            .await?
            .into_iter()
            .find(|state| handle.names(&state.id))
        else {
            return Ok(false);
        };
        if current.as_ref() == Some(&target.id) {
            self.logout_user().await?;
            return Ok(true);
        }
        logins.end(&target.id).await
    }

    /// Ends every login of the current user except this request's ("log out all other
    /// devices"). Returns how many ended.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when a store or the user loader fails.
    pub async fn end_other_logins(&self) -> Result<usize, AuthError> {
        let Some((user, current)) = self.current_login().await? else {
            return Ok(0);
        };
        let logins = &self.auth.manager().settings().logins;
        logins.end_user(&user.get_id(), current.as_ref()).await
    }

    /// After a password change: records `user`'s new
    /// [`session_hash`](AuthUser::session_hash) for this request's login, which stays logged in
    /// with its remember cookie, and ends every other login of the user, like Django's
    /// `update_session_auth_hash`. Pass the user as it is after the change. Without a login of
    /// `user` in this request, it ends all of the user's logins.
    ///
    /// ```
    /// # use login_runtime::{AuthUser, AuthError, AuthSession, CurrentUser};
    /// # #[derive(Clone, AuthUser)]
    /// # struct User { #[auth(id)] id: u32, #[auth(session_hash)] password_hash: String }
    /// # async fn save_password(_: &User) {}
    /// async fn change_password(
    ///     auth: AuthSession<User>,
    ///     CurrentUser(mut user): CurrentUser<User>,
    /// ) -> Result<&'static str, AuthError> {
    ///     user.password_hash = "new hash".to_owned();
    ///     save_password(&user).await;
    ///     auth.update_session_hash(&user).await?;
    ///     Ok("Password changed; your other devices are logged out.")
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError`] when a store fails, or the user type has a session hash but the manager no
    /// secret key.
    pub async fn update_session_hash(&self, user: &U) -> Result<(), AuthError> {
        let settings = self.auth.manager().settings();
        let session_mac = session_binding::session_mac(settings.secrets.keys.as_ref(), user)?;
        let current = self
            .auth
            .login_record()
            .await?
            .filter(|record| record.user_id == user.get_id())
            .map(|record| record.login);
        let mut kept = None;
        if let Some(id) = current
            && settings
                .logins
                .set_session_mac(&id, session_mac.as_deref())
                .await?
        {
            kept = Some(id);
        }
        settings
            .logins
            .end_user(&user.get_id(), kept.as_ref())
            .await?;
        self.auth
            .set_user(kept.is_some().then(|| user.clone()))
            .await;
        Ok(())
    }
}

impl<U: AuthUser> LoginManager<U> {
    /// The active logins of any user, oldest first, for an administrator's page; `current` is
    /// always `false`.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when the login store fails.
    pub async fn logins_of(&self, user_id: &str) -> Result<Vec<LoginInfo>, AuthError> {
        Ok(self
            .settings()
            .logins
            .list_user(user_id)
            .await?
            .into_iter()
            .map(|state| LoginInfo::of(state, None))
            .collect())
    }

    /// Ends every login of a user, on every instance: for an administrator, or when an account
    /// is disabled. Returns how many ended.
    ///
    /// # Errors
    ///
    /// [`AuthError`] when the login store fails.
    pub async fn end_all_logins(&self, user_id: &str) -> Result<usize, AuthError> {
        self.settings().logins.end_user(user_id, None).await
    }
}
