// `#[fresh_login_required]` with `refresh_view`, alone and with `login_view`:
// the views ride in the guard's type. tests/http checks where they send
// refused requests.
#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, fresh_login_required};
use ui_tests::fixtures::{User, app};

#[fresh_login_required(refresh_view = r"/admin/reauthenticate")]
async fn change_password(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

#[fresh_login_required(login_view = "/admin/login", refresh_view = "/admin/reauthenticate")]
async fn delete_account(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/password", axum::routing::post(change_password))
        .route("/account", axum::routing::delete(delete_account)));
}
