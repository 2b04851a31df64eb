use login_runtime::{fresh_login_required, login_required};

#[login_required]
#[fresh_login_required]
async fn password() {}

fn main() {}
