// The known limitation: without a receiver the macro cannot tell that it is in
// an `impl` block, and rustc rejects the type it emits there.
use login_runtime::login_required;

struct Admin;

impl Admin {
    #[login_required(login_view = "/admin/login")]
    async fn dashboard() -> &'static str {
        "dashboard"
    }
}

fn main() {}
