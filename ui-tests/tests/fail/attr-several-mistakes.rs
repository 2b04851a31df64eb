use login_runtime::login_required;

#[login_required(login_view = "login", crate = login_runtime, timeout = 30)]
const fn settings() -> &'static str {
    "settings"
}

fn main() {}
