// `#[login_required(login_view = ...)]` with a path on this site and with an
// absolute URL. tests/http checks where they send refused requests.
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
    let _app = app(axum::Router::new()
        .route("/admin", axum::routing::get(admin))
        .route("/reports", axum::routing::get(reports)));
}
