//! Where the runtime gets the time from: the system clock, or a test's own.

use std::{
    fmt,
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use super::Timestamp;

/// The source of the current time for logins: expiries, the remember token's grace window,
/// "last used" times. Set with
/// `LoginManagerBuilder::clock`; the default is
/// [`SystemClock`]. Tests use `ManualClock` (feature `test-util`) to move time without waiting.
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> Timestamp;
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Timestamp {
        (**self).now()
    }
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let millis = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Timestamp::from_unix_millis(millis)
    }
}

/// A clock that starts at the system time and moves only when told; clones share one time.
///
/// ```
/// use std::time::Duration;
/// use login_runtime::login_state::{Clock, ManualClock};
///
/// let clock = ManualClock::default();
/// let start = clock.now();
/// clock.advance(Duration::from_secs(31));
/// assert_eq!(clock.now().since(start), Duration::from_secs(31));
/// ```
#[cfg(feature = "test-util")]
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<std::sync::Mutex<Timestamp>>);

#[cfg(feature = "test-util")]
impl Default for ManualClock {
    fn default() -> Self {
        Self(Arc::new(std::sync::Mutex::new(SystemClock.now())))
    }
}

#[cfg(feature = "test-util")]
impl ManualClock {
    /// Moves the time forward by `duration`.
    pub fn advance(&self, duration: std::time::Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now = now.saturating_add(duration);
    }
}

#[cfg(feature = "test-util")]
impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
