// View arguments next to `crate = path`, in either order, on every attribute,
// with the runtime re-exported under another path.
#![deny(unused_qualifications)]

/// A crate that re-exports the runtime under another path.
mod framework {
    pub use login_runtime as login;
}

use framework::login::{anonymous_required, fresh_login_required, login_required};
use ui_tests::fixtures::app;

#[login_required(crate = framework::login, login_view = "/login")]
async fn settings() -> &'static str {
    "settings"
}

#[fresh_login_required(refresh_view = "/again", crate = "crate::framework::login")]
async fn password() -> &'static str {
    "password"
}

#[anonymous_required(crate = framework::login, redirect_to = "/")]
async fn login() -> &'static str {
    "log in"
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::get(password))
        .route("/login", axum::routing::get(login)));
}
