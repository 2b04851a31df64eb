// Guarded handlers with extractors before the guard's, a JSON body last, no
// extractor at all, and generics with a `where` clause.
#![deny(unused_qualifications)]

use axum::Json;
use axum::extract::{Path, Query};
use login_runtime::{CurrentUser, fresh_login_required, login_required};
use serde::Deserialize;
use ui_tests::fixtures::{User, app};

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
        user.id, rename.name, page.page
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
    format!("{} {}", T::default(), user.id)
}

fn main() {
    let _app = app(axum::Router::new()
        .route("/users/{id}", axum::routing::post(rename))
        .route("/ping", axum::routing::get(ping))
        .route("/greet", axum::routing::get(greet::<u8>)));
}
