//! The router state: the login manager and the signal counts.

use axum::extract::FromRef;
use login_runtime::{HasLoginManager, LoginManager};

use super::{SignalCounts, User};

/// Everything the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The login manager.
    pub logins: LoginManager<User>,
    /// What `/signals` reports.
    pub signals: SignalCounts,
}

impl HasLoginManager for AppState {
    type User = User;

    fn login_manager(&self) -> &LoginManager<User> {
        &self.logins
    }
}

impl FromRef<AppState> for SignalCounts {
    fn from_ref(state: &AppState) -> Self {
        state.signals.clone()
    }
}
