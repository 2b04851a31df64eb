use login_runtime::{anonymous_required, login_required};

#[login_required(refresh_view = "/reauthenticate")]
async fn settings() {}

#[login_required(redirect_to = "/login")]
async fn profile() {}

#[anonymous_required(login_view = "/login")]
async fn sign_up() {}

fn main() {}
