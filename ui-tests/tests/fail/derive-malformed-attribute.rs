use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(crate)]
struct User {
    #[auth]
    id: i64,
    #[auth(id = 1)]
    other_id: i64,
    #[auth(active, active)]
    active: bool,
    #[auth = "session_hash"]
    hash: String,
}

fn main() {}
