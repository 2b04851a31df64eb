#![deny(unused_qualifications)]

use axum::{
    Router,
    http::StatusCode,
    response::{Html, IntoResponse},
    routing::get,
};
use login_runtime::{AuthUser, LoginManager, request::RequestHead, UserLoader, login_required};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permissions: Vec<Permission>,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

fn no_entry(request: RequestHead<'_>) -> impl IntoResponse {
    (
        StatusCode::FORBIDDEN,
        Html(format!("<h1>{} is for admins</h1>", request.uri.path())),
    )
}

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required(permission = Permission::Admin, forbidden = no_entry)]
async fn above(body: String) -> String {
    body
}

#[login_required(permission = Permission::Admin, forbidden = no_entry, login_view = "/admin/login")]
#[axum::debug_handler(state = LoginManager<User>)]
async fn below() -> impl IntoResponse {
    "below"
}

fn main() {
    let _ = User {
        id: 1,
        permissions: vec![Permission::Admin],
    }
    .permissions
    .len();
    let _app: Router = Router::new()
        .route("/above", get(above).post(above))
        .route("/below", get(below))
        .with_state(LoginManager::new(Users));
}
