//! What a route requires: permissions, all of them, or a predicate on the user.

use std::{borrow::Borrow, collections::HashSet, future::Future, hash::Hash};

use crate::{AuthUser, permissions::UserPermissions};

/// The permissions a route requires, all of them; what
/// `#[login_required(permission = ..)]` and `#[login_required(permissions = [..])]` implement
/// on a hidden type. Implement it by hand for [`PermissionRequired`](crate::permissions::PermissionRequired)
/// in code without macros:
///
/// ```
/// use login_runtime::permissions::RequiredPermissions;
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// enum Permission {
///     Admin,
///     Editor,
/// }
///
/// struct AdminAndEditor;
///
/// impl RequiredPermissions for AdminAndEditor {
///     type Permission = Permission;
///     const ALL: &'static [&'static Permission] = &[&Permission::Admin, &Permission::Editor];
/// }
///
/// struct Billing;
///
/// impl RequiredPermissions for Billing {
///     type Permission = str; // for a user whose permissions are `String`s
///     const ALL: &'static [&'static str] = &["billing"];
/// }
/// ```
pub trait RequiredPermissions: Send + Sync + 'static {
    /// The type of the permissions: the user's permission type, or a type it borrows as
    /// (`str` for `String`).
    type Permission: ?Sized + Eq + Hash + Sync + 'static;
    /// Every permission the route requires.
    const ALL: &'static [&'static Self::Permission];
}

/// Links a required permission's type to the permission type of the user type `U`.
#[diagnostic::on_unimplemented(
    message = "`{U}` has no permissions of type `{Self}`",
    label = "this route requires a permission of type `{Self}`",
    note = "require a permission of the type `{U}` has (its `#[auth(permissions)]` field's element type, or its `UserPermissions::Permission`), or change the user's permission type to `{Self}`"
)]
pub trait PermissionOf<U: UserPermissions> {
    /// Whether `user` holds this permission itself.
    fn is_held_by(&self, user: &U) -> bool;
    /// Whether `loaded` contains this permission.
    fn is_in(&self, loaded: &HashSet<U::Permission>) -> bool;
}

#[diagnostic::do_not_recommend]
impl<U, Q> PermissionOf<U> for Q
where
    U: UserPermissions,
    Q: ?Sized + Eq + Hash,
    U::Permission: Borrow<Q>,
{
    fn is_held_by(&self, user: &U) -> bool {
        user.has_permission(self)
    }

    fn is_in(&self, loaded: &HashSet<U::Permission>) -> bool {
        loaded.contains(self)
    }
}

/// A test on the user that a route requires; what `#[login_required(predicate = ..)]`
/// implements on a hidden type. Implement it by hand for
/// [`PredicateRequired`](crate::permissions::PredicateRequired) in code without macros:
///
/// ```
/// # #[derive(Clone, login_runtime::AuthUser)] struct User { #[auth(id)] id: u32, plan: &'static str }
/// use login_runtime::permissions::Predicate;
///
/// struct PaidPlan;
///
/// impl Predicate<User> for PaidPlan {
///     async fn allows(user: &User) -> bool {
///         user.plan != "free"
///     }
/// }
/// ```
pub trait Predicate<U: AuthUser>: Send + Sync + 'static {
    /// Whether `user` may enter.
    fn allows(user: &U) -> impl Future<Output = bool> + Send;
}
