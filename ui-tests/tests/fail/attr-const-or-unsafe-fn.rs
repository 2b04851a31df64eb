use login_runtime::{fresh_login_required, login_required};

#[login_required]
const fn constant() -> u8 {
    1
}

#[fresh_login_required]
async unsafe fn dangerous() {}

fn main() {}
