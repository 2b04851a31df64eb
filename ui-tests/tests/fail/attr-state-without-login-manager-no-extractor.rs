use login_runtime::login_required;

#[derive(Clone)]
struct AppState;

#[login_required]
#[axum::debug_handler(state = AppState)]
async fn settings() -> &'static str {
    "settings"
}

fn main() {}
