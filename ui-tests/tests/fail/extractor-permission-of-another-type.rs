use axum::extract::FromRequestParts;
use login_runtime::{AuthUser, LoginManager, permissions::{PermissionRequired, RequiredPermissions}};

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Admin,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permissions: Vec<Permission>,
}

struct Admins;

impl RequiredPermissions for Admins {
    type Permission = Role;
    const ALL: &'static [&'static Role] = &[&Role::Admin];
}

/// What `#[axum::debug_handler]` checks of an extractor, without the lists of axum's other
/// extractors and of `FromRequestParts` impls that rustc adds to the error.
trait Extractor {}
impl<E: FromRequestParts<LoginManager<User>>> Extractor for E {}
fn extracts<E: Extractor>() {}

fn main() {
    let _ = Permission::Admin;
    extracts::<PermissionRequired<Admins>>();
}
