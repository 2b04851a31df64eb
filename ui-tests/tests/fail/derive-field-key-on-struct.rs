use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(id)]
struct User {
    id: i64,
    #[auth(crate = login_runtime, id)]
    name: String,
}

fn main() {}
