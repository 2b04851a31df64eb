use login_runtime::login_required;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

fn is_owner(_: &ui_tests::fixtures::User) -> bool {
    true
}

#[login_required(permission = Permission::Admin, predicate = is_owner)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

fn main() {
    let _ = Permission::Admin;
}
