use login_runtime::{fresh_login_required, login_required};

#[login_required(krate = login_runtime)]
async fn settings() {}

#[fresh_login_required(login_view = "/login", crate = login_runtime, crate = login_runtime)]
async fn password() {}

fn main() {}
