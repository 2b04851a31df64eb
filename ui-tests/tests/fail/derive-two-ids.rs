use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(id)]
    email: String,
}

fn main() {}
