use login_runtime::{AuthUser, LoginManager, login_required};

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
    Editor,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permissions: Vec<Permission>,
}

#[login_required(permission = Permission::Admn)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

fn main() {
    let _ = (Permission::Admin, Permission::Editor);
    let _: Option<LoginManager<User>> = None;
}
