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

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Admin,
}

#[login_required(state = LoginManager<User>, permission = Role::Admin)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

fn main() {
    let _ = (Permission::Admin, Permission::Editor);
}
