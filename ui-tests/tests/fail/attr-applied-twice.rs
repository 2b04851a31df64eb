use login_runtime::login_required;

#[login_required]
#[login_runtime::login_required]
async fn settings() {}

fn main() {}
