use axum::extract::FromRequestParts;
use login_runtime::{CurrentUser, LoginManager, login_required};

#[derive(Clone)]
struct User {
    id: i64,
}

#[login_required]
async fn settings(user: CurrentUser<User>) -> String {
    user.id.to_string()
}

/// What `#[axum::debug_handler]` checks of an extractor, without the lists of axum's other
/// extractors and of `FromRequestParts` impls that rustc adds to the error.
trait Extractor {}
impl<E: FromRequestParts<LoginManager<User>>> Extractor for E {}
fn extracts<E: Extractor>() {}

fn main() {
    extracts::<CurrentUser<User>>();
}
