#![deny(unused_qualifications)]

use std::collections::HashSet;

use axum::{Router, routing::get};
use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

mod perms {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Permission {
        Admin,
        Editor,
        Project(u32),
    }

    impl Permission {
        pub const OWNER: Self = Self::Project(0);
    }
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(permissions)]
    permissions: Vec<perms::Permission>,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

#[login_required(permission = perms::Permission::Admin)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

#[login_required(permissions = [perms::Permission::Admin, perms::Permission::Editor, perms::Permission::OWNER])]
async fn publish(user: CurrentUser<User>) -> String {
    user.get_id()
}

#[login_required(permission = perms::Permission::Project(7), login_view = "/projects/login")]
pub async fn project() -> &'static str {
    "project 7"
}

#[login_required(state = LoginManager<User>, permission = perms::Permission::Editor)]
async fn edit(body: String) -> String {
    body
}

#[derive(Clone, AuthUser)]
struct Member {
    #[auth(id)]
    id: String,
    #[auth(permissions)]
    roles: HashSet<String>,
}

struct Members;

impl UserLoader for Members {
    type User = Member;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<Member>, Self::Error> {
        Ok(None)
    }
}

#[login_required(permissions = ["billing", "reports"])]
async fn invoices() -> &'static str {
    "invoices"
}

fn main() {
    let _app: Router = Router::new()
        .route("/admin-area", get(admin_area))
        .route("/publish", get(publish))
        .route("/project", get(project))
        .route("/edit", get(edit).post(edit))
        .with_state(LoginManager::new(Users));
    let _members: Router = Router::new()
        .route("/invoices", get(invoices))
        .with_state(LoginManager::new(Members));
}
