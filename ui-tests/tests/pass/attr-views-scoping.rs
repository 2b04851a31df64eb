// Views ride in the guard's type, with no item next to the handler: handlers
// of the same name in two modules, a `pub` handler, a handler inside a
// function, a `#[cfg]`-ed handler and a raw identifier all work.
#![deny(unused_qualifications, dead_code)]

use login_runtime::{anonymous_required, login_required};
use ui_tests::fixtures::app;

pub mod admin {
    use login_runtime::login_required;

    #[login_required(login_view = "/admin/login")]
    pub async fn settings() -> &'static str {
        "admin settings"
    }
}

mod shop {
    use login_runtime::login_required;

    #[login_required(login_view = "/shop/login")]
    pub(crate) async fn settings() -> &'static str {
        "shop settings"
    }
}

#[login_required(login_view = "/login")]
#[cfg(any())]
async fn never_compiled() -> &'static str {
    "gone"
}

#[anonymous_required(redirect_to = "/")]
async fn r#type() -> &'static str {
    "type"
}

fn main() {
    #[login_required(login_view = "/inner/login")]
    async fn inner() -> &'static str {
        "inner"
    }

    let _app = app(axum::Router::new()
        .route("/admin", axum::routing::get(admin::settings))
        .route("/shop", axum::routing::get(shop::settings))
        .route("/type", axum::routing::get(r#type))
        .route("/inner", axum::routing::get(inner)));
}
