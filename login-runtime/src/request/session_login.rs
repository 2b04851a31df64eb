//! Who the request's user is, in Flask-Login's order: the session's login (checked against the
//! login store, session protection and the session hash), else the remember cookie, else the
//! request loader.

use std::time::Duration;

use crate::{
    AuthError, AuthUser, LoginEvent,
    login_state::{LiveLogin, LoginId, Timestamp},
    protection::SessionProtection,
    request::{login_record::LoginRecord, request_auth::RequestAuth},
};

/// A login's "last used" time is written at most this often.
const LAST_USED_STEP: Duration = Duration::from_mins(1);

/// What the session's login yields.
enum SessionUser<U> {
    Found(U),
    /// The login was ended by session protection or a changed session hash.
    Ended,
    /// The user id no longer loads: other sources may still authenticate the request.
    Unknown,
}

impl<U: AuthUser> RequestAuth<U> {
    /// Flask-Login's order: the session's user; else the remember cookie if the request
    /// carries one (valid or not); else the request loader.
    pub(crate) async fn load(&self) -> Result<Option<U>, AuthError> {
        self.manager().emit(LoginEvent::UserAccessed);
        if let Some(record) = self.login_record().await? {
            match self.load_session_user(record).await? {
                SessionUser::Found(user) => return Ok(Some(user)),
                SessionUser::Ended => return Ok(None),
                SessionUser::Unknown => {}
            }
        }
        if !self.remember_cookies().is_empty() {
            return self.restore_from_cookie().await;
        }
        self.load_from_request().await
    }

    async fn load_session_user(
        &self,
        mut record: LoginRecord,
    ) -> Result<SessionUser<U>, AuthError> {
        if !self.protect(&mut record).await? {
            return Ok(SessionUser::Ended);
        }
        let logins = &self.manager().settings().logins;
        let now = logins.now();
        let Some((id, state)) = self.live_login(&record, now).await? else {
            tracing::debug!(user_id = %record.user_id, "the session's login has ended");
            self.remove_record().await?;
            return Ok(SessionUser::Unknown);
        };
        let Some(user) = self.load_by_id(&record.user_id).await? else {
            return Ok(SessionUser::Unknown);
        };
        let keys = self.manager().settings().secrets.keys.as_ref();
        if !self.check_binding(keys, &id, &user, &state).await? {
            self.end_login().await?;
            return Ok(SessionUser::Ended);
        }
        if now.since(state.last_used_at) >= LAST_USED_STEP {
            logins.touch(&id, self.login_expiry(&state, now)).await?;
        }
        self.maintain_remember_cookie(&id, &state);
        Ok(SessionUser::Found(user))
    }

    /// Flask-Login's session protection, applied to a session that holds a login. Returns
    /// whether the login survives.
    async fn protect(&self, record: &mut LoginRecord) -> Result<bool, AuthError> {
        let mode = self.manager().settings().session_protection;
        if mode == SessionProtection::None
            || record
                .client
                .as_deref()
                .is_some_and(|stored| self.client().is(stored))
        {
            return Ok(true);
        }
        self.manager().emit(LoginEvent::SessionProtected);
        if mode == SessionProtection::Strong && !record.permanent {
            // Flask-Login's strong mode: this session and cookie jar lose the login; the login
            // itself stays, so its owner's remember cookie still restores it.
            if let Some(session) = self.session().id() {
                self.manager()
                    .settings()
                    .logins
                    .remove_session(&record.login, session)
                    .await?;
            }
            self.remove_record().await?;
            if !self.remember_cookies().is_empty() {
                self.queue_cookie_deletion();
            }
            return Ok(false);
        }
        if record.fresh {
            record.fresh = false;
            self.write_record(record).await?;
        }
        Ok(true)
    }

    /// The session's login as the login store has it, unless it has ended.
    async fn live_login(
        &self,
        record: &LoginRecord,
        now: Timestamp,
    ) -> Result<Option<(LoginId, LiveLogin)>, AuthError> {
        Ok(self
            .manager()
            .settings()
            .logins
            .live(&record.login, &record.user_id, now)
            .await?
            .map(|live| (record.login.clone(), live)))
    }

    async fn load_from_request(&self) -> Result<Option<U>, AuthError> {
        let Some(request) = &self.request_head() else {
            return Ok(None);
        };
        let user = self
            .bounded("request loader", async {
                self.manager()
                    .load_user_from_request(request.borrow())
                    .await
                    .map_err(AuthError::loader)
            })
            .await?;
        if let Some(user) = &user {
            self.manager().emit(LoginEvent::UserLoadedFromRequest {
                user_id: user.get_id(),
            });
        }
        Ok(user)
    }
}
