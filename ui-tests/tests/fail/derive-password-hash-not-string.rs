use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(password_hash)]
    password_hash: Vec<u8>,
}

fn main() {}
