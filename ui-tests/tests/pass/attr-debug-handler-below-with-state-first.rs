// `#[axum::debug_handler]` below the guard attribute, without `state =`: it
// infers the router state from a `State<..>` parameter, which the guard never
// shares, whether other extractors follow or not.
use axum::extract::State;
use login_runtime::{CurrentUser, HasLoginManager, LoginManager, login_required};
use ui_tests::fixtures::{User, manager};

#[derive(Clone)]
struct AppState {
    logins: LoginManager<User>,
    greeting: &'static str,
}

impl HasLoginManager for AppState {
    type User = User;

    fn login_manager(&self) -> &LoginManager<User> {
        &self.logins
    }
}

#[login_required]
#[axum::debug_handler]
async fn settings(State(state): State<AppState>, user: CurrentUser<User>) -> String {
    format!("{} {}", state.greeting, user.id)
}

#[login_required(state = AppState)]
#[axum::debug_handler]
async fn greeting(State(state): State<AppState>) -> &'static str {
    state.greeting
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/greeting", axum::routing::get(greeting))
        .with_state(AppState {
            logins: manager(),
            greeting: "hello",
        });
}
