use login_runtime::login_required;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

struct Admin;

impl Admin {
    #[login_required(permission = Permission::Admin)]
    async fn area(&self) -> &'static str {
        "Admin Area"
    }
}

fn main() {
    let _ = Permission::Admin;
}
