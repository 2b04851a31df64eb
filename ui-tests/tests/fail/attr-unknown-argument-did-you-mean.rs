use login_runtime::{anonymous_required, fresh_login_required, login_required};

#[login_required(krate = login_runtime)]
async fn settings() {}

#[fresh_login_required(login_vew = "/login")]
async fn password() {}

#[login_required(login_url = "/login")]
async fn profile() {}

#[anonymous_required(redirect = "/")]
async fn login_page() {}

#[login_required(timeout = 30)]
async fn dashboard() {}

fn main() {}
