// `#[anonymous_required(redirect_to = ...)]`: the hidden type carries where a
// logged-in visitor is sent, and no login view.
#![deny(unused_qualifications)]

use login_runtime::anonymous_required;
use ui_tests::fixtures::app;

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

    let _app = app(axum::Router::new().route("/sign-up", axum::routing::post(sign_up)));
}
