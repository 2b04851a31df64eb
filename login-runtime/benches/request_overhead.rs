//! What the login layer costs per request, as a ratio against tower-sessions alone.
//!
//! Every group has a `baseline` (the same route under tower-sessions only) measured in the same
//! run; compare the other lines of the group with it. Run with `cargo bench -p login-runtime`.

use std::convert::Infallible;

use axum::{Router, body::Body, http::Request, routing::get};
use criterion::{Criterion, criterion_group, criterion_main};
use login_runtime::{
    AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login_required,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};
use tower::{ServiceExt, util::MapRequestLayer};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: u32,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(id.parse().ok().map(|id| User { id }))
    }
}

async fn public() -> &'static str {
    "Welcome!"
}

#[login_required]
async fn protected(user: CurrentUser<User>) -> String {
    user.get_id()
}

async fn login(auth: AuthSession<User>) -> &'static str {
    let outcome = auth.login_user(&User { id: 1 }).await.expect("login");
    assert!(outcome.is_logged_in());
    "True"
}

/// Which layer sits inside tower-sessions' layer.
#[derive(Clone, Copy)]
enum Inner {
    Nothing,
    /// A layer that does nothing: what any extra layer costs in axum's router.
    PassThrough,
    LoginLayer,
}

/// The app with one inner layer: everything else is the same.
fn app(inner: Inner) -> Router {
    let manager = LoginManager::new(Users);
    let routes = Router::new()
        .route("/", get(public))
        .route("/protected", get(protected))
        .route("/login", get(login));
    let sessions = SessionManagerLayer::new(MemoryStore::default());
    match inner {
        Inner::Nothing => routes.layer(sessions),
        Inner::PassThrough => routes
            .layer(MapRequestLayer::new(|request: Request<Body>| request))
            .layer(sessions),
        Inner::LoginLayer => routes.layer(manager.layer_with(sessions)),
    }
    .with_state(manager)
}

async fn call(app: &Router, path: &str, cookie: Option<&str>) -> axum::response::Response {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    app.clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible")
}

fn session_cookie(runtime: &tokio::runtime::Runtime, app: &Router) -> String {
    runtime.block_on(async {
        let response = call(app, "/login", None).await;
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
        cookie.split(';').next().expect("pair").to_owned()
    })
}

fn public_route(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (baseline, pass_through, logins) = (
        app(Inner::Nothing),
        app(Inner::PassThrough),
        app(Inner::LoginLayer),
    );
    let cookie = session_cookie(&runtime, &logins);
    let mut group = c.benchmark_group("public route");
    group.bench_function("baseline: tower-sessions alone", |b| {
        b.to_async(&runtime).iter(|| call(&baseline, "/", None));
    });
    group.bench_function("with a pass-through layer", |b| {
        b.to_async(&runtime).iter(|| call(&pass_through, "/", None));
    });
    group.bench_function("with the login layer", |b| {
        b.to_async(&runtime).iter(|| call(&logins, "/", None));
    });
    group.bench_function("with the login layer, logged-in cookie", |b| {
        b.to_async(&runtime)
            .iter(|| call(&logins, "/", Some(&cookie)));
    });
    group.finish();
}

fn guarded_route(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let logins = app(Inner::LoginLayer);
    let cookie = session_cookie(&runtime, &logins);
    let mut group = c.benchmark_group("guarded route");
    group.bench_function("baseline: public route, same app", |b| {
        b.to_async(&runtime)
            .iter(|| call(&logins, "/", Some(&cookie)));
    });
    group.bench_function("logged in: guard + CurrentUser", |b| {
        b.to_async(&runtime)
            .iter(|| call(&logins, "/protected", Some(&cookie)));
    });
    group.bench_function("anonymous: 401", |b| {
        b.to_async(&runtime)
            .iter(|| call(&logins, "/protected", None));
    });
    group.finish();
}

criterion_group!(benches, public_route, guarded_route);
criterion_main!(benches);
