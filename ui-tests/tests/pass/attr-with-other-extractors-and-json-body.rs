#![deny(unused_qualifications)]

use axum::Json;
use axum::extract::{Path, Query};
use login_runtime::{
    AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required, login_required,
};
use serde::Deserialize;

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    name: String,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

#[derive(Deserialize)]
struct Page {
    page: u32,
}

#[derive(Deserialize)]
struct Rename {
    name: String,
}

/// Extractors before the body, the JSON body last, a trailing comma.
#[login_required]
async fn rename(
    Path(id): Path<i64>,
    Query(page): Query<Page>,
    user: CurrentUser<User>,
    Json(rename): Json<Rename>,
) -> String {
    format!(
        "{} renames {id} to {} (page {})",
        user.name, rename.name, page.page
    )
}

/// No extractor of its own at all.
#[fresh_login_required]
pub(crate) async fn ping() -> &'static str {
    "pong"
}

/// Generic, with a `where` clause.
#[login_required]
async fn greet<T>(user: CurrentUser<User>) -> String
where
    T: Default + std::fmt::Display,
{
    format!("{} {}", T::default(), user.name)
}

fn main() {
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/users/{id}", axum::routing::post(rename))
        .route("/ping", axum::routing::get(ping))
        .route("/greet", axum::routing::get(greet::<u8>))
        .with_state(manager);
}
