// `#[axum::debug_handler]` above the guard attribute: it checks the handler as
// written, and a copy of it that the guard attribute then expands.
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

#[axum::debug_handler(state = LoginManager<User>)]
#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[axum::debug_handler(state = LoginManager<User>)]
#[fresh_login_required]
async fn password(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

fn main() {
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password))
        .with_state(manager);
}
