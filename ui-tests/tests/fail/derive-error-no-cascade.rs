// The derive fails, but still implements `AuthUser`: the rest of the crate,
// which uses `User` as a user everywhere, reports nothing more.
use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct User {
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
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .with_state(LoginManager::new(Users));
}
