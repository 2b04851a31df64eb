//! `login_runtime::testing::TestClient` (feature `test-util`): every feature, both in-process
//! (`in_process::*`) and against the app served on a real port (`served::*`).

use std::collections::HashMap;

use axum::{Router, body::Body, http::Request, response::Redirect, routing::get};
use examples::conformance::{self, Settings, User, Users};
use http::{StatusCode, header::USER_AGENT};
use login_runtime::{
    AuthError, CurrentUser, LoginManager,
    flash::{Flash, FlashMessage},
    login_required,
    manager::{DEFAULT_LOGIN_MESSAGE, DEFAULT_MESSAGE_CATEGORY},
    testing::{TestClient, TestError, TestResponse},
    tower_sessions::{MemoryStore, SessionManagerLayer},
};

const ACTION_HEADER: &str = "x-login-runtime-test-action";
const OTHER_BROWSER: &str = "Mozilla/5.0 (another browser)";

#[derive(Debug, Clone, Copy)]
enum Mode {
    InProcess,
    Served,
}

async fn client(mode: Mode, app: Router, manager: LoginManager<User>) -> TestClient<User> {
    match mode {
        Mode::InProcess => TestClient::new(app, manager),
        Mode::Served => TestClient::serve(app, manager).await,
    }
}

/// A client of the conformance app with these environment settings.
async fn conformance(mode: Mode, vars: &[(&str, &str)]) -> TestClient<User> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    let settings = Settings::from_lookup(|name| vars.get(name).cloned()).expect("settings");
    let (app, manager) =
        conformance::app_and_manager(&settings, MemoryStore::default()).expect("app");
    client(mode, app, manager).await
}

fn user(id: &str) -> User {
    Users::find(id).expect("a user of the conformance app")
}

/// `GET path`, asserting a `200 OK`; the body.
async fn text(client: &TestClient<User>, path: &str) -> String {
    let response = client.get(path).await;
    assert_eq!(response.status, StatusCode::OK, "GET {path}: {response:?}");
    response.text
}

/// `GET path` from another browser (another `User-Agent`) holding the client's cookies.
async fn from_other_browser(client: &TestClient<User>, path: &str) -> TestResponse {
    let request = Request::get(path)
        .header(USER_AGENT, OTHER_BROWSER)
        .body(Body::empty())
        .expect("request");
    client.request(request).await
}

async fn login_as_opens_guarded_routes(mode: Mode) {
    let client = conformance(mode, &[]).await;
    assert_eq!(
        client.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(client.current_user_id().await, None);

    client.login_as(&user("1")).await.expect("login");

    assert_eq!(text(&client, "/protected").await, "Access Granted");
    assert_eq!(text(&client, "/username").await, "Notch");
    assert_eq!(text(&client, "/userid").await, "1");
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
    assert!(client.cookie("session").is_some());
    assert_eq!(client.cookie("remember_token"), None);
}

async fn login_is_fresh_by_default(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client.login_as(&user("1")).await.expect("login");
    assert_eq!(text(&client, "/is-fresh").await, "True");
    assert_eq!(text(&client, "/fresh").await, "Access Granted");
}

async fn login_not_fresh_needs_refresh(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client
        .login_as(&user("1"))
        .fresh(false)
        .await
        .expect("login");
    assert_eq!(text(&client, "/is-fresh").await, "False");
    assert_eq!(text(&client, "/protected").await, "Access Granted");
    // No REFRESH_VIEW: a stale login gets `401` from a fresh-login route.
    assert_eq!(client.get("/fresh").await.status, StatusCode::UNAUTHORIZED);
}

async fn remember_survives_browser_restart(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client
        .login_as(&user("2"))
        .remember(true)
        .await
        .expect("login");
    assert!(client.cookie("remember_token").is_some());
    assert_eq!(text(&client, "/is-remembered").await, "False");

    client.restart_browser();
    assert_eq!(client.cookie("session"), None);
    assert!(client.cookie("remember_token").is_some());

    assert_eq!(client.current_user_id().await.as_deref(), Some("2"));
    assert_eq!(text(&client, "/is-remembered").await, "True");
    assert_eq!(text(&client, "/username").await, "Steve");
    assert_eq!(text(&client, "/is-fresh").await, "False");
}

async fn without_remember_restart_logs_out(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client.login_as(&user("1")).await.expect("login");
    client.restart_browser();
    assert_eq!(client.cookie("session"), None);
    assert_eq!(text(&client, "/username").await, "Anonymous");
    assert_eq!(client.current_user_id().await, None);
}

async fn permanent_session_survives_restart(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client
        .login_as(&user("1"))
        .permanent(true)
        .await
        .expect("login");
    client.restart_browser();
    assert!(client.cookie("session").is_some());
    assert_eq!(text(&client, "/username").await, "Notch");
    assert_eq!(text(&client, "/is-remembered").await, "False");
}

async fn logout_ends_the_login_and_the_remember_cookie(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client
        .login_as(&user("1"))
        .remember(true)
        .await
        .expect("login");
    assert_eq!(text(&client, "/protected").await, "Access Granted");

    client.logout().await.expect("logout");

    assert_eq!(
        client.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(client.current_user_id().await, None);
    assert_eq!(client.cookie("remember_token"), None);
    client.restart_browser();
    assert_eq!(client.current_user_id().await, None);
}

async fn flashes_are_read_and_consumed(mode: Mode) {
    let client = conformance(mode, &[("LOGIN_VIEW", "/login-form")]).await;
    let login_message = FlashMessage {
        category: DEFAULT_MESSAGE_CATEGORY.to_owned(),
        message: DEFAULT_LOGIN_MESSAGE.to_owned(),
    };

    let response = client.get("/protected").await;
    assert!(response.status.is_redirection(), "{response:?}");
    assert_eq!(response.location(), Some("/login-form?next=%2Fprotected"));
    assert_eq!(client.flashes().await, vec![login_message.clone()]);
    assert_eq!(client.flashes().await, vec![]);

    // Flashes the app reads itself are gone for the client too, and the other way round.
    client.get("/protected").await;
    client.get("/protected").await;
    assert_eq!(
        text(&client, "/flashes").await,
        serde_json::json!([
            [DEFAULT_MESSAGE_CATEGORY, DEFAULT_LOGIN_MESSAGE],
            [DEFAULT_MESSAGE_CATEGORY, DEFAULT_LOGIN_MESSAGE]
        ])
        .to_string()
    );
    assert_eq!(client.flashes().await, vec![]);
    client.get("/protected").await;
    assert_eq!(client.flashes().await, vec![login_message]);
    assert_eq!(text(&client, "/flashes").await, "[]");
}

async fn current_user_id_follows_logins(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client.login_as(&user("1")).await.expect("login");
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));

    client.login_as(&user("佐藤")).await.expect("login");
    assert_eq!(client.current_user_id().await.as_deref(), Some("佐藤"));
    assert_eq!(text(&client, "/username").await, "Müller");

    // User 3 is inactive: refused unless forced, and even then not authenticated.
    let refused = client.login_as(&user("3")).await;
    assert!(matches!(refused, Err(TestError::Refused)), "{refused:?}");
    assert_eq!(client.current_user_id().await.as_deref(), Some("佐藤"));
    client
        .login_as(&user("3"))
        .force(true)
        .await
        .expect("forced login");
    assert_eq!(client.current_user_id().await, None);
    assert_eq!(
        client.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// The client stays logged in across requests in every mode: the login is bound to it.
async fn stays_logged_in_under(mode: Mode, protection: &str) {
    let client = conformance(mode, &[("SESSION_PROTECTION", protection)]).await;
    client.login_as(&user("1")).await.expect("login");
    for _ in 0..3 {
        assert_eq!(text(&client, "/protected").await, "Access Granted");
    }
    assert_eq!(text(&client, "/is-fresh").await, "True");
    assert_eq!(text(&client, "/fresh").await, "Access Granted");
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
    assert_eq!(text(&client, "/username").await, "Notch");
}

async fn session_protection_none(mode: Mode) {
    stays_logged_in_under(mode, "none").await;
}

async fn session_protection_basic(mode: Mode) {
    stays_logged_in_under(mode, "basic").await;
}

async fn session_protection_strong(mode: Mode) {
    stays_logged_in_under(mode, "strong").await;
}

async fn strong_mode_ends_the_login_in_another_browser(mode: Mode) {
    let client = conformance(mode, &[("SESSION_PROTECTION", "strong")]).await;
    client.login_as(&user("1")).await.expect("login");
    assert_eq!(text(&client, "/username").await, "Notch");

    let stolen = from_other_browser(&client, "/username").await;
    assert_eq!(stolen.text, "Anonymous");
    // Strong protection removed the login from the session.
    assert_eq!(text(&client, "/username").await, "Anonymous");
    assert_eq!(client.current_user_id().await, None);
}

async fn basic_mode_makes_another_browser_not_fresh(mode: Mode) {
    let client = conformance(mode, &[("SESSION_PROTECTION", "basic")]).await;
    client.login_as(&user("1")).await.expect("login");
    assert_eq!(from_other_browser(&client, "/username").await.text, "Notch");
    assert_eq!(text(&client, "/username").await, "Notch");
    assert_eq!(text(&client, "/is-fresh").await, "False");
}

async fn strong_mode_restores_a_remembered_login(mode: Mode) {
    let client = conformance(mode, &[("SESSION_PROTECTION", "strong")]).await;
    client
        .login_as(&user("2"))
        .remember(true)
        .await
        .expect("login");
    client.restart_browser();
    assert_eq!(client.current_user_id().await.as_deref(), Some("2"));
    for _ in 0..3 {
        assert_eq!(text(&client, "/protected").await, "Access Granted");
    }
    assert_eq!(text(&client, "/is-remembered").await, "True");
}

async fn forged_action_header_does_nothing_special(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client.login_as(&user("1")).await.expect("login");
    let forged = [
        format!("{}.0", "0".repeat(64)),
        format!("{}.1", "f".repeat(64)),
        "0".to_owned(),
        "garbage".to_owned(),
    ];
    for value in &forged {
        for (path, body) in [("/", "Welcome!"), ("/username", "Notch")] {
            let request = Request::get(path)
                .header(ACTION_HEADER, value)
                .body(Body::empty())
                .expect("request");
            let response = client.request(request).await;
            assert_eq!(response.status, StatusCode::OK, "{value}: {response:?}");
            assert_eq!(response.text, body, "{value}");
        }
    }
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
}

/// Anyone may send requests to the test server: one with a forged action header, without the
/// client's cookies, gets the app's normal answers.
#[tokio::test]
async fn served_forged_action_header_from_another_client() {
    let client = conformance(Mode::Served, &[]).await;
    let address = client.address().expect("a served client has an address");
    client.login_as(&user("1")).await.expect("login");
    let http = reqwest::Client::new();
    for id in 0..4 {
        for (path, body) in [("/", "Welcome!"), ("/username", "Anonymous")] {
            let response = http
                .get(format!("http://{address}{path}"))
                .header(ACTION_HEADER, format!("{}.{id}", "a".repeat(64)))
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.text().await.expect("body"), body);
        }
    }
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
}

#[login_required]
async fn add_note(
    user: CurrentUser<User>,
    flash: Flash,
    note: String,
) -> Result<Redirect, AuthError> {
    flash
        .push("info", format!("{} noted: {note}", user.name))
        .await?;
    Ok(Redirect::to("/"))
}

async fn home() -> &'static str {
    "Home"
}

/// A small app of its own: default session cookie settings (`Secure`), `POST` routes.
fn notes_app() -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(Users)
        .secret_key(b"test-client-secret-key-0123456789abcdef")
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/", get(home))
        .route("/notes", axum::routing::post(add_note))
        .layer(manager.layer_with(SessionManagerLayer::new(MemoryStore::default())))
        .with_state(manager.clone());
    (app, manager)
}

async fn posts_with_the_login(mode: Mode) {
    let (app, manager) = notes_app();
    let client = client(mode, app, manager).await;
    let response = client.post("/notes", "hello").await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);

    client.login_as(&user("2")).await.expect("login");
    let response = client.post("/notes", "hello").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{response:?}");
    assert_eq!(response.location(), Some("/"));
    let response = client.post_form("/notes", &[("text", "a b&c")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{response:?}");
    assert_eq!(
        client.flashes().await,
        vec![
            FlashMessage {
                category: "info".to_owned(),
                message: "Steve noted: hello".to_owned(),
            },
            FlashMessage {
                category: "info".to_owned(),
                message: "Steve noted: text=a+b%26c".to_owned(),
            },
        ]
    );
}

/// An app whose login layers are route layers: only routed paths reach them.
async fn action_path_must_reach_the_login_layer(mode: Mode) {
    let manager = LoginManager::builder(Users)
        .secret_key(b"test-client-secret-key-0123456789abcdef")
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/app", get(home))
        .route("/notes", axum::routing::post(add_note))
        .route_layer(manager.layer_with(SessionManagerLayer::new(MemoryStore::default())))
        .with_state(manager.clone());

    let client = client(mode, app.clone(), manager.clone()).await;
    let error = client
        .login_as(&user("1"))
        .await
        .expect_err("`/` is not routed");
    assert!(
        matches!(error, TestError::NotRun { status } if status == StatusCode::NOT_FOUND),
        "{error:?}"
    );

    let client = client_with_path(mode, app, manager, "/app").await;
    client.login_as(&user("1")).await.expect("login");
    assert_eq!(client.current_user_id().await.as_deref(), Some("1"));
    let response = client.post("/notes", "routed").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{response:?}");
}

async fn client_with_path(
    mode: Mode,
    app: Router,
    manager: LoginManager<User>,
    path: &str,
) -> TestClient<User> {
    client(mode, app, manager).await.with_action_path(path)
}

async fn debug_shows_no_secrets(mode: Mode) {
    let client = conformance(mode, &[]).await;
    client
        .login_as(&user("1"))
        .remember(true)
        .await
        .expect("login");
    let debug = format!("{client:?}");
    assert!(
        debug.contains("session") && debug.contains("remember_token"),
        "{debug}"
    );
    for name in ["session", "remember_token"] {
        let value = client.cookie(name).expect("cookie");
        assert!(!debug.contains(&value), "{debug} shows {name}");
    }
}

macro_rules! in_both_modes {
    ($($test:ident),* $(,)?) => {
        /// The tests with an in-process client.
        mod in_process {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Mode::InProcess).await;
                }
            )*
        }

        /// The tests with a client of the app served on 127.0.0.1.
        mod served {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Mode::Served).await;
                }
            )*
        }
    };
}

in_both_modes!(
    login_as_opens_guarded_routes,
    login_is_fresh_by_default,
    login_not_fresh_needs_refresh,
    remember_survives_browser_restart,
    without_remember_restart_logs_out,
    permanent_session_survives_restart,
    logout_ends_the_login_and_the_remember_cookie,
    flashes_are_read_and_consumed,
    current_user_id_follows_logins,
    session_protection_none,
    session_protection_basic,
    session_protection_strong,
    strong_mode_ends_the_login_in_another_browser,
    basic_mode_makes_another_browser_not_fresh,
    strong_mode_restores_a_remembered_login,
    forged_action_header_does_nothing_special,
    posts_with_the_login,
    action_path_must_reach_the_login_layer,
    debug_shows_no_secrets,
);
