use login_runtime::{CurrentUser, LoginManager, login_required};

#[derive(Clone)]
struct User {
    id: i64,
}

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.id.to_string()
}

fn main() {}
