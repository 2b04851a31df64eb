//! Remember me: the cookie that restores a login after the browser session ends, revocable
//! server-side.

mod cookie_settings;
pub(crate) mod token;

use std::time::Duration;

use time::OffsetDateTime;
use tower_sessions::session::Id;

pub use cookie_settings::{DEFAULT_REMEMBER_DURATION, RememberCookie};
use token::{RememberToken, Token};

use crate::{
    AuthError, AuthUser, LoginEvent,
    login_record::LoginRecord,
    login_state::{LoginId, LoginState, MAX_LOGIN_LIFETIME, RememberState, Rotation, Timestamp},
    request_auth::RequestAuth,
    secret_key::{SecretKeys, Verified},
    session_binding::{self, Binding},
};

/// What a presented token means for its login.
enum Presented {
    /// Accepted: the client gets a cookie with this token, the login's current one.
    Accepted(Token),
    /// A replaced token: the cookie was copied and used by someone else.
    Stale,
    /// The login ended meanwhile.
    Gone,
}

impl<U: AuthUser> RequestAuth<U> {
    /// The keys remember cookies are signed with, when remember me is enabled.
    pub(crate) fn remember_keys(&self) -> Option<&SecretKeys> {
        let settings = self.manager.settings();
        settings
            .secrets
            .keys
            .as_ref()
            .filter(|_| settings.logins.sessions.is_some())
    }

    /// The first remember cookie of the request that carries a valid signature.
    fn presented_token(&self, keys: &SecretKeys) -> Option<RememberToken> {
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
        self.cookies
            .add(self.manager.settings().remember_cookie.set_cookie(
                RememberToken::encode(keys, login, token, seconds),
                cookie_time(seconds),
            ));
    }

    pub(crate) fn queue_cookie_deletion(&self) {
        self.cookies
            .add(self.manager.settings().remember_cookie.delete_cookie());
    }

    /// Saves the session now, so its new id is known; tower-sessions saves it again at the end of
    /// the request under that id.
    pub(crate) async fn saved_session_id(&self) -> Result<Id, AuthError> {
        self.bounded("session store save", async {
            self.session.save().await.map_err(AuthError::session)
        })
        .await?;
        self.session.id().ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
    }

    /// Restores a login from the remember cookie, if the request carries a valid one; deletes
    /// a cookie that does not restore.
    pub(crate) async fn restore_from_cookie(&self) -> Result<Option<U>, AuthError> {
        let Some(keys) = self.remember_keys() else {
            return Ok(None);
        };
        if self.remember_cookies().is_empty() {
            return Ok(None);
        }
        let restored = self.restore(keys).await?;
        if restored.is_none() {
            self.queue_cookie_deletion();
        }
        Ok(restored)
    }

    async fn restore(&self, keys: &SecretKeys) -> Result<Option<U>, AuthError> {
        let logins = &self.manager.settings().logins;
        let Some(presented) = self.presented_token(keys) else {
            tracing::debug!("remember cookie with an invalid signature ignored");
            return Ok(None);
        };
        if presented.expires <= logins.now().unix_seconds() {
            return Ok(None);
        }
        let id = &presented.login;
        let Some(state) = logins.get(id).await? else {
            return Ok(None);
        };
        let Some(remember) = &state.remember else {
            return Ok(None);
        };
        let token = match self.check_token(keys, &presented, remember).await? {
            Presented::Accepted(token) => token,
            Presented::Gone => return Ok(None),
            Presented::Stale => {
                tracing::warn!(
                    user_id = %state.user_id,
                    "a replaced remember cookie was presented: the cookie was copied; its login \
                     and every session it made are ended"
                );
                logins.end(id).await?;
                return Ok(None);
            }
        };
        let Some(user) = self.load_by_id(&state.user_id).await? else {
            logins.end(id).await?;
            return Ok(None);
        };
        if !self.check_binding(Some(keys), id, &user, &state).await? {
            return Ok(None);
        }
        self.bounded("session store cycle_id", async {
            self.session.cycle_id().await.map_err(AuthError::session)
        })
        .await?;
        let record = LoginRecord {
            login: id.clone(),
            user_id: state.user_id.clone(),
            fresh: false,
            restored: true,
            client: self.client_identifier(),
            permanent: false,
        };
        self.write_record(&record).await?;
        let session = self.saved_session_id().await?;
        if !logins.add_session(id, session).await? {
            self.remove_record().await?;
            return Ok(None);
        }
        let expires = self.login_expiry(&state, logins.now());
        logins.touch(id, expires).await?;
        self.queue_cookie(keys, id, &token, expires.max(state.expires_at));
        self.manager.emit(LoginEvent::UserLoadedFromCookie {
            user_id: user.get_id(),
        });
        Ok(Some(user))
    }

    /// Rotates the login's token when `presented` is its current one; accepts a token replaced
    /// within the grace window, handing out its replacement.
    async fn check_token(
        &self,
        keys: &SecretKeys,
        presented: &RememberToken,
        remember: &RememberState,
    ) -> Result<Presented, AuthError> {
        let logins = &self.manager.settings().logins;
        let digest = presented.token.digest();
        let next = presented.token.successor(keys, &presented.login);
        if !remember.token.matches(&digest) {
            return Ok(self.just_replaced(keys, presented, next, remember, 1));
        }
        Ok(
            match logins
                .rotate_token(&presented.login, &digest, &next.digest())
                .await?
            {
                Rotation::Rotated => Presented::Accepted(next),
                Rotation::Missing => Presented::Gone,
                // Rotated twice since the read above: accept what a request a moment earlier
                // would have.
                Rotation::Conflict(now) => self.just_replaced(keys, presented, next, &now, 2),
            },
        )
    }

    /// Whether `presented` was replaced, at most `steps` rotations ago and the last within the
    /// grace window, by the current token; [`Presented::Accepted`] with that token if so.
    fn just_replaced(
        &self,
        keys: &SecretKeys,
        presented: &RememberToken,
        mut next: Token,
        remember: &RememberState,
        steps: usize,
    ) -> Presented {
        let logins = &self.manager.settings().logins;
        if logins.now().since(remember.rotated_at) > logins.grace {
            return Presented::Stale;
        }
        let mut previous = presented.token.clone();
        for _ in 0..steps {
            if remember.token.matches(&next.digest())
                && remember
                    .previous
                    .is_some_and(|digest| digest.matches(&previous.digest()))
            {
                return Presented::Accepted(next);
            }
            previous = next.clone();
            next = next.successor(keys, &presented.login);
        }
        Presented::Stale
    }

    /// Checks the login's session MAC against `user` as loaded now: re-keys it after a key
    /// rotation, ends the login when the session hash changed. Whether the login stands.
    pub(crate) async fn check_binding(
        &self,
        keys: Option<&SecretKeys>,
        id: &LoginId,
        user: &U,
        state: &LoginState,
    ) -> Result<bool, AuthError> {
        let logins = &self.manager.settings().logins;
        match session_binding::check(keys, user, state.session_mac.as_deref()) {
            Binding::Valid => Ok(true),
            Binding::Rekey(mac) => logins.set_session_mac(id, Some(&mac)).await,
            Binding::Broken => {
                tracing::info!(user_id = %state.user_id, "session hash changed; login ended");
                logins.end(id).await?;
                Ok(false)
            }
        }
    }

    /// When the login should end if used now: a remembered login that refreshes at each
    /// request lasts its remember duration from now, another remembered one keeps its expiry,
    /// a login without remember lasts the permanent session lifetime from now.
    pub(crate) fn login_expiry(&self, state: &LoginState, now: Timestamp) -> Timestamp {
        let settings = self.manager.settings();
        match &state.remember {
            Some(remember) if settings.remember_cookie.refresh_each_request => {
                expiry_after(now, Duration::from_secs(remember.seconds))
            }
            Some(_) => state.expires_at,
            None => expiry_after(now, settings.permanent_session_lifetime),
        }
    }

    /// For a remembered login whose current cookie comes with the request: re-issues the
    /// cookie with a new expiry when refreshing is on, or under the current key when a fallback
    /// key signed it.
    pub(crate) fn maintain_remember_cookie(&self, id: &LoginId, state: &LoginState) {
        let Some(keys) = self.remember_keys() else {
            return;
        };
        let (Some(remember), false) = (&state.remember, self.remember_cookies().is_empty()) else {
            return;
        };
        let refresh = self.manager.settings().remember_cookie.refresh_each_request;
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
                self.manager.settings().logins.now(),
                Duration::from_secs(remember.seconds),
            )
        } else {
            Timestamp::from_unix_millis(presented.expires.saturating_mul(1000))
        };
        self.queue_cookie(keys, id, &presented.token, expires);
    }
}

/// `now + duration`, the duration cut to [`MAX_LOGIN_LIFETIME`].
pub(crate) fn expiry_after(now: Timestamp, duration: Duration) -> Timestamp {
    now.saturating_add(duration.min(MAX_LOGIN_LIFETIME))
}

/// A cookie's `Expires` for a Unix time; times beyond what cookies can say become the
/// longest lifetime from now, never a time in the past.
fn cookie_time(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or_else(|_| {
        OffsetDateTime::now_utc().saturating_add(
            time::Duration::try_from(MAX_LOGIN_LIFETIME).unwrap_or(time::Duration::MAX),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_are_cut_to_the_longest_lifetime_and_never_in_the_past() {
        let now = Timestamp::from_unix_millis(1_800_000_000_000);
        let longest = now.saturating_add(MAX_LOGIN_LIFETIME);
        for duration in [
            Duration::MAX,
            Duration::from_secs(u64::MAX),
            Duration::from_secs(1_000_000_000_000),
            MAX_LOGIN_LIFETIME + Duration::from_secs(1),
        ] {
            assert_eq!(expiry_after(now, duration), longest, "{duration:?}");
        }
        let hour = Duration::from_hours(1);
        assert_eq!(expiry_after(now, hour), now.saturating_add(hour));
        let expires = cookie_time(longest.unix_seconds());
        assert_eq!(expires.unix_timestamp(), longest.unix_seconds());
        assert!(
            cookie_time(i64::MAX) > OffsetDateTime::now_utc(),
            "never in the past"
        );
    }
}
