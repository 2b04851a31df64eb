use login_runtime::login_required;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
    Editor,
}

#[login_required(permission = [Permission::Admin, Permission::Editor])]
async fn publish() -> &'static str {
    "Published"
}

fn main() {
    let _ = (Permission::Admin, Permission::Editor);
}
