#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(active)]
    active: bool,
    #[auth(session_hash)]
    password_hash: String,
    name: String,
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
    format!("settings of {}", user.name)
}

fn main() {
    let user = User {
        id: 7,
        active: false,
        password_hash: "hash".to_owned(),
        name: "Ada".to_owned(),
    };
    assert_eq!(user.get_id(), "7");
    assert!(!user.is_active());
    assert!(!user.is_authenticated());
    assert!(!user.is_anonymous());
    assert_eq!(user.session_hash(), Some(&b"hash"[..]));

    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .with_state(manager);
}
