//! The router state: the login manager and the signal counts.

use axum::extract::FromRef;
use login_runtime::{HasLoginManager, LoginManager};

use super::{Accounts, SignalCounts, User};

/// Everything the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The login manager.
    pub logins: LoginManager<User>,
    /// What `/signals` reports.
    pub signals: SignalCounts,
    /// The users with their current passwords.
    pub accounts: Accounts,
}

impl HasLoginManager for AppState {
    type User = User;

    fn login_manager(&self) -> &LoginManager<User> {
        &self.logins
    }
}

impl FromRef<AppState> for Accounts {
    fn from_ref(state: &AppState) -> Self {
        state.accounts.clone()
    }
}

impl FromRef<AppState> for SignalCounts {
    fn from_ref(state: &AppState) -> Self {
        state.signals.clone()
    }
}
