// `#[cfg]` and `#[cfg_attr]` on any parameter, compiled in or out, leave the
// guard in place: it never shares a parameter that an attribute can remove.
use axum::extract::State;
use axum::http::{Method, Uri};
use login_runtime::{CurrentUser, LoginManager, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

#[login_required]
async fn cfg_out_first(#[cfg(any())] method: Method, user: CurrentUser<User>) -> String {
    user.id.to_string()
}

#[login_required]
async fn cfg_in_first(#[cfg(all())] method: Method, user: CurrentUser<User>) -> String {
    format!("{method} {}", user.id)
}

#[fresh_login_required]
async fn cfg_out_only(#[cfg(any())] method: Method) {}

#[fresh_login_required(refresh_view = "/again")]
async fn every_parameter_with_attributes(
    #[cfg_attr(any(), allow(unused))] method: Method,
    #[cfg(all())] uri: Uri,
    #[cfg(any())] user: CurrentUser<User>,
) -> String {
    format!("{method} {uri}")
}

#[login_required]
async fn state_first(State(_manager): State<LoginManager<User>>, uri: Uri) -> String {
    uri.to_string()
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/1", axum::routing::get(cfg_out_first))
        .route("/2", axum::routing::get(cfg_in_first))
        .route("/3", axum::routing::get(cfg_out_only))
        .route("/4", axum::routing::get(every_parameter_with_attributes))
        .route("/5", axum::routing::get(state_first)));
}
