use login_runtime::{anonymous_required, login_required};

#[anonymous_required]
#[login_required]
async fn login_page() {}

fn main() {}
