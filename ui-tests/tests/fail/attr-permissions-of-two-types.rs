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
    Editor,
}

#[login_required(permissions = [Permission::Admin, Role::Editor])]
async fn publish() -> &'static str {
    "Published"
}

fn main() {
    let _: (Permission, Option<LoginManager<User>>) = (Permission::Editor, None);
}
