use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(crat = login_runtime)]
struct User {
    #[auth(ids)]
    id: i64,
    #[auth(active)]
    active: u8,
    #[auth(active)]
    enabled: bool,
    #[auth(session_hash = true)]
    hash: String,
}

fn main() {}
