// `#[login_required]` relies on a `CurrentUser` parameter to refuse anonymous visitors, whatever
// path or alias names the runtime's type and whatever pattern binds it.
#![deny(unused_qualifications)]

use login_runtime::{AuthUser, login_required};
use ui_tests::fixtures::{User, app};

type CurrentUser = login_runtime::CurrentUser<User>;

#[login_required]
async fn aliased(user: CurrentUser) -> String {
    user.get_id()
}

#[login_required]
async fn by_path(login_runtime::CurrentUser(mut user): login_runtime::CurrentUser<User>) -> String {
    user.id += 1;
    user.get_id()
}

fn main() {
    let _ = aliased(login_runtime::CurrentUser(User { id: 1 }));
    let _app = app(
        axum::Router::new()
            .route("/aliased", axum::routing::get(aliased))
            .route("/by-path", axum::routing::get(by_path)),
    );
}
