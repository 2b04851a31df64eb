//! The server-side state of logins: which exist, their remember series, the sessions each
//! produced. See [`LoginStore`] for the model and the contract a backend follows.

mod clock;
#[cfg(feature = "test-util")]
pub mod conformance;
mod memory;
mod store;

use std::time::Duration;

#[cfg(feature = "test-util")]
pub use clock::ManualClock;
pub use clock::{Clock, SystemClock};
pub use memory::MemoryLoginStore;
pub use store::{
    EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, RememberState, Rotation,
    Timestamp, TokenDigest,
};

/// The longest any login lasts from its last refresh: 400 days, the most browsers keep a
/// cookie (RFC 6265bis). Longer remember durations, up to `Duration::MAX`, are cut to this, so a
/// login's `expires_at` is at most this far after the `now` it was set at.
pub const MAX_LOGIN_LIFETIME: Duration = Duration::from_hours(400 * 24);
