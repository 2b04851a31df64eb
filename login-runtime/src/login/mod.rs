//! Logging in and out, and who is logged in: the extractors handlers take.

pub(crate) mod auth_session;
pub(crate) mod current_user;
pub(crate) mod devices;
pub(crate) mod login_outcome;
pub(crate) mod login_user;

pub use auth_session::AuthSession;
pub use current_user::{CurrentUser, Visitor};
pub use devices::{LoginHandle, LoginInfo};
pub use login_outcome::LoginOutcome;
pub use login_user::LoginUser;
