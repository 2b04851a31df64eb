use login_runtime::login_required;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

use Permission::Admin;

#[login_required(permission = Admin)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

fn main() {
    let _ = Admin;
}
