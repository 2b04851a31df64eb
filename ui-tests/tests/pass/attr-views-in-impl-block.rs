// View arguments on associated functions and methods: the views ride in the
// guard's type, so nothing needs to be emitted next to the function.
use login_runtime::{CurrentUser, anonymous_required, fresh_login_required, login_required};
use ui_tests::fixtures::{User, app};

struct Admin;

impl Admin {
    #[login_required(login_view = "/admin/login")]
    async fn dashboard() -> &'static str {
        "dashboard"
    }

    #[fresh_login_required(login_view = "/admin/login", refresh_view = "/admin/again")]
    async fn keys(user: CurrentUser<User>) -> String {
        user.id.to_string()
    }

    #[anonymous_required(redirect_to = "/admin")]
    async fn login_page(&self) -> &'static str {
        "log in"
    }
}

fn main() {
    let _page = Admin::login_page;
    let _app = app(axum::Router::new()
        .route("/admin", axum::routing::get(Admin::dashboard))
        .route("/admin/keys", axum::routing::get(Admin::keys)));
}
