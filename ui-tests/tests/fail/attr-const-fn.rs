use login_runtime::login_required;

#[login_required]
const fn settings() -> u8 {
    1
}

fn main() {}
