use login_runtime::AuthUser;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permission: Permission,
}

fn main() {
    let _ = Permission::Admin;
}
