#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct User(String, #[auth(id)] u32, #[auth(session_hash)] Vec<u8>);

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
    format!("settings of {}", user.0.0)
}

fn main() {
    let user = User("Ada".to_owned(), 42, vec![1, 2, 3]);
    assert_eq!(user.get_id(), "42");
    assert!(user.is_active());
    assert!(user.is_authenticated());
    assert_eq!(user.session_hash(), Some(&[1, 2, 3][..]));

    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .with_state(manager);
}
