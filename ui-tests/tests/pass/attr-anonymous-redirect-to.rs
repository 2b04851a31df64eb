#![deny(unused_qualifications)]

use login_runtime::{AuthUser, LoginManager, UserLoader, anonymous_required};

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

#[anonymous_required(redirect_to = "/dashboard")]
async fn sign_up(body: String) -> String {
    format!("signed up: {body}")
}

fn main() {
    use login_runtime::HandlerViews;
    assert_eq!(
        <__login_views_sign_up as HandlerViews>::AUTHENTICATED_REDIRECT,
        Some("/dashboard")
    );
    assert_eq!(<__login_views_sign_up as HandlerViews>::LOGIN_VIEW, None);

    let _app: axum::Router = axum::Router::new()
        .route("/sign-up", axum::routing::post(sign_up))
        .with_state(LoginManager::new(Users));
}
