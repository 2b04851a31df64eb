//! Permissions: what a logged-in user may do, held on the user type or loaded from the app's
//! backend, and required by routes.

mod cache;
mod guard;
mod loader;
pub(crate) mod macro_support;
mod required;
mod user_permissions;

pub(crate) use cache::LoadedPermissions;
pub use guard::{PermissionRequired, PredicateRequired};
pub(crate) use loader::LoaderSlot;
pub use loader::{PermissionLoader, PermissionOfUser};
pub use required::{PermissionOf, Predicate, RequiredPermissions};
pub use user_permissions::{PermissionSet, UserPermissions};
