//! Session protection: a login bound to the client that made it.

pub(crate) mod client_address;
pub(crate) mod session_protection;

pub use client_address::TrustedProxies;
pub use session_protection::SessionProtection;
