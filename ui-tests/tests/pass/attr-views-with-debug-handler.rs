// View arguments with `#[axum::debug_handler]` above and below: above, the
// attribute expands twice (on the handler and on debug_handler's copy), each
// time with its own hidden type.
use login_runtime::{AuthUser, CurrentUser, LoginManager, anonymous_required, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required(login_view = "/admin/login")]
async fn above(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[fresh_login_required(refresh_view = "/admin/reauthenticate")]
#[axum::debug_handler(state = LoginManager<User>)]
async fn below(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

#[anonymous_required(redirect_to = "/")]
#[axum::debug_handler(state = LoginManager<User>)]
async fn login_page() -> &'static str {
    "log in"
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/above", axum::routing::get(above))
        .route("/below", axum::routing::post(below))
        .route("/login", axum::routing::get(login_page)));
}
