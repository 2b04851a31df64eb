//! When a login and its remember cookie expire.

use std::time::Duration;

use time::OffsetDateTime;

use crate::{
    AuthUser,
    login_state::{LiveLogin, MAX_LOGIN_LIFETIME, Timestamp},
    request::RequestAuth,
};

impl<U: AuthUser> RequestAuth<U> {
    /// When the login should end if used now: a remembered login that refreshes at each
    /// request lasts its remember duration from now, another remembered one keeps its expiry,
    /// a login without remember lasts the permanent session lifetime from now.
    pub(crate) fn login_expiry(&self, login: &LiveLogin, now: Timestamp) -> Timestamp {
        let settings = self.manager().settings();
        match &login.remember {
            Some(remember) if settings.remember_cookie.refresh_each_request => {
                expiry_after(now, Duration::from_secs(remember.seconds))
            }
            Some(_) => login.expires_at,
            None => expiry_after(now, settings.permanent_session_lifetime),
        }
    }
}

/// `now + duration`, the duration cut to [`MAX_LOGIN_LIFETIME`].
pub(crate) fn expiry_after(now: Timestamp, duration: Duration) -> Timestamp {
    now.saturating_add(duration.min(MAX_LOGIN_LIFETIME))
}

/// A cookie's `Expires` for a Unix time; times beyond what cookies can say become the
/// longest lifetime from now, never a time in the past.
pub(super) fn cookie_time(unix: i64) -> OffsetDateTime {
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
