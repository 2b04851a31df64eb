// The guard attribute in an `impl` block, on an associated function and on a
// method.
#![deny(unused_qualifications)]

use login_runtime::{AuthUser, CurrentUser, login_required};
use ui_tests::fixtures::{User, app};

struct Api {
    prefix: &'static str,
}

impl Api {
    /// An associated function: routable as `Api::settings`.
    #[login_required]
    async fn settings(user: CurrentUser<User>) -> String {
        user.get_id()
    }

    /// A method: the parameter after the receiver is the check.
    #[login_required]
    async fn describe(&self, user: CurrentUser<User>) -> String {
        format!("{}{}", self.prefix, user.id)
    }
}

fn main() {
    let _ = Api { prefix: "" }.describe(CurrentUser(User { id: 1 }));
    let _app = app(axum::Router::new().route("/settings", axum::routing::get(Api::settings)));
}
