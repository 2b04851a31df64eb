//! No parameter attribute, generating macro or `impl` block can remove a handler's guard
//! (advisory: before 0.1.1, `#[cfg]` on the first parameter compiled the guard away).

use axum::{
    Router,
    extract::State,
    http::{Method, StatusCode},
    routing::get,
};
use examples::conformance::{User, Users};
use login_runtime::{
    CurrentUser, LoginManager, anonymous_required, fresh_login_required, login_required,
    testing::TestClient,
    tower_sessions::{MemoryStore, SessionManagerLayer},
};

#[login_required]
async fn cfg_out_first(#[cfg(any())] method: Method, user: CurrentUser<User>) -> &'static str {
    user.name
}

#[login_required]
async fn cfg_in_first(#[cfg(test)] method: Method, user: CurrentUser<User>) -> String {
    format!("{method} {}", user.name)
}

#[login_required]
async fn cfg_out_only(#[cfg(any())] method: Method) -> &'static str {
    "Access Granted"
}

#[fresh_login_required]
async fn fresh_cfg_out_only(#[cfg(any())] method: Method) -> &'static str {
    "Access Granted"
}

#[fresh_login_required(refresh_view = "/again")]
async fn fresh_cfg_attr_first(
    #[cfg_attr(any(), allow(unused))] method: Method,
    #[cfg(any())] user: CurrentUser<User>,
) -> String {
    method.to_string()
}

#[anonymous_required]
async fn anonymous_cfg_out_only(#[cfg(any())] method: Method) -> &'static str {
    "Sign up"
}

#[login_required]
async fn state_first(
    State(_manager): State<LoginManager<User>>,
    user: CurrentUser<User>,
) -> String {
    format!("state, {}", user.name)
}

macro_rules! guarded_handler {
    ($name:ident, $body:literal) => {
        #[login_required]
        async fn $name(#[cfg(any())] method: Method) -> &'static str {
            $body
        }
    };
}

guarded_handler!(from_macro_rules, "Access Granted");

struct Handlers;

#[allow(clippy::unused_async)]
impl Handlers {
    #[fresh_login_required]
    async fn associated(#[cfg(any())] method: Method) -> &'static str {
        "Access Granted"
    }
}

fn client() -> TestClient<User> {
    let manager = LoginManager::builder(Users)
        .secret_key(crate::apps::USERS_KEY)
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/cfg-out-first", get(cfg_out_first))
        .route("/cfg-in-first", get(cfg_in_first))
        .route("/cfg-out-only", get(cfg_out_only))
        .route("/fresh-cfg-out-only", get(fresh_cfg_out_only))
        .route("/fresh-cfg-attr-first", get(fresh_cfg_attr_first))
        .route("/anonymous-cfg-out-only", get(anonymous_cfg_out_only))
        .route("/state-first", get(state_first))
        .route("/from-macro-rules", get(from_macro_rules))
        .route("/associated", get(Handlers::associated))
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    TestClient::new(app, manager)
}

const LOGIN_GUARDED: [&str; 5] = [
    "/cfg-out-first",
    "/cfg-in-first",
    "/cfg-out-only",
    "/state-first",
    "/from-macro-rules",
];
const FRESH_GUARDED: [&str; 2] = ["/fresh-cfg-out-only", "/associated"];

#[tokio::test]
async fn anonymous_visitors_are_refused_whatever_the_parameters_attributes() {
    let client = client();
    for path in LOGIN_GUARDED
        .iter()
        .chain(&FRESH_GUARDED)
        .chain(&["/fresh-cfg-attr-first"])
    {
        assert_eq!(
            client.get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    assert_eq!(
        client.get("/anonymous-cfg-out-only").await.text(),
        "Sign up"
    );
}

#[tokio::test]
async fn stale_logins_are_refused_by_fresh_guards_and_let_through_by_the_others() {
    let client = client();
    let user = Users::find("1").expect("user 1");
    client.login_as(&user).fresh(false).await.expect("login");
    for path in FRESH_GUARDED {
        assert_eq!(
            client.get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let handler_view = client.get("/fresh-cfg-attr-first").await;
    assert_eq!(handler_view.status, StatusCode::SEE_OTHER);
    assert_eq!(
        handler_view.location(),
        Some("/again?next=%2Ffresh-cfg-attr-first")
    );
    assert_eq!(client.get("/cfg-out-first").await.text(), "Notch");
    assert_eq!(client.get("/cfg-in-first").await.text(), "GET Notch");
    assert_eq!(client.get("/cfg-out-only").await.text(), "Access Granted");
    assert_eq!(client.get("/state-first").await.text(), "state, Notch");
    assert_eq!(
        client.get("/from-macro-rules").await.text(),
        "Access Granted"
    );
    assert_eq!(
        client.get("/anonymous-cfg-out-only").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn fresh_logins_pass_every_guard() {
    let client = client();
    let user = Users::find("1").expect("user 1");
    client.login_as(&user).await.expect("login");
    for path in FRESH_GUARDED {
        assert_eq!(client.get(path).await.text(), "Access Granted", "{path}");
    }
    assert_eq!(client.get("/fresh-cfg-attr-first").await.text(), "GET");
}
