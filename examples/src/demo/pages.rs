//! The demo's pages.

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    Form,
    extract::{ConnectInfo, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use login_runtime::{
    AuthSession, CurrentUser, Visitor, anonymous_required,
    flash::Flash,
    fresh_login_required,
    login::{LoginHandle, LoginOutcome},
    login_required,
    password::{PasswordUser, hash_password},
    redirect::{safe_next, safe_redirect},
};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{AppState, ServerError, User, csrf, templates::Page};

const MIN_PASSWORD: usize = 8;
const MAX_PASSWORD: usize = 1024;

/// Messages shown next to the fields they are about.
type FieldErrors = BTreeMap<&'static str, &'static str>;

pub(crate) async fn home(visitor: Visitor<User>) -> Redirect {
    Redirect::to(if visitor.is_authenticated() {
        "/settings"
    } else {
        "/login"
    })
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SignupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[anonymous_required]
pub(crate) async fn signup_form(State(state): State<AppState>, page: Page) -> Response {
    state
        .templates
        .render("signup.html", StatusCode::OK, &page, context! {})
}

#[anonymous_required]
pub(crate) async fn signup(
    State(state): State<AppState>,
    auth: AuthSession<User>,
    flash: Flash,
    page: Page,
    Form(form): Form<SignupForm>,
) -> Result<Response, ServerError> {
    let username = form.username.trim();
    let mut errors = FieldErrors::new();
    if !is_valid_username(username) {
        errors.insert(
            "username",
            "Use 3 to 32 letters, digits, dots, dashes or underscores.",
        );
    }
    if let Some(problem) = password_problem(&form.password) {
        errors.insert("password", problem);
    }
    let mut created = None;
    if errors.is_empty() {
        created = state
            .users
            .create(username, &hash_password(&form.password).await)
            .await?;
        if created.is_none() {
            errors.insert("username", "That username is taken. Choose another one.");
        }
    }
    let Some(user) = created else {
        return Ok(state.templates.render(
            "signup.html",
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
            context! { username, errors },
        ));
    };
    // New accounts are active.
    let _ = log_in(&auth, &user, false).await?;
    flash
        .push(
            "success",
            format!("Welcome, {}! Your account is ready.", user.username),
        )
        .await?;
    Ok(Redirect::to("/settings").into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

pub(crate) async fn login_form(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<NextQuery>,
) -> Response {
    let next = query.next.as_deref().and_then(safe_next);
    state
        .templates
        .render("login.html", StatusCode::OK, &page, context! { next })
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    remember: Option<String>,
    next: Option<String>,
}

pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    auth: AuthSession<User>,
    flash: Flash,
    page: Page,
    Form(form): Form<LoginForm>,
) -> Result<Response, ServerError> {
    let username = form.username.trim();
    let remember = form.remember.is_some();
    let next = form.next.as_deref().and_then(safe_next);
    let again = |status, form_error: Option<&str>, errors: FieldErrors| {
        state.templates.render(
            "login.html",
            status,
            &page,
            context! { username, remember, next, form_error, errors },
        )
    };
    if state.throttle.is_throttled(username, client.ip()) {
        return Ok(again(
            StatusCode::TOO_MANY_REQUESTS,
            Some("Too many failed logins. Wait a minute, then try again."),
            FieldErrors::new(),
        ));
    }
    let user = state.users.find_by_username(username).await?;
    let verified = if let Some(user) = &user {
        user.verify_password(&form.password).await
    } else {
        // As slow as a wrong password, so that the answer does not tell which names exist.
        let _ = state.nobody.verify_password(&form.password).await;
        false
    };
    let user = match user {
        Some(user) if verified => user,
        _ => {
            state.throttle.record_failure(username, client.ip());
            return Ok(again(
                StatusCode::UNAUTHORIZED,
                None,
                FieldErrors::from([("password", "Wrong username or password.")]),
            ));
        }
    };
    state.throttle.record_success(username);
    if log_in(&auth, &user, remember).await? == LoginOutcome::Inactive {
        return Ok(again(
            StatusCode::FORBIDDEN,
            Some("This account is disabled."),
            FieldErrors::new(),
        ));
    }
    flash
        .push("success", format!("Logged in as {}.", user.username))
        .await?;
    Ok(safe_redirect(next, "/settings"))
}

#[login_required]
pub(crate) async fn settings(
    State(state): State<AppState>,
    auth: AuthSession<User>,
    page: Page,
) -> Result<Response, ServerError> {
    let fresh = auth.login_fresh().await?;
    let remembered = auth.login_remembered().await?;
    let remember = auth
        .logins()
        .await?
        .iter()
        .any(|login| login.current && login.remembered);
    Ok(state.templates.render(
        "settings.html",
        StatusCode::OK,
        &page,
        context! { fresh, remembered, remember },
    ))
}

/// One login in the devices page.
#[derive(Debug, Serialize)]
struct Device {
    handle: String,
    browser: String,
    address: String,
    logged_in: String,
    last_used: String,
    remembered: bool,
    current: bool,
}

#[login_required]
pub(crate) async fn devices(
    State(state): State<AppState>,
    auth: AuthSession<User>,
    page: Page,
) -> Result<Response, ServerError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        });
    let devices: Vec<Device> = auth
        .logins()
        .await?
        .into_iter()
        .map(|login| Device {
            handle: login.handle.as_str().to_owned(),
            browser: login
                .user_agent
                .as_deref()
                .map_or_else(|| "Unknown browser".to_owned(), browser_name),
            address: login
                .client_address
                .unwrap_or_else(|| "unknown address".to_owned()),
            logged_in: ago(now - login.created_at.unix_seconds()),
            last_used: ago(now - login.last_used_at.unix_seconds()),
            remembered: login.remembered,
            current: login.current,
        })
        .collect();
    Ok(state
        .templates
        .render("devices.html", StatusCode::OK, &page, context! { devices }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct EndForm {
    handle: String,
}

#[login_required]
pub(crate) async fn end_device(
    auth: AuthSession<User>,
    flash: Flash,
    Form(form): Form<EndForm>,
) -> Result<Redirect, ServerError> {
    if auth.end_login(&LoginHandle::new(form.handle)).await? {
        flash
            .push("success", "That device has been logged out.")
            .await?;
    } else {
        flash.push("error", "That login had already ended.").await?;
    }
    Ok(Redirect::to("/devices"))
}

#[login_required]
pub(crate) async fn end_other_devices(
    auth: AuthSession<User>,
    flash: Flash,
) -> Result<Redirect, ServerError> {
    let message = match auth.end_other_logins().await? {
        0 => "You were not logged in anywhere else.".to_owned(),
        1 => "1 other device has been logged out.".to_owned(),
        n => format!("{n} other devices have been logged out."),
    };
    flash.push("success", message).await?;
    Ok(Redirect::to("/devices"))
}

#[fresh_login_required]
pub(crate) async fn password_form(State(state): State<AppState>, page: Page) -> Response {
    state
        .templates
        .render("password.html", StatusCode::OK, &page, context! {})
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[fresh_login_required]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser<User>,
    auth: AuthSession<User>,
    flash: Flash,
    page: Page,
    Form(form): Form<PasswordForm>,
) -> Result<Response, ServerError> {
    let mut errors = FieldErrors::new();
    if !user.verify_password(&form.current_password).await {
        errors.insert("current_password", "That is not your current password.");
    }
    if let Some(problem) = password_problem(&form.new_password) {
        errors.insert("new_password", problem);
    } else if form.new_password == form.current_password {
        errors.insert("new_password", "Choose a password you have not used here.");
    }
    if !errors.is_empty() {
        return Ok(state.templates.render(
            "password.html",
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
            context! { errors },
        ));
    }
    let password_hash = hash_password(&form.new_password).await;
    state
        .users
        .set_password_hash(user.id, &password_hash)
        .await?;
    // This device stays logged in, with its remember cookie; every other login ends.
    let user = User {
        password_hash,
        ..user.into_inner()
    };
    auth.update_session_hash(&user).await?;
    flash
        .push(
            "success",
            "Your password has been changed, and your other devices have been logged out.",
        )
        .await?;
    Ok(Redirect::to("/settings").into_response())
}

pub(crate) async fn logout(auth: AuthSession<User>, flash: Flash) -> Result<Redirect, ServerError> {
    auth.logout_user().await?;
    csrf::rotate(auth.session()).await?;
    flash.push("info", "You have been logged out.").await?;
    Ok(Redirect::to("/login"))
}

pub(crate) async fn not_found(State(state): State<AppState>) -> Response {
    state
        .templates
        .error(StatusCode::NOT_FOUND, "There is no page at this address.")
}

/// Logs `user` in with a new CSRF token.
async fn log_in(
    auth: &AuthSession<User>,
    user: &User,
    remember: bool,
) -> Result<LoginOutcome, ServerError> {
    let outcome = auth.login_user(user).remember(remember).await?;
    if outcome.is_logged_in() {
        csrf::rotate(auth.session()).await?;
    }
    Ok(outcome)
}

/// "Chrome (headless) on Linux" and the like, from a User-Agent.
fn browser_name(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map_or("A browser", |(_, name)| name);
    let headless = if user_agent.contains("Headless") {
        " (headless)"
    } else {
        ""
    };
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map_or(String::new(), |(_, name)| format!(" on {name}"));
    format!("{browser}{headless}{system}")
}

/// "3 minutes ago" for a number of seconds.
fn ago(seconds: i64) -> String {
    let (count, unit) = match seconds {
        ..60 => return "just now".to_owned(),
        60..3_600 => (seconds / 60, "minute"),
        3_600..86_400 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural} ago")
}

fn is_valid_username(username: &str) -> bool {
    (3..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < MIN_PASSWORD {
        Some("Use at least 8 characters.")
    } else if password.len() > MAX_PASSWORD {
        Some("Use at most 1024 bytes.")
    } else {
        None
    }
}
