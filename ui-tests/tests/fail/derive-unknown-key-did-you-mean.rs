use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(ids)]
    id: i64,
    #[auth(activ)]
    active: bool,
    #[auth(password)]
    password_hash: String,
    #[auth(name)]
    name: String,
}

fn main() {}
