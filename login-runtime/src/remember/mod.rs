//! Remember me: the cookie that restores a login after the browser session ends, revocable
//! server-side.
//!
//! The cookie names a login in the login store and carries a token that rotates at every
//! restore. A request that brings it without a login in its session is restored in two steps:
//! the cookie is verified against the store, then its login is adopted into the session.

mod cookie;
mod cookie_settings;
pub(crate) mod expiry;
mod restore;
mod rotation;
pub(crate) mod token;

pub use cookie_settings::{DEFAULT_REMEMBER_DURATION, RememberCookie};
