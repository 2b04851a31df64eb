//! Permissions held by the user type: `#[auth(permissions)]` and the collections it accepts.

use std::{
    borrow::Borrow,
    collections::{BTreeSet, HashSet},
    hash::{BuildHasher, Hash},
};

use crate::AuthUser;

/// A user type that has permissions: what `#[login_required(permission = ..)]` and
/// [`PermissionRequired`](crate::permissions::PermissionRequired) check.
///
/// Mark a field with `#[auth(permissions)]` and `#[derive(AuthUser)]` implements it: the user
/// then holds the permissions in that field.
///
/// ```
/// use login_runtime::{AuthUser, permissions::UserPermissions};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// enum Permission {
///     Admin,
///     Editor,
/// }
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: u32,
///     #[auth(permissions)]
///     permissions: Vec<Permission>,
/// }
///
/// let editor = User { id: 2, permissions: vec![Permission::Editor] };
/// assert!(editor.has_permission(&Permission::Editor));
/// assert!(!editor.has_permission(&Permission::Admin));
/// ```
///
/// When the permissions live in the app's database instead, name their type by hand and load
/// them with a [`PermissionLoader`](crate::permissions::PermissionLoader):
///
/// ```
/// # #[derive(Clone, login_runtime::AuthUser)] struct User { #[auth(id)] id: u32 }
/// impl login_runtime::permissions::UserPermissions for User {
///     type Permission = String;
/// }
/// ```
///
/// A user's permissions are the ones it holds plus, when the manager has a permission loader,
/// the ones loaded for it. The held ones are checked first; the loader runs only when they do
/// not grant what a route asks for, at most once per request.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no permissions",
    label = "`{Self}` does not implement `UserPermissions`",
    note = "mark a `Vec` or `HashSet` field of `{Self}` with `#[auth(permissions)]`, or implement `login_runtime::permissions::UserPermissions` for `{Self}` to load its permissions with a `PermissionLoader`"
)]
pub trait UserPermissions: AuthUser {
    /// The type of one permission: an enum of the app's permissions, or `String`.
    type Permission: Eq + Hash + Send + Sync + 'static;

    /// Whether the user value itself holds `permission`. Default: it holds none, so every
    /// permission comes from the manager's [`PermissionLoader`](crate::permissions::PermissionLoader).
    fn has_permission<Q>(&self, permission: &Q) -> bool
    where
        Q: ?Sized + Eq + Hash,
        Self::Permission: Borrow<Q>,
    {
        let _ = permission;
        false
    }
}

/// A collection of permissions that a field marked `#[auth(permissions)]` can have: `Vec<P>`,
/// `[P; N]`, `Box<[P]>`, `&'static [P]`, `HashSet<P>` or `BTreeSet<P>`, of an enum `P` or of
/// `String`.
#[diagnostic::on_unimplemented(
    message = "the `#[auth(permissions)]` field has type `{Self}`, which is not a collection of permissions",
    label = "expected a `Vec`, `HashSet` or `BTreeSet` of permissions",
    note = "write the permissions as, for example, `Vec<Permission>` of an enum that derives `PartialEq, Eq, Hash`, or `HashSet<String>`"
)]
pub trait PermissionSet: Send + Sync + 'static {
    /// The type of one permission.
    type Permission: Eq + Hash + Send + Sync + 'static;

    /// Whether the collection holds `permission`.
    fn contains_permission<Q>(&self, permission: &Q) -> bool
    where
        Q: ?Sized + Eq + Hash,
        Self::Permission: Borrow<Q>;
}

fn any_is<'a, P, Q>(mut permissions: impl Iterator<Item = &'a P>, wanted: &Q) -> bool
where
    P: Borrow<Q> + 'a,
    Q: ?Sized + Eq,
{
    permissions.any(|held| held.borrow() == wanted)
}

macro_rules! sequence {
    ($($ty:ty $(, const $n:ident)?);* $(;)?) => {$(
        impl<P: Eq + Hash + Send + Sync + 'static $(, const $n: usize)?> PermissionSet for $ty {
            type Permission = P;

            fn contains_permission<Q>(&self, permission: &Q) -> bool
            where
                Q: ?Sized + Eq + Hash,
                P: Borrow<Q>,
            {
                any_is(self.iter(), permission)
            }
        }
    )*};
}

sequence! {
    Vec<P>;
    Box<[P]>;
    &'static [P];
    [P; N], const N;
    BTreeSet<P>;
}

impl<P, S> PermissionSet for HashSet<P, S>
where
    P: Eq + Hash + Send + Sync + 'static,
    S: BuildHasher + Send + Sync + 'static,
{
    type Permission = P;

    fn contains_permission<Q>(&self, permission: &Q) -> bool
    where
        Q: ?Sized + Eq + Hash,
        P: Borrow<Q>,
    {
        self.contains(permission)
    }
}
