use login_runtime::login_required;

#[login_required]
static SETTINGS: &str = "settings";

fn main() {}
