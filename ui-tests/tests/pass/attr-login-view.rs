// `#[login_required(login_view = ...)]` with a path on this site and with an
// absolute URL.
#![deny(unused_qualifications)]

use login_runtime::{CurrentUser, login_required};
use ui_tests::fixtures::{User, app};

/// A path on this site.
#[login_required(login_view = "/admin/login")]
async fn admin(user: CurrentUser<User>) -> String {
    format!("admin {}", user.id)
}

/// An absolute URL, such as a single sign-on service; no extractor of its own.
#[login_required(login_view = "https://sso.example.com/login?app=admin")]
async fn reports() -> &'static str {
    "reports"
}

fn main() {
    // The hidden type carries the views; those not given stay `None`.
    use login_runtime::HandlerViews;
    assert_eq!(
        <__login_views_admin as HandlerViews>::LOGIN_VIEW,
        Some("/admin/login")
    );
    assert_eq!(<__login_views_admin as HandlerViews>::REFRESH_VIEW, None);
    assert_eq!(
        <__login_views_reports as HandlerViews>::LOGIN_VIEW,
        Some("https://sso.example.com/login?app=admin")
    );

    let _app = app(axum::Router::new()
        .route("/admin", axum::routing::get(admin))
        .route("/reports", axum::routing::get(reports)));
}
