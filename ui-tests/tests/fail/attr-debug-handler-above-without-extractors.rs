// `#[axum::debug_handler]` above a guarded handler that has no parameter for
// the guard to share: `debug_handler` calls its copy with no arguments, while
// the guard has become the handler's parameter. Writing it below works.
use login_runtime::login_required;

#[axum::debug_handler(state = login_runtime::LoginManager<ui_tests::fixtures::User>)]
#[login_required]
async fn settings() -> &'static str {
    "settings"
}

fn main() {}
