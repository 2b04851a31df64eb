use login_runtime::AuthUser;

#[derive(Clone)]
struct UserId(u64);

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: UserId,
}

fn main() {}
