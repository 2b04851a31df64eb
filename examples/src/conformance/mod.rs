//! The conformance app: every behaviour of `login-runtime` on one route each, as fixed by
//! `shared/conformance-app.md`. Run it with `cargo run -p examples --example conformance`.

mod accounts;
mod api_tokens;
mod backends;
mod devices;
mod routes;
mod settings;
mod signal_counts;
mod state;
mod users;

pub use accounts::Accounts;
pub use api_tokens::ApiTokens;
pub use backends::Backends;
pub use routes::{app, app_and_manager, app_and_manager_on, app_on, app_with_store};
pub use settings::{Settings, SettingsError};
pub use signal_counts::SignalCounts;
pub use state::AppState;
pub use users::{Permission, User, Users};
