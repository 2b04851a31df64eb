//! The server-side state of logins: which exist, their remember series, the sessions each
//! produced, kept in a [`LoginStore`].
//!
//! # The model
//!
//! One [`LoginState`] per *login*: one `login_user` call, including the remember series it
//! may start and every session restored from it. Sessions (tower-sessions records) only point
//! at their login by [`LoginId`]; the login store is the authority on whether that login still
//! exists. Every request that carries a login reads its state with [`LoginStore::get`], so a
//! session written back after its login ended (a request that was in flight during a logout) is
//! anonymous all the same: deleting the sessions of an ended login is clean-up, not the
//! guarantee.
//!
//! # Contract for implementations
//!
//! - **Keyspace.** Logins live in a keyspace of their own: no tower-sessions record and no value
//!   a client sends can name, read or change a login record except through this trait.
//! - **Time.** Every operation that takes `now` treats a record with `expires_at <= now` as
//!   absent. Backends may delete such records at any later time (a TTL, a sweep) and must not
//!   use their own clock for that decision: the runtime's clock is injectable. The runtime never
//!   sets an `expires_at` more than [`MAX_LOGIN_LIFETIME`] after the `now` it passes.
//! - **Atomicity.** Each method is atomic with respect to every other call on the same backend,
//!   from any process: two instances of an app sharing one Redis or `PostgreSQL` see each call
//!   happen entirely before or entirely after any other. "Atomic" below means exactly that.
//! - **Format changes.** A stored record the backend cannot decode (written by another version
//!   of it, or corrupted) reads as absent, never as an error, so such logins become anonymous
//!   cleanly; `end` and `end_user` still remove it.
//! - **Errors.** Any failure to reach or use the backend is a [`LoginStoreError`]; a missing
//!   record is never an error. The runtime bounds every call with its own timeout, so a call
//!   may be dropped at any `.await`; a dropped call must leave the store in the state before or
//!   after the operation, never in between.
//!
//! The `conformance` module (feature `test-util`) checks all of this against any
//! implementation: see its documentation for how a backend's tests run it.

mod clock;
#[cfg(feature = "test-util")]
pub mod conformance;
mod memory;
mod runtime;
mod store;

use std::time::Duration;

#[cfg(feature = "test-util")]
pub use clock::ManualClock;
pub use clock::{Clock, SystemClock};
pub use memory::MemoryLoginStore;
pub use runtime::DEFAULT_REMEMBER_GRACE;
pub(crate) use runtime::{LiveLogin, Logins};
pub use store::{
    EndedLogin, LoginId, LoginState, LoginStore, LoginStoreError, RememberState, Rotation,
    Timestamp, TokenDigest,
};

/// The longest any login lasts from its last refresh: 400 days, the most browsers keep a
/// cookie (RFC 6265bis). Longer remember durations, up to `Duration::MAX`, are cut to this, so a
/// login's `expires_at` is at most this far after the `now` it was set at.
pub const MAX_LOGIN_LIFETIME: Duration = Duration::from_hours(400 * 24);
