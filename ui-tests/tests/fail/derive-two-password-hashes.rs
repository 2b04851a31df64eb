use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(password_hash)]
    password_hash: String,
    #[auth(password_hash)]
    old_password_hash: String,
}

fn main() {}
