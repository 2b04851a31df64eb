use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    roles: Vec<String>,
    #[auth(permissions)]
    groups: Vec<String>,
}

fn main() {}
