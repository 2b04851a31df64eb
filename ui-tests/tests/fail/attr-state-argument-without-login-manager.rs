// `state = AppState` checks at compile time that the router state holds the
// login manager, on the type as written.
use login_runtime::login_required;

#[derive(Clone)]
struct AppState;

#[login_required(state = AppState)]
async fn settings() -> &'static str {
    "settings"
}

fn main() {}
