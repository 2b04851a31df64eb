use login_runtime::login_required;

#[login_required]
const async fn settings() -> u8 {
    1
}

fn main() {}
