#![deny(unused_qualifications)]

use axum::Form;
use axum::response::{IntoResponse, Redirect};
use login_runtime::{AuthUser, LoginManager, UserLoader, Visitor, anonymous_required};
use serde::Deserialize;

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

#[derive(Deserialize)]
struct Credentials {
    email: String,
}

/// No extractor of its own.
#[anonymous_required]
async fn login_page() -> &'static str {
    "<form method=post>...</form>"
}

/// A form body last, after an extractor that looks at the visitor.
#[anonymous_required]
async fn login(visitor: Visitor<User>, Form(credentials): Form<Credentials>) -> impl IntoResponse {
    if visitor.is_anonymous() && credentials.email.contains('@') {
        Redirect::to("/").into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/login", axum::routing::get(login_page).post(login))
        .with_state(LoginManager::new(Users));
}
