//! What the macros' generated code refers to. Not a public API: no stability guarantees.

pub use crate::encoded_views::{EncodedViews, NoView, ViewText, Word};
pub use crate::permissions::macro_support::{
    assert_permissions, predicate_for_another_user, user_as,
};
pub use crate::{
    AnonymousRequired, AnonymousRequiredWith, AuthUser, FreshLoginRequired, FreshLoginRequiredWith,
    HandlerViews, LoginRequired, LoginRequiredWith, PasswordUser, PermissionRequired,
    PermissionSet, Predicate, PredicateRequired, RequestHead, RequiredPermissions, UserPermissions,
    password::PasswordFeature,
};
pub use axum::response::{IntoResponse, Response};

/// `#[login_required(state = S)]`: compiles only if `S` holds the login manager, with the
/// `HasLoginManager` message on `S`.
pub const fn assert_login_state<S: crate::HasLoginManager>() {}
