//! Restoring a login from the remember cookie: verify the cookie against the login store, then
//! adopt its login into this session.

use tower_sessions::session::Id;

use crate::{
    AuthError, AuthUser, LoginEvent,
    login_state::{LiveLogin, LoginId, LoginState},
    manager::secret_key::SecretKeys,
    remember::{rotation::Presented, token::Token},
    request::{RequestAuth, login_record::LoginRecord},
};

/// A remember cookie that checked out: its login as the store has it, and the token the client
/// gets next (the login's current one, after the rotation).
struct AcceptedCookie {
    id: LoginId,
    state: LoginState,
    token: Token,
}

impl<U: AuthUser> RequestAuth<U> {
    /// Restores a login from the remember cookie, if the request carries a valid one; deletes
    /// a cookie that does not restore.
    pub(crate) async fn restore_from_cookie(&self) -> Result<Option<U>, AuthError> {
        let Some(keys) = self.remember_keys() else {
            return Ok(None);
        };
        if self.remember_cookies().is_empty() {
            return Ok(None);
        }
        let restored = match self.verify_cookie(keys).await? {
            Some(accepted) => self.adopt(keys, accepted).await?,
            None => None,
        };
        if restored.is_none() {
            self.queue_cookie_deletion();
        }
        Ok(restored)
    }

    /// Checks the presented cookie: its signature and expiry, a live remembered login, and its
    /// token, which rotates. A copied cookie ends its login.
    async fn verify_cookie(&self, keys: &SecretKeys) -> Result<Option<AcceptedCookie>, AuthError> {
        let logins = &self.manager().settings().logins;
        let Some(presented) = self.presented_token(keys) else {
            tracing::debug!("remember cookie with an invalid signature ignored");
            return Ok(None);
        };
        if presented.expires <= logins.now().unix_seconds() {
            return Ok(None);
        }
        let Some(state) = logins.get(&presented.login).await? else {
            return Ok(None);
        };
        let Some(remember) = &state.remember else {
            return Ok(None);
        };
        match self.check_token(keys, &presented, remember).await? {
            Presented::Accepted(token) => Ok(Some(AcceptedCookie {
                id: presented.login,
                state,
                token,
            })),
            Presented::Gone => Ok(None),
            Presented::Stale => {
                tracing::warn!(
                    user_id = %state.user_id,
                    "a replaced remember cookie was presented: the cookie was copied; its login \
                     and every session it made are ended"
                );
                logins.end(&presented.login).await?;
                Ok(None)
            }
        }
    }

    /// Makes the accepted cookie's login this session's: loads its user, checks the session
    /// hash, gives the session a new id that the login store ties to the login, and re-issues
    /// the cookie with the rotated token.
    async fn adopt(
        &self,
        keys: &SecretKeys,
        AcceptedCookie { id, state, token }: AcceptedCookie,
    ) -> Result<Option<U>, AuthError> {
        let logins = &self.manager().settings().logins;
        let Some(user) = self.load_by_id(&state.user_id).await? else {
            logins.end(&id).await?;
            return Ok(None);
        };
        let live = LiveLogin::of(&state);
        if !self.check_binding(Some(keys), &id, &user, &live).await? {
            return Ok(None);
        }
        self.renew_session_id().await?;
        let record = LoginRecord::restored(&id, &state.user_id, self.client_identifier());
        self.write_record(&record).await?;
        let session = self.saved_session_id().await?;
        if !logins.add_session(&id, session).await? {
            self.remove_record().await?;
            return Ok(None);
        }
        let expires = self.login_expiry(&live, logins.now());
        logins.touch(&id, expires).await?;
        self.queue_cookie(keys, &id, &token, expires.max(state.expires_at));
        self.manager().emit(LoginEvent::UserLoadedFromCookie {
            user_id: user.get_id(),
        });
        Ok(Some(user))
    }

    /// Saves the session now, so its new id is known; tower-sessions saves it again at the end of
    /// the request under that id.
    pub(crate) async fn saved_session_id(&self) -> Result<Id, AuthError> {
        self.bounded("session store save", async {
            self.session().save().await.map_err(AuthError::session)
        })
        .await?;
        self.session().id().ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
    }
}
