#![deny(unused_qualifications)]

use axum::{Router, routing::get};
use login_runtime::{AuthUser, LoginManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    plan: &'static str,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

fn on_paid_plan(user: &User) -> bool {
    user.plan != "free"
}

async fn owns_a_project(user: &User) -> bool {
    user.id > 0
}

mod rules {
    pub fn is_staff(user: &super::User) -> bool {
        user.plan == "staff"
    }
}

#[login_required(predicate = on_paid_plan)]
async fn export() -> &'static str {
    "export.csv"
}

#[login_required(predicate = async owns_a_project)]
async fn projects(body: String) -> String {
    body
}

#[login_required(predicate = rules::is_staff, login_view = "/staff/login")]
async fn staff() -> &'static str {
    "staff"
}

#[login_required(predicate = |user: &User| user.id == 1)]
async fn first() -> &'static str {
    "first"
}

fn main() {
    let _app: Router = Router::new()
        .route("/export", get(export))
        .route("/projects", get(projects))
        .route("/staff", get(staff))
        .route("/first", get(first))
        .with_state(LoginManager::new(Users));
}
