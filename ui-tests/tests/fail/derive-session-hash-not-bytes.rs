use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(session_hash)]
    password_hash: u64,
}

fn main() {}
