//! What the macros' generated code refers to. Not a public API: no stability guarantees.

pub use crate::encoded_views::{EncodedViews, NoView, ViewText, Word};
pub use crate::{
    AnonymousRequired, AnonymousRequiredWith, AuthUser, FreshLoginRequired, FreshLoginRequiredWith,
    HandlerViews, LoginRequired, LoginRequiredWith, PasswordUser, password::PasswordFeature,
};

/// `#[login_required(state = S)]`: compiles only if `S` holds the login manager, with the
/// `HasLoginManager` message on `S`.
pub const fn assert_login_state<S: crate::HasLoginManager>() {}
