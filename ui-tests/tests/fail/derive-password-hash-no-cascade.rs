use login_runtime::{AuthUser, password::PasswordUser};

// The derive fails on the id, but still implements `PasswordUser`: only that error is reported.
#[derive(Clone, AuthUser)]
struct User {
    #[auth(id, id)]
    id: i64,
    #[auth(password_hash)]
    password_hash: String,
}

async fn check(user: &User) -> bool {
    user.verify_password("correct horse").await
}

fn main() {
    let _ = check;
}
