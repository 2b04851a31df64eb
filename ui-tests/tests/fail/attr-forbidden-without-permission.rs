use login_runtime::{request::RequestHead, login_required};

fn no_entry(_: RequestHead<'_>) -> &'static str {
    "no entry"
}

#[login_required(forbidden = no_entry)]
async fn settings() -> &'static str {
    "Settings"
}

fn main() {}
