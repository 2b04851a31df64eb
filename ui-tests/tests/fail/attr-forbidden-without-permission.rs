use login_runtime::{RequestHead, login_required};

fn no_entry(_: RequestHead<'_>) -> &'static str {
    "no entry"
}

#[login_required(forbidden = no_entry)]
async fn settings() -> &'static str {
    "Settings"
}

fn main() {}
