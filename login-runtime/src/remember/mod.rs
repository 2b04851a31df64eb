//! Remember me: the cookie that restores a login after the browser session ends, revocable
//! server-side.

mod cookie_settings;
mod series;
pub(crate) mod token;

use std::{str::FromStr, time::Duration};

use time::OffsetDateTime;
use tower_sessions::session::Id;

pub use cookie_settings::{DEFAULT_REMEMBER_DURATION, RememberCookie};
pub(crate) use series::SeriesStore;
use series::{Series, TokenCheck};
use token::{RememberToken, Token};

use crate::{
    AuthError, AuthUser, LoginEvent,
    login_record::LoginRecord,
    request_auth::RequestAuth,
    secret_key::{SecretKeys, Verified},
    session_binding::{self, Binding},
};

/// The series store's expiry is pushed out only when it would move by more than this, so
/// refreshing the cookie on every request does not write to the store on every request.
const STORE_EXTENSION_STEP_SECONDS: i64 = 60;

/// A new remember login, as [`RequestAuth::start_series`] creates it.
pub(crate) struct NewSeries {
    pub(crate) id: String,
    pub(crate) seconds: u64,
    pub(crate) until: i64,
}

impl<U: AuthUser> RequestAuth<U> {
    fn remember_parts(&self) -> Option<(&SecretKeys, &SeriesStore)> {
        let secrets = &self.manager.settings().secrets;
        secrets.keys.as_ref().zip(secrets.series_store.as_ref())
    }

    /// The first remember cookie of the request that carries a valid signature.
    fn presented_token(&self, keys: &SecretKeys) -> Option<RememberToken> {
        self.state
            .remember_cookies
            .iter()
            .find_map(|value| RememberToken::decode(keys, value))
    }

    fn queue_cookie(&self, value: String, expires: i64) {
        self.cookies.add(
            self.manager
                .settings()
                .remember_cookie
                .set_cookie(value, timestamp(expires)),
        );
    }

    pub(crate) fn queue_cookie_deletion(&self) {
        self.cookies
            .add(self.manager.settings().remember_cookie.delete_cookie());
    }

    /// Saves the session now, so its new id is known; tower-sessions saves it again at the end of
    /// the request under that id.
    pub(crate) async fn saved_session_id(&self) -> Result<Id, AuthError> {
        self.session.save().await.map_err(AuthError::session)?;
        self.session.id().ok_or(AuthError::MissingLayer(
            "tower_sessions::SessionManagerLayer",
        ))
    }

    /// Records that this request's session was logged in through the series `id`.
    pub(crate) async fn attach_session(&self, id: &str) -> Result<(), AuthError> {
        let (Some((_, store)), Ok(id)) = (self.remember_parts(), Id::from_str(id)) else {
            return Ok(());
        };
        let session = self.saved_session_id().await?;
        store.attach(&id, session).await
    }

    /// Starts a remember series for `user` and queues its cookie.
    pub(crate) async fn start_series(
        &self,
        user: &U,
        duration: Option<Duration>,
        session_mac: Option<String>,
    ) -> Result<NewSeries, AuthError> {
        let (keys, store) = self.remember_parts().ok_or(AuthError::RememberDisabled)?;
        let duration = duration.unwrap_or(self.manager.settings().remember_cookie.duration);
        let seconds = duration.as_secs();
        let until = expiry_after(seconds);
        let token = Token::random();
        let series = Series::new(user.get_id(), &token, seconds, session_mac);
        let id = store.create(&series, timestamp(until)).await?;
        self.queue_cookie(RememberToken::encode(keys, id, &token, until), until);
        Ok(NewSeries {
            id: id.to_string(),
            seconds,
            until,
        })
    }

    /// Revokes the remember series of `record` and of the request's cookie, and deletes the
    /// cookie if the request carries one.
    pub(crate) async fn revoke_remember(
        &self,
        record: Option<&LoginRecord>,
    ) -> Result<(), AuthError> {
        let Some((keys, store)) = self.remember_parts() else {
            return Ok(());
        };
        if let Some(id) = record.and_then(|record| record.series.as_deref())
            && let Ok(id) = Id::from_str(id)
        {
            store.revoke_id(&id).await?;
        }
        if let Some(presented) = self.presented_token(keys) {
            store.revoke_id(&presented.series).await?;
        }
        if !self.state.remember_cookies.is_empty() {
            self.queue_cookie_deletion();
        }
        Ok(())
    }

    /// Restores a login from the remember cookie, if the request carries a valid one.
    pub(crate) async fn restore_from_cookie(&self) -> Result<Option<U>, AuthError> {
        let Some((keys, store)) = self.remember_parts() else {
            return Ok(None);
        };
        if self.state.remember_cookies.is_empty() {
            return Ok(None);
        }
        let restored = self.restore(keys, store).await?;
        if restored.is_none() {
            self.queue_cookie_deletion();
        }
        Ok(restored)
    }

    async fn restore(
        &self,
        keys: &SecretKeys,
        store: &SeriesStore,
    ) -> Result<Option<U>, AuthError> {
        let Some(presented) = self.presented_token(keys) else {
            tracing::debug!("remember cookie with an invalid signature ignored");
            return Ok(None);
        };
        if presented.expires <= OffsetDateTime::now_utc().unix_timestamp() {
            return Ok(None);
        }
        let Some((mut series, expires)) = store.load(&presented.series).await? else {
            return Ok(None);
        };
        let check = series.check(&presented.token);
        if check == TokenCheck::Stale {
            tracing::warn!(
                user_id = %series.user_id,
                "a replaced remember cookie was presented: the cookie was copied; its series and \
                 every session it logged in are revoked"
            );
            store.revoke(&presented.series, &series).await?;
            return Ok(None);
        }
        let Some(user) = self.load_by_id(&series.user_id).await? else {
            store.revoke(&presented.series, &series).await?;
            return Ok(None);
        };
        let session_mac = match session_binding::check(
            Some(keys),
            &user,
            series.session_mac.as_deref(),
        ) {
            Binding::Valid => series.session_mac.clone(),
            Binding::Rekey(mac) => Some(mac),
            Binding::Broken => {
                tracing::info!(user_id = %series.user_id, "session hash changed; remember cookie revoked");
                store.revoke(&presented.series, &series).await?;
                return Ok(None);
            }
        };
        let until = expires.unix_timestamp();
        self.session.cycle_id().await.map_err(AuthError::session)?;
        LoginRecord {
            user_id: series.user_id.clone(),
            fresh: false,
            restored: true,
            series: Some(presented.series.to_string()),
            remember_seconds: Some(series.seconds),
            remember_until: Some(until),
            client: self.client_identifier(),
            permanent: false,
            session_mac: session_mac.clone(),
        }
        .write(&self.session)
        .await?;
        series.attach(self.saved_session_id().await?);
        series.session_mac = session_mac;
        if check == TokenCheck::Current {
            let token = Token::random();
            series.rotate(&token);
            self.queue_cookie(
                RememberToken::encode(keys, presented.series, &token, until),
                until,
            );
        }
        store.save(presented.series, &series, expires).await?;
        self.manager.emit(LoginEvent::UserLoadedFromCookie {
            user_id: user.get_id(),
        });
        Ok(Some(user))
    }

    /// For a remembered login whose cookie comes with the request: re-issues the cookie with a
    /// new expiry when refreshing is on, or under the current key when a fallback key signed it.
    pub(crate) async fn maintain_remember_cookie(
        &self,
        record: &LoginRecord,
    ) -> Result<(), AuthError> {
        let Some((keys, store)) = self.remember_parts() else {
            return Ok(());
        };
        let refresh = self.manager.settings().remember_cookie.refresh_each_request;
        let (Some(series_id), Some(seconds)) = (record.series.as_deref(), record.remember_seconds)
        else {
            return Ok(());
        };
        if self.state.remember_cookies.is_empty() || !(refresh || keys.has_fallbacks()) {
            return Ok(());
        }
        let Some(presented) = self
            .presented_token(keys)
            .filter(|presented| presented.series.to_string() == series_id)
        else {
            return Ok(());
        };
        if !refresh && presented.verified == Verified::Current {
            return Ok(());
        }
        let until = if refresh {
            expiry_after(seconds)
        } else {
            presented.expires
        };
        let stored_until = record.remember_until.unwrap_or(presented.expires);
        if until - stored_until > STORE_EXTENSION_STEP_SECONDS
            && let Some((series, _)) = store.load(&presented.series).await?
        {
            store
                .save(presented.series, &series, timestamp(until))
                .await?;
            let mut record = record.clone();
            record.remember_until = Some(until);
            record.write(&self.session).await?;
        }
        self.queue_cookie(
            RememberToken::encode(keys, presented.series, &presented.token, until),
            until,
        );
        Ok(())
    }
}

fn expiry_after(seconds: u64) -> i64 {
    OffsetDateTime::now_utc()
        .unix_timestamp()
        .saturating_add(i64::try_from(seconds).unwrap_or(i64::MAX))
}

fn timestamp(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
