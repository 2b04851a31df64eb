//! What reads and changes the login kept in this session's record: freshness, confirmation, a
//! new session id before a login, and the end of a login.

use crate::{
    AuthError, AuthUser, LoginEvent,
    protection::SessionProtection,
    request::{login_record::LoginRecord, request_auth::RequestAuth},
};

impl<U: AuthUser> RequestAuth<U> {
    async fn cycle_session_id(&self) -> Result<(), AuthError> {
        self.bounded("session store cycle_id", async {
            self.session().cycle_id().await.map_err(AuthError::session)
        })
        .await
    }

    /// Gives the session a new id before a login, so an id planted earlier is worthless.
    pub(crate) async fn renew_session_id(&self) -> Result<(), AuthError> {
        self.cycle_session_id().await
    }

    /// The identifier to bind a login to, when session protection is on.
    pub(crate) fn client_identifier(&self) -> Option<String> {
        (self.manager().settings().session_protection != SessionProtection::None)
            .then(|| self.client().identifier())
    }

    /// Whether the login of this session is fresh; `false` without a login. Like Flask-Login's
    /// `login_fresh`, it reads the session without loading the user.
    pub(crate) async fn login_fresh(&self) -> Result<bool, AuthError> {
        Ok(self
            .login_record()
            .await?
            .is_some_and(|record| record.fresh))
    }

    /// Whether the login of this session was restored from the remember cookie. A request that
    /// carries the cookie but no login yet is restored first.
    pub(crate) async fn login_remembered(&self) -> Result<bool, AuthError> {
        let mut record = self.login_record().await?;
        if record.is_none() && !self.remember_cookies().is_empty() && self.user().await?.is_some() {
            record = self.login_record().await?;
        }
        Ok(record.is_some_and(|record| record.restored))
    }

    /// Marks the login fresh and binds it to this request's client.
    pub(crate) async fn confirm_login(&self) -> Result<(), AuthError> {
        if let Some(mut record) = self.login_record().await? {
            record.fresh = true;
            record.client = self.client_identifier();
            self.write_record(&record).await?;
        }
        self.manager().emit(LoginEvent::UserLoginConfirmed);
        Ok(())
    }

    /// Ends the login of this session: ends it in the login store with every session it made,
    /// removes it from this session, gives the session a new id and deletes the remember
    /// cookie. Flashes and the app's own session data stay.
    pub(crate) async fn end_login(&self) -> Result<(), AuthError> {
        let record = self.end_logins_of_request().await?;
        if record.is_some() {
            self.remove_record().await?;
            self.cycle_session_id().await?;
        }
        Ok(())
    }

    /// Ends the login of this session and the one of the request's remember cookie in the
    /// login store, and deletes the cookie. Returns the session's login record.
    pub(crate) async fn end_logins_of_request(&self) -> Result<Option<LoginRecord>, AuthError> {
        let logins = &self.manager().settings().logins;
        let record = self.login_record().await?;
        if let Some(record) = &record {
            logins.end(&record.login).await?;
        }
        if let Some(id) = self.presented_login() {
            logins.end(&id).await?;
        }
        if !self.remember_cookies().is_empty() {
            self.queue_cookie_deletion();
        }
        Ok(record)
    }
}
