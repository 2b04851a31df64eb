// `#[fresh_login_required]` with `refresh_view`, alone and with `login_view`:
// the hidden type carries the views; those not given stay `None`.
#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, fresh_login_required};
use ui_tests::fixtures::{User, app};

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

    let _app = app(axum::Router::new()
        .route("/password", axum::routing::post(change_password))
        .route("/account", axum::routing::delete(delete_account)));
}
