// `#[axum::debug_handler]` below the guard attribute checks the handler with
// the guard, and names the state the guard needs.
#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, LoginManager, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

#[login_required]
#[axum::debug_handler(state = LoginManager<User>)]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[fresh_login_required]
#[axum::debug_handler(state = LoginManager<User>)]
async fn password(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

/// Other attributes may sit between them.
#[login_required]
#[doc(hidden)]
#[axum::debug_handler(state = LoginManager<User>)]
#[allow(clippy::unused_async)]
async fn home() -> &'static str {
    "home"
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password))
        .route("/", axum::routing::get(home)));
}
