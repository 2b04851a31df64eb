// `#[anonymous_required(redirect_to = ...)]` on a handler that reads the body.
// tests/http checks where it sends logged-in visitors.
#![deny(unused_qualifications)]

use login_runtime::anonymous_required;
use ui_tests::fixtures::app;

#[anonymous_required(redirect_to = "/dashboard")]
async fn sign_up(body: String) -> String {
    format!("signed up: {body}")
}

fn main() {
    let _app = app(axum::Router::new().route("/sign-up", axum::routing::post(sign_up)));
}
