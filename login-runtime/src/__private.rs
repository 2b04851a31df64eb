//! What the macros' generated code refers to. Not a public API: no stability guarantees.

pub use crate::{AuthUser, FreshLoginRequired, LoginRequired};
