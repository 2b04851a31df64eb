use login_runtime::login_required;

#[login_required]
fn settings() -> &'static str {
    "settings"
}

fn main() {}
