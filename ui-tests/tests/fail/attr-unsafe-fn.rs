use login_runtime::fresh_login_required;

#[fresh_login_required]
async unsafe fn dangerous() {}

fn main() {}
