//! What a permission check costs, as a ratio against a plain guarded route in the same run.
//!
//! Every route takes `CurrentUser` after its guard; the baseline's guard is `LoginRequired`.
//! The permission routes differ only in the guard: a permission the user holds in a field
//! (`#[auth(permissions)]`), and one loaded from the backend (once per request). Run with
//! `cargo bench -p login-runtime --bench permissions`.
//!
//! Timings on a loaded machine drift by tens of percent; count instructions instead with
//! `valgrind --tool=callgrind --toggle-collect='permissions::call::{{closure}}' <bench binary>
//! --bench --profile-time 2 <name>` and divide by the requests made (one `RequestState` dropped
//! per request). On 2026-11-29: baseline 44,470 instructions per request, held in a field
//! 44,622 (1.003x), loaded from the backend 47,100 (1.06x).

use std::{collections::HashSet, convert::Infallible};

use axum::{Router, body::Body, http::Request, routing::get};
use criterion::{Criterion, criterion_group, criterion_main};
use login_runtime::{
    AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader,
    guard::LoginRequired,
    permissions::{PermissionLoader, PermissionRequired, RequiredPermissions},
    tower_sessions::{MemoryStore, SessionManagerLayer},
};
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Permission {
    Admin,
    Editor,
    Audit,
}

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u32,
    #[auth(permissions)]
    permissions: Vec<Permission>,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(id.parse().ok().map(|id| User {
            id,
            permissions: vec![Permission::Editor, Permission::Admin],
        }))
    }
}

/// The backend grants `Audit`, which no user holds in its field.
impl PermissionLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn group_permissions(&self, _user: &User) -> Result<HashSet<Permission>, Infallible> {
        Ok(HashSet::from([Permission::Audit]))
    }
}

struct Admin;

impl RequiredPermissions for Admin {
    type Permission = Permission;
    const ALL: &'static [&'static Permission] = &[&Permission::Admin];
}

struct Audit;

impl RequiredPermissions for Audit {
    type Permission = Permission;
    const ALL: &'static [&'static Permission] = &[&Permission::Audit];
}

async fn guarded(_: LoginRequired, user: CurrentUser<User>) -> String {
    user.get_id()
}

async fn held(_: PermissionRequired<Admin>, user: CurrentUser<User>) -> String {
    user.get_id()
}

async fn loaded(_: PermissionRequired<Audit>, user: CurrentUser<User>) -> String {
    user.get_id()
}

async fn login(auth: AuthSession<User>) -> &'static str {
    let user = Users.load_user("1").await.ok().flatten().expect("user");
    assert!(auth.login_user(&user).await.expect("login").is_logged_in());
    "True"
}

fn app() -> Router {
    let manager = LoginManager::builder(Users)
        .permission_loader(Users)
        .build()
        .expect("manager");
    Router::new()
        .route("/guarded", get(guarded))
        .route("/held", get(held))
        .route("/loaded", get(loaded))
        .route("/login", get(login))
        .layer(manager.layer_with(SessionManagerLayer::new(MemoryStore::default())))
        .with_state(manager)
}

async fn call(app: &Router, path: &str, cookie: &str) -> axum::response::Response {
    let request = Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response
}

fn permission_check(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = app();
    let cookie = runtime.block_on(async {
        let request = Request::get("/login").body(Body::empty()).expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
        cookie.split(';').next().expect("pair").to_owned()
    });
    let mut group = c.benchmark_group("permission check");
    group.bench_function("baseline: LoginRequired + CurrentUser", |b| {
        b.to_async(&runtime)
            .iter(|| call(&app, "/guarded", &cookie));
    });
    group.bench_function("held in a field: PermissionRequired + CurrentUser", |b| {
        b.to_async(&runtime).iter(|| call(&app, "/held", &cookie));
    });
    group.bench_function(
        "loaded from the backend: PermissionRequired + CurrentUser",
        |b| {
            b.to_async(&runtime).iter(|| call(&app, "/loaded", &cookie));
        },
    );
    group.finish();
}

criterion_group!(benches, permission_check);
criterion_main!(benches);
