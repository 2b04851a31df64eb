use login_runtime::{AuthUser, CurrentUser, login_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

#[derive(Clone)]
struct AppState {
    name: &'static str,
}

#[axum::debug_handler(state = AppState)]
#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {
    let _ = AppState { name: "app" }.name;
}
