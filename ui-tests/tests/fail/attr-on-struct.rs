use login_runtime::login_required;

#[login_required]
pub struct Settings {
    page: u32,
}

fn main() {}
