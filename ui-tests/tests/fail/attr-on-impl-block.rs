use login_runtime::login_required;

pub struct Settings {
    page: u32,
}

#[login_required]
impl Settings {
    async fn show(&self) -> u32 {
        self.page
    }
}

fn main() {}
