use login_runtime::fresh_login_required;

#[fresh_login_required(login_view = "/login", crate = login_runtime, login_view = "/sign-in")]
async fn password() {}

#[fresh_login_required(crate = login_runtime, crate = login_runtime)]
async fn email() {}

fn main() {}
