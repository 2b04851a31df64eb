#![deny(unused_qualifications)]

/// A crate that re-exports the runtime under another path.
mod framework {
    pub use login_runtime as login;
}

use framework::login::{
    AuthUser, LoginManager, UserLoader, anonymous_required, fresh_login_required, login_required,
};

#[derive(Clone, AuthUser)]
#[auth(crate = framework::login)]
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

#[login_required(crate = framework::login, login_view = "/login")]
async fn settings() -> &'static str {
    "settings"
}

#[fresh_login_required(refresh_view = "/again", crate = "crate::framework::login")]
async fn password() -> &'static str {
    "password"
}

#[anonymous_required(crate = framework::login, redirect_to = "/")]
async fn login() -> &'static str {
    "log in"
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::get(password))
        .route("/login", axum::routing::get(login))
        .with_state(LoginManager::new(Users));
}
