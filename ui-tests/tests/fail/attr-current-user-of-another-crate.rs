use login_runtime::login_required;

/// An extractor of the app's own that happens to share the runtime's name.
struct CurrentUser(String);

#[login_required]
async fn settings(user: CurrentUser) -> String {
    user.0
}

fn main() {}
