//! Counts of every login event since start or the last reset, for `GET /signals`.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, PoisonError},
};

use login_runtime::LoginEvent;

/// The nine Flask-Login signal names, in the order `/signals` lists them.
const SIGNALS: [&str; 9] = [
    "user_logged_in",
    "user_logged_out",
    "user_loaded_from_cookie",
    "user_loaded_from_request",
    "user_login_confirmed",
    "user_unauthorized",
    "user_needs_refresh",
    "user_accessed",
    "session_protected",
];

/// Event counts shared by the login manager's callback and the `/signals` route.
#[derive(Debug, Clone, Default)]
pub struct SignalCounts(Arc<Mutex<BTreeMap<&'static str, u64>>>);

impl SignalCounts {
    /// Counts one event.
    pub fn record(&self, event: &LoginEvent) {
        *self.lock().entry(event.name()).or_default() += 1;
    }

    /// Every signal with its count, zeroes included; with `reset`, zeroes them afterwards.
    #[must_use]
    pub fn snapshot(&self, reset: bool) -> serde_json::Map<String, serde_json::Value> {
        let mut counts = self.lock();
        let snapshot = SIGNALS
            .iter()
            .map(|name| {
                let count = counts.get(name).copied().unwrap_or_default();
                ((*name).to_owned(), count.into())
            })
            .collect();
        if reset {
            counts.clear();
        }
        snapshot
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, u64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
