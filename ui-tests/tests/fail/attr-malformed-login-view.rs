use login_runtime::{anonymous_required, fresh_login_required, login_required};

#[login_required(login_view = "admin/login")]
async fn relative() {}

#[login_required(login_view = "//evil.example/login")]
async fn protocol_relative() {}

#[login_required(login_view = "/\\evil.example")]
async fn backslash() {}

#[login_required(login_view = "/log in")]
async fn space() {}

#[login_required(login_view = "javascript:alert(1)")]
async fn script() {}

#[fresh_login_required(refresh_view = "https:///reauthenticate")]
async fn no_host() {}

#[anonymous_required(redirect_to = "")]
async fn empty() {}

fn main() {}
