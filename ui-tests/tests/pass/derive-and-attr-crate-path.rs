#![deny(unused_qualifications)]

/// A crate that re-exports the runtime under another path.
mod framework {
    pub use login_runtime as login;
}

use framework::login::{
    AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required, login_required,
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

#[login_required(crate = framework::login)]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[fresh_login_required(crate = "crate::framework::login")]
async fn password(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password))
        .with_state(manager);
}
