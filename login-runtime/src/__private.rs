//! What the macros' generated code refers to. Not a public API: no stability guarantees.

pub use crate::guard::encoded_views::{EncodedViews, NoView, ViewText, Word};
pub use crate::guard::login_checked::{ChecksLogin, LoginChecked};
pub use crate::permissions::macro_support::{
    assert_permissions, predicate_for_another_user, user_as,
};
pub use crate::{
    AuthUser,
    guard::{AnonymousRequired, FreshLoginRequired, HandlerViews, LoginRequired},
    password::{PasswordFeature, PasswordUser},
    permissions::{
        PermissionRequired, PermissionSet, Predicate, PredicateRequired, RequiredPermissions,
        UserPermissions,
    },
    request::RequestHead,
};
pub use axum::response::{IntoResponse, Response};

/// `#[login_required(state = S)]`: compiles only if `S` holds the login manager, with the
/// `HasLoginManager` message on `S`.
pub const fn assert_login_state<S: crate::HasLoginManager>() {}
