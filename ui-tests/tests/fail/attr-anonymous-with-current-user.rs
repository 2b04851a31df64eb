use login_runtime::{AuthUser, CurrentUser, anonymous_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

#[anonymous_required]
async fn login_page(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {}
