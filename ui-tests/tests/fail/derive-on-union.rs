use login_runtime::AuthUser;

#[derive(Clone, Copy, AuthUser)]
union User {
    id: u32,
    code: f32,
}

fn main() {}
