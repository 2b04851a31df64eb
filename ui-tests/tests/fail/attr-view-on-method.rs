use login_runtime::{anonymous_required, login_required};

struct Admin;

impl Admin {
    #[login_required(login_view = "/admin/login")]
    async fn dashboard(&self) -> &'static str {
        "dashboard"
    }

    #[anonymous_required(redirect_to = "/admin")]
    async fn login_page(self) -> &'static str {
        "log in"
    }
}

fn main() {}
