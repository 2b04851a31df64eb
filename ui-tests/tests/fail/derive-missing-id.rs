use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
struct User {
    id: i64,
    #[auth(active)]
    active: bool,
}

fn needs_a_user<U: AuthUser>() {}

fn main() {
    needs_a_user::<User>();
}
