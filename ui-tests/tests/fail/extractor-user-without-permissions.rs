use axum::extract::FromRequestParts;
use login_runtime::{AuthUser, LoginManager, permissions::{PermissionRequired, RequiredPermissions}};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

struct Billing;

impl RequiredPermissions for Billing {
    type Permission = str;
    const ALL: &'static [&'static str] = &["billing"];
}

/// What `#[axum::debug_handler]` checks of an extractor, without the lists of axum's other
/// extractors and of `FromRequestParts` impls that rustc adds to the error.
trait Extractor {}
impl<E: FromRequestParts<LoginManager<User>>> Extractor for E {}
fn extracts<E: Extractor>() {}

fn main() {
    extracts::<PermissionRequired<Billing>>();
}
