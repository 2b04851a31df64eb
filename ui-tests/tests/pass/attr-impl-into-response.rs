#![deny(unused_qualifications)]

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use login_runtime::{
    AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required, login_required,
};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

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
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/", axum::routing::get(home))
        .route("/account", axum::routing::delete(delete_account))
        .with_state(manager);
}
