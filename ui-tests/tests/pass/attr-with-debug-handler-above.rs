// `#[axum::debug_handler]` above the guard attribute: it checks the handler as
// written, and a copy of it that the guard attribute then expands.
use login_runtime::{AuthUser, CurrentUser, LoginManager, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[axum::debug_handler(state = LoginManager<User>)]
#[fresh_login_required]
async fn password(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password)));
}
