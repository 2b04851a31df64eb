//! The remember cookie on the wire: which one the request presents, and the one the response
//! sets or deletes.

use std::time::Duration;

use crate::{
    AuthUser,
    login_state::{LiveLogin, LoginId, Timestamp},
    manager::secret_key::{SecretKeys, Verified},
    remember::{
        expiry::{cookie_time, expiry_after},
        token::{RememberToken, Token},
    },
    request::RequestAuth,
};

impl<U: AuthUser> RequestAuth<U> {
    /// The keys remember cookies are signed with, when remember me is enabled.
    pub(crate) fn remember_keys(&self) -> Option<&SecretKeys> {
        let settings = self.manager().settings();
        settings
            .secrets
            .keys
            .as_ref()
            .filter(|_| settings.logins.sessions.is_some())
    }

    /// The first remember cookie of the request that carries a valid signature.
    pub(super) fn presented_token(&self, keys: &SecretKeys) -> Option<RememberToken> {
        self.remember_cookies()
            .iter()
            .find_map(|value| RememberToken::decode(keys, value))
    }

    /// The login named by the request's remember cookie, if it carries a validly signed one.
    pub(crate) fn presented_login(&self) -> Option<LoginId> {
        self.remember_keys()
            .and_then(|keys| self.presented_token(keys))
            .map(|presented| presented.login)
    }

    /// Queues the remember cookie for `login` with `token`, expiring at `expires`.
    pub(crate) fn queue_cookie(
        &self,
        keys: &SecretKeys,
        login: &LoginId,
        token: &Token,
        expires: Timestamp,
    ) {
        let seconds = expires.unix_seconds();
        self.cookies()
            .add(self.manager().settings().remember_cookie.set_cookie(
                RememberToken::encode(keys, login, token, seconds),
                cookie_time(seconds),
            ));
    }

    pub(crate) fn queue_cookie_deletion(&self) {
        self.cookies()
            .add(self.manager().settings().remember_cookie.delete_cookie());
    }

    /// For a remembered login whose current cookie comes with the request: re-issues the
    /// cookie with a new expiry when refreshing is on, or under the current key when a fallback
    /// key signed it.
    pub(crate) fn maintain_remember_cookie(&self, id: &LoginId, login: &LiveLogin) {
        let Some(keys) = self.remember_keys() else {
            return;
        };
        let (Some(remember), false) = (&login.remember, self.remember_cookies().is_empty()) else {
            return;
        };
        let refresh = self
            .manager()
            .settings()
            .remember_cookie
            .refresh_each_request;
        if !(refresh || keys.has_fallbacks()) {
            return;
        }
        let Some(presented) = self.presented_token(keys).filter(|presented| {
            presented.login == *id && remember.token.matches(&presented.token.digest())
        }) else {
            return;
        };
        if !refresh && presented.verified == Verified::Current {
            return;
        }
        let expires = if refresh {
            expiry_after(
                self.manager().settings().logins.now(),
                Duration::from_secs(remember.seconds),
            )
        } else {
            Timestamp::from_unix_millis(presented.expires.saturating_mul(1000))
        };
        self.queue_cookie(keys, id, &presented.token, expires);
    }
}
