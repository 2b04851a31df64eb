// `#[anonymous_required]` on a handler without extractors, and on one that
// looks at the visitor before taking a form body.
#![deny(unused_qualifications)]

use axum::Form;
use axum::response::{IntoResponse, Redirect};
use login_runtime::{Visitor, anonymous_required};
use serde::Deserialize;
use ui_tests::fixtures::{User, app};

#[derive(Deserialize)]
struct Credentials {
    email: String,
}

/// No extractor of its own.
#[anonymous_required]
async fn login_page() -> &'static str {
    "<form method=post>...</form>"
}

/// A form body last, after an extractor that looks at the visitor.
#[anonymous_required]
async fn login(visitor: Visitor<User>, Form(credentials): Form<Credentials>) -> impl IntoResponse {
    if visitor.is_anonymous() && credentials.email.contains('@') {
        Redirect::to("/").into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

fn main() {
    let _app = app(axum::Router::new().route("/login", axum::routing::get(login_page).post(login)));
}
