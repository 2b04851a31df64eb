//! Permissions loaded from the app's backend: user and group permissions, as in axum-login's
//! `AuthzBackend`.

use std::{any::Any, collections::HashSet, error::Error as StdError, future::Future, pin::Pin};

use crate::{loader::BoxError, permissions::UserPermissions};

/// The permission type of the user type `U`.
pub type PermissionOfUser<U> = <U as UserPermissions>::Permission;

/// Loads a user's permissions from the app's backend; register it with
/// [`LoginManagerBuilder::permission_loader`](crate::LoginManagerBuilder::permission_loader).
///
/// A user's loaded permissions are its user permissions and its groups' permissions together.
/// They are loaded only when a route asks for a permission that the user value does not hold
/// itself, and at most once per request, however many checks the request makes. Return `Err`
/// when the lookup failed: the request is answered `503` and the failure is logged, so an
/// outage never grants or denies a permission by mistake.
///
/// ```
/// use std::{collections::HashSet, convert::Infallible};
///
/// use login_runtime::{AuthUser, permissions::{PermissionLoader, UserPermissions}};
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: u32,
///     group: &'static str,
/// }
///
/// impl UserPermissions for User {
///     type Permission = String;
/// }
///
/// struct Permissions; // your database
///
/// impl PermissionLoader for Permissions {
///     type User = User;
///     type Error = Infallible;
///
///     async fn user_permissions(&self, user: &User) -> Result<HashSet<String>, Infallible> {
///         Ok(if user.id == 1 { HashSet::from(["admin".to_owned()]) } else { HashSet::new() })
///     }
///
///     async fn group_permissions(&self, user: &User) -> Result<HashSet<String>, Infallible> {
///         Ok(if user.group == "editors" { HashSet::from(["editor".to_owned()]) } else { HashSet::new() })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot load permissions",
    label = "`{Self}` does not implement `PermissionLoader`",
    note = "implement `PermissionLoader` for `{Self}`: `async fn user_permissions(&self, user: &User) -> Result<HashSet<Permission>, Self::Error>`"
)]
pub trait PermissionLoader: Send + Sync + 'static {
    /// The user type whose permissions this loader returns.
    type User: UserPermissions;
    /// The error a failed lookup reports.
    type Error: StdError + Send + Sync + 'static;

    /// The permissions given to the user itself. Default: none.
    fn user_permissions(
        &self,
        user: &Self::User,
    ) -> impl Future<Output = Result<HashSet<PermissionOfUser<Self::User>>, Self::Error>> + Send
    {
        let _ = user;
        async { Ok(HashSet::new()) }
    }

    /// The permissions of the user's groups. Default: none.
    fn group_permissions(
        &self,
        user: &Self::User,
    ) -> impl Future<Output = Result<HashSet<PermissionOfUser<Self::User>>, Self::Error>> + Send
    {
        let _ = user;
        async { Ok(HashSet::new()) }
    }
}

pub(crate) type LoadPermissionsFuture<'a, P> =
    Pin<Box<dyn Future<Output = Result<HashSet<P>, BoxError>> + Send + 'a>>;

/// [`PermissionLoader`] with its future boxed and its user and group permissions merged.
pub(crate) trait DynPermissionLoader<U: UserPermissions>: Send + Sync + 'static {
    fn load<'a>(&'a self, user: &'a U) -> LoadPermissionsFuture<'a, U::Permission>;
}

impl<L: PermissionLoader> DynPermissionLoader<L::User> for L {
    fn load<'a>(
        &'a self,
        user: &'a L::User,
    ) -> LoadPermissionsFuture<'a, PermissionOfUser<L::User>> {
        Box::pin(async move {
            let mut permissions = self.user_permissions(user).await?;
            permissions.extend(self.group_permissions(user).await?);
            Ok(permissions)
        })
    }
}

/// The manager's permission loader, if any. The manager is generic over the user type only,
/// and only user types with permissions have a loader, so it is kept as `Any` and recovered
/// by the permission checks, which know the user type.
#[derive(Default)]
pub(crate) struct LoaderSlot(Option<Box<dyn Any + Send + Sync>>);

impl LoaderSlot {
    pub(crate) fn new<U: UserPermissions>(loader: impl PermissionLoader<User = U>) -> Self {
        let loader: Box<dyn DynPermissionLoader<U>> = Box::new(loader);
        Self(Some(Box::new(loader)))
    }

    pub(crate) fn get<U: UserPermissions>(&self) -> Option<&dyn DynPermissionLoader<U>> {
        self.0
            .as_ref()?
            .downcast_ref::<Box<dyn DynPermissionLoader<U>>>()
            .map(AsRef::as_ref)
    }

    pub(crate) fn is_set(&self) -> bool {
        self.0.is_some()
    }
}
