// Guarded handlers that return `impl IntoResponse` and a `Result`.
#![deny(unused_qualifications)]

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use login_runtime::{CurrentUser, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

#[login_required]
async fn home(user: CurrentUser<User>) -> impl IntoResponse {
    if user.id == 0 {
        Redirect::to("/setup").into_response()
    } else {
        (StatusCode::OK, "home").into_response()
    }
}

#[fresh_login_required]
async fn delete_account(user: CurrentUser<User>) -> Result<Json<i64>, StatusCode> {
    if user.id < 0 {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(Json(user.id))
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/", axum::routing::get(home))
        .route("/account", axum::routing::delete(delete_account)));
}
