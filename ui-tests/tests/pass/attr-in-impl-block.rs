#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

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

struct Api {
    prefix: &'static str,
}

impl Api {
    /// An associated function: routable as `Api::settings`.
    #[login_required]
    async fn settings(user: CurrentUser<User>) -> String {
        user.get_id()
    }

    /// A method: the guard goes after the receiver.
    #[login_required]
    async fn describe(&self, user: CurrentUser<User>) -> String {
        format!("{}{}", self.prefix, user.id)
    }
}

fn main() {
    let _ =
        Api { prefix: "" }.describe((login_runtime::LoginRequired, CurrentUser(User { id: 1 })));
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(Api::settings))
        .with_state(manager);
}
