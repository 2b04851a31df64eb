// Known limitation: `#[axum::debug_handler]` above the guard attribute checks a
// copy of the handler, calling it with the parameters it had before the guard
// was added. Put `#[login_required]` above `#[axum::debug_handler]` instead.
use login_runtime::{AuthUser, CurrentUser, LoginManager, login_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {}
