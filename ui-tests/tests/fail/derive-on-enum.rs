use login_runtime::AuthUser;

#[derive(Clone, AuthUser)]
enum User {
    Admin,
    Member(u32),
}

fn needs_a_user<U: AuthUser>() {}

fn main() {
    // No second error here: the derive still emits a stub impl.
    needs_a_user::<User>();
}
