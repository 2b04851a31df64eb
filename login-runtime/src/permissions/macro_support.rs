//! What the code generated for `#[login_required(permission = ..)]` and
//! `#[login_required(predicate = ..)]` calls.

use std::any::{Any, type_name};

use crate::{
    HasLoginManager,
    permissions::{PermissionOf, RequiredPermissions, UserPermissions},
};

/// `#[login_required(state = S, permission = ..)]`: compiles only if the user type of `S` has
/// permissions of the required type, with the `PermissionOf` message on the permission.
pub const fn assert_permissions<S, R>()
where
    S: HasLoginManager,
    S::User: UserPermissions,
    R: RequiredPermissions,
    R::Permission: PermissionOf<S::User>,
{
}

/// `user` as the type the predicate takes, which the generated code cannot name: `None` when it
/// takes another type.
pub fn user_as<U: 'static, T: 'static>(user: &U) -> Option<&T> {
    (user as &dyn Any).downcast_ref()
}

/// Denies, with an error in the log, a request to a handler whose predicate takes another type
/// than the manager's user type.
pub fn predicate_for_another_user<U>(predicate: &str) -> bool {
    tracing::error!(
        predicate,
        user_type = type_name::<U>(),
        "the predicate of this route takes another type than the user type; access denied"
    );
    false
}
