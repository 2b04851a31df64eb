#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required};

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

#[fresh_login_required(refresh_view = r"/admin/reauthenticate")]
async fn change_password(user: CurrentUser<User>, body: String) -> String {
    format!("{}: {body}", user.id)
}

#[fresh_login_required(login_view = "/admin/login", refresh_view = "/admin/reauthenticate")]
async fn delete_account(user: CurrentUser<User>) -> String {
    user.get_id()
}

fn main() {
    use login_runtime::HandlerViews;
    assert_eq!(
        <__login_views_change_password as HandlerViews>::LOGIN_VIEW,
        None
    );
    assert_eq!(
        <__login_views_change_password as HandlerViews>::REFRESH_VIEW,
        Some("/admin/reauthenticate")
    );
    assert_eq!(
        <__login_views_delete_account as HandlerViews>::LOGIN_VIEW,
        Some("/admin/login")
    );

    let _app: axum::Router = axum::Router::new()
        .route("/password", axum::routing::post(change_password))
        .route("/account", axum::routing::delete(delete_account))
        .with_state(LoginManager::new(Users));
}
