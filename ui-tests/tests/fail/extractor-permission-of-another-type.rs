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

#[axum::debug_handler(state = LoginManager<User>)]
async fn admin_area(_: PermissionRequired<Admins>) -> &'static str {
    "Admin Area"
}

fn main() {
    let _ = Permission::Admin;
}
