//! Failed logins, counted per account and per client address over a sliding minute.

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_mins(1);
/// Failures per account within the window before its logins are refused.
pub const PER_ACCOUNT: usize = 5;
/// Failures per client address within the window (several people may share one address).
pub const PER_ADDRESS: usize = 20;
/// Beyond this many tracked keys, keys without recent failures are dropped.
const MAX_KEYS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// The failures of the last minute, per key.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// Whether a login for `username` from `address` must be refused now.
    pub fn is_throttled(&self, username: &str, address: IpAddr) -> bool {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        [
            (Key::Account(username.to_lowercase()), PER_ACCOUNT),
            (Key::Address(address), PER_ADDRESS),
        ]
        .into_iter()
        .any(|(key, limit)| {
            failures
                .get_mut(&key)
                .is_some_and(|times| recent(times, now).len() >= limit)
        })
    }

    /// Counts a failed login for `username` from `address`.
    pub fn record_failure(&self, username: &str, address: IpAddr) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, times| !recent(times, now).is_empty());
        }
        for key in [Key::Account(username.to_lowercase()), Key::Address(address)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets the account's failures after a successful login.
    pub fn record_success(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures.remove(&Key::Account(username.to_lowercase()));
    }
}

/// Drops the failures older than the window; what is left.
fn recent(times: &mut VecDeque<Instant>, now: Instant) -> &VecDeque<Instant> {
    while times
        .front()
        .is_some_and(|time| now.duration_since(*time) >= WINDOW)
    {
        times.pop_front();
    }
    times
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::{LoginThrottle, PER_ACCOUNT, PER_ADDRESS};

    const HOME: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    const CAFE: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7));

    #[test]
    fn an_account_is_throttled_after_its_failures_from_anywhere() {
        let throttle = LoginThrottle::default();
        for n in 0..PER_ACCOUNT {
            assert!(!throttle.is_throttled("ada", if n % 2 == 0 { HOME } else { CAFE }));
            throttle.record_failure("Ada", if n % 2 == 0 { HOME } else { CAFE });
        }
        assert!(throttle.is_throttled("ADA", HOME));
        assert!(!throttle.is_throttled("grace", CAFE));
        throttle.record_success("ada");
        assert!(!throttle.is_throttled("ada", HOME));
    }

    #[test]
    fn an_address_is_throttled_after_failures_on_many_accounts() {
        let throttle = LoginThrottle::default();
        for n in 0..PER_ADDRESS {
            throttle.record_failure(&format!("user{n}"), HOME);
        }
        assert!(throttle.is_throttled("someone-else", HOME));
        assert!(!throttle.is_throttled("someone-else", CAFE));
    }
}
