use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(active)]
    active: Option<bool>,
}

fn main() {}
