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

#[axum::debug_handler(state = LoginManager<User>)]
async fn invoices(_: PermissionRequired<Billing>) -> &'static str {
    "invoices"
}

fn main() {}
