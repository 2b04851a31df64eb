use login_runtime::{fresh_login_required, login_required};

#[login_required]
#[fresh_login_required]
async fn password() {}

#[login_required]
#[login_runtime::login_required]
async fn settings() {}

fn main() {}
