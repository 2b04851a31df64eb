use login_runtime::{anonymous_required, login_required};

const LOGIN: &str = "/login";

#[login_required(login_view = LOGIN)]
async fn constant() {}

#[login_required(login_view = 404)]
async fn number() {}

#[login_required(login_view = b"/login")]
async fn bytes() {}

#[anonymous_required(redirect_to)]
async fn missing() {}

fn main() {
    let _ = LOGIN;
}
