//! The conformance app: every behaviour of `login-runtime` on one route each, as fixed by
//! `shared/conformance-app.md`. Run it with `cargo run -p examples --example conformance`.

mod routes;
mod settings;
mod users;

pub use routes::{app, app_with_store};
pub use settings::{Settings, SettingsError};
pub use users::{User, Users};
