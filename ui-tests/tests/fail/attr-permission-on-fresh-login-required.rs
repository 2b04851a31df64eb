use login_runtime::fresh_login_required;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

#[fresh_login_required(permission = Permission::Admin)]
async fn change_password() -> &'static str {
    "Change your password"
}

fn main() {
    let _ = Permission::Admin;
}
