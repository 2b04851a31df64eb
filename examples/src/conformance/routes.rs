//! The routes of the contract, one behaviour each.

use std::time::Duration;

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use login_runtime::{
    AuthError, AuthSession, CurrentUser, Flashes, LoginManager, LoginPolicy, NextUrl,
    fresh_login_required, login_required,
    redirect::safe_redirect,
    tower_sessions::{MemoryStore, SessionManagerLayer, SessionStore, cookie::SameSite},
};
use serde::Deserialize;

use super::{
    Accounts, AppState, Backends, Permission, Settings, SettingsError, SignalCounts, User,
    devices::device_routes,
};

/// The conformance app for these settings, with an in-memory session store.
///
/// # Errors
///
/// [`SettingsError`] when the login manager refuses a setting.
pub fn app(settings: &Settings) -> Result<Router, SettingsError> {
    app_with_store(settings, MemoryStore::default())
}

/// The conformance app for these settings over any tower-sessions store.
///
/// # Errors
///
/// [`SettingsError`] when the login manager refuses a setting.
pub fn app_with_store(
    settings: &Settings,
    store: impl SessionStore + Clone,
) -> Result<Router, SettingsError> {
    app_on(settings, &Backends::over(store))
}

/// The conformance app for these settings over `backends`: run it twice over the same
/// backends for two instances of one app.
///
/// # Errors
///
/// [`SettingsError`] when the login manager refuses a setting.
pub fn app_on<S: SessionStore + Clone>(
    settings: &Settings,
    backends: &Backends<S>,
) -> Result<Router, SettingsError> {
    app_and_manager_on(settings, backends).map(|(app, _)| app)
}

/// The conformance app and its login manager, for `login_runtime::testing::TestClient`.
///
/// # Errors
///
/// [`SettingsError`] when the login manager refuses a setting.
pub fn app_and_manager(
    settings: &Settings,
    store: impl SessionStore + Clone,
) -> Result<(Router, LoginManager<User>), SettingsError> {
    app_and_manager_on(settings, &Backends::over(store))
}

fn app_and_manager_on<S: SessionStore + Clone>(
    settings: &Settings,
    backends: &Backends<S>,
) -> Result<(Router, LoginManager<User>), SettingsError> {
    let signals = SignalCounts::default();
    let accounts = Accounts::default();
    let logins = settings.login_manager(backends, &accounts, &signals)?;
    // Plain HTTP on 127.0.0.1, so the session cookie cannot be `Secure` here; behind TLS it should be.
    let sessions = SessionManagerLayer::new(backends.sessions.clone())
        .with_name("session")
        .with_secure(false)
        .with_same_site(SameSite::Lax);
    let app = Router::new()
        .route("/", get(index))
        .route("/login/{id}", get(login))
        .route("/login-next/{id}", get(login_next))
        .route("/logout", get(logout))
        .route("/username", get(username))
        .route("/userid", get(userid))
        .route("/is-fresh", get(is_fresh))
        .route(
            "/protected",
            get(protected)
                .post(protected)
                .head(protected)
                .options(protected),
        )
        .route("/secret", get(secret))
        .route("/flashes", get(flashes))
        .route("/next", get(next))
        .route("/is-remembered", get(is_remembered))
        .route("/confirm-login", get(confirm_login))
        .route("/fresh", get(fresh).post(fresh).head(fresh).options(fresh))
        .route("/needs-refresh", get(needs_refresh))
        .route("/signals", get(signal_counts))
        .route("/editor", get(editor))
        .route("/admin-area", get(admin_area))
        .nest("/admin", admin_routes(settings))
        .nest("/api", api_routes())
        .merge(device_routes())
        .layer(logins.layer_with(sessions))
        .with_state(AppState {
            logins: logins.clone(),
            signals,
            accounts,
        });
    Ok((app, logins))
}

/// `/admin`: its own login view, `/admin/login`, whenever the app has a login view.
fn admin_routes(settings: &Settings) -> Router<AppState> {
    let routes = Router::new().route("/protected", get(admin_protected));
    if settings.login_view.is_some() {
        let policy = LoginPolicy::builder()
            .login_view("/admin/login")
            .build()
            .unwrap_or_else(|_| unreachable!("a valid path"));
        routes.layer(policy)
    } else {
        routes
    }
}

/// `/api`: refused requests get a JSON `401`, never a redirect.
fn api_routes() -> Router<AppState> {
    let policy = LoginPolicy::builder()
        .unauthorized_handler(|_| {
            (
                StatusCode::UNAUTHORIZED,
                Json(serde_json::json!({ "error": "unauthorized" })),
            )
        })
        .build()
        .unwrap_or_else(|_| unreachable!("no view to check"));
    Router::new()
        .route("/username", get(api_username))
        .layer(policy)
}

async fn index() -> &'static str {
    "Welcome!"
}

#[derive(Debug, Deserialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per query parameter"
)]
struct LoginQuery {
    #[serde(default, deserialize_with = "flag")]
    remember: bool,
    duration: Option<u64>,
    #[serde(default, deserialize_with = "flag")]
    force: bool,
    #[serde(default = "yes", deserialize_with = "flag")]
    fresh: bool,
    #[serde(default, deserialize_with = "flag")]
    permanent: bool,
}

fn yes() -> bool {
    true
}

fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = String::deserialize(deserializer)?;
    Ok(matches!(value.as_str(), "1" | "true" | "True"))
}

fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

async fn login(
    auth: AuthSession<User>,
    State(accounts): State<Accounts>,
    Path(id): Path<String>,
    Query(query): Query<LoginQuery>,
) -> Result<Response, AuthError> {
    let Some(user) = accounts.find(&id) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let mut login = auth
        .login_user(&user)
        .remember(query.remember)
        .force(query.force)
        .fresh(query.fresh)
        .permanent(query.permanent);
    if let Some(seconds) = query.duration {
        login = login.duration(Duration::from_secs(seconds));
    }
    let outcome = login.await?;
    Ok(python_bool(outcome.is_logged_in()).into_response())
}

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_next(
    auth: AuthSession<User>,
    State(accounts): State<Accounts>,
    Path(id): Path<String>,
    Query(query): Query<NextQuery>,
) -> Result<Response, AuthError> {
    let Some(user) = accounts.find(&id) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    // An inactive user is not logged in, and follows `next` anonymous.
    let _ = auth.login_user(&user).await?;
    Ok(safe_redirect(query.next.as_deref(), "/"))
}

async fn logout(auth: AuthSession<User>) -> Result<&'static str, AuthError> {
    auth.logout_user().await?;
    Ok("True")
}

async fn username(user: Option<CurrentUser<User>>) -> &'static str {
    user.map_or("Anonymous", |user| user.name)
}

async fn userid(user: Option<CurrentUser<User>>) -> &'static str {
    user.map_or("", |user| user.id)
}

async fn is_fresh(auth: AuthSession<User>) -> Result<&'static str, AuthError> {
    Ok(python_bool(auth.login_fresh().await?))
}

async fn is_remembered(auth: AuthSession<User>) -> Result<&'static str, AuthError> {
    Ok(python_bool(auth.login_remembered().await?))
}

#[login_required]
async fn protected() -> &'static str {
    "Access Granted"
}

#[fresh_login_required]
async fn fresh() -> &'static str {
    "Access Granted"
}

async fn confirm_login(auth: AuthSession<User>) -> Result<(), AuthError> {
    auth.confirm_login().await
}

async fn needs_refresh(auth: AuthSession<User>) -> Response {
    auth.needs_refresh().await
}

async fn secret(auth: AuthSession<User>) -> Response {
    auth.unauthorized().await
}

async fn flashes(Flashes(flashes): Flashes) -> Json<Vec<(String, String)>> {
    Json(
        flashes
            .into_iter()
            .map(|flash| (flash.category, flash.message))
            .collect(),
    )
}

async fn next(NextUrl(next): NextUrl) -> String {
    next.unwrap_or_default()
}

#[login_required]
async fn admin_protected() -> &'static str {
    "Admin Granted"
}

#[login_required]
async fn api_username(user: CurrentUser<User>) -> &'static str {
    user.name
}

#[login_required(permission = Permission::Editor)]
async fn editor() -> &'static str {
    "Editor Granted"
}

#[login_required(permission = Permission::Admin)]
async fn admin_area() -> &'static str {
    "Admin Area"
}

#[derive(Debug, Deserialize)]
struct SignalsQuery {
    #[serde(default, deserialize_with = "flag")]
    reset: bool,
}

async fn signal_counts(
    State(signals): State<SignalCounts>,
    Query(query): Query<SignalsQuery>,
) -> Json<serde_json::Map<String, serde_json::Value>> {
    Json(signals.snapshot(query.reset))
}
