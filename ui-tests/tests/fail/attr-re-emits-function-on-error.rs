// The attribute fails, yet the function is still there: calling it reports no
// "cannot find function" error, only the attribute's own.
use login_runtime::login_required;

#[login_required(nope)]
async fn settings() -> &'static str {
    "settings"
}

fn main() {
    let _ = settings();
}
