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

fn can_publish(user: &User) -> String {
    user.get_id()
}

#[login_required(predicate = can_publish)]
async fn publish() -> &'static str {
    "Published"
}

fn main() {
    let _: Option<LoginManager<User>> = None;
    let _ = (Permission::Admin, Permission::Editor);
}
