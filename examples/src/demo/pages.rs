//! The demo's pages.

use std::{collections::BTreeMap, net::SocketAddr};

use axum::{
    Form,
    extract::{ConnectInfo, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use login_runtime::{
    AuthSession, CurrentUser, Flash, LoginOutcome, PasswordUser, Visitor, anonymous_required,
    fresh_login_required, hash_password, login_required, safe_next, safe_redirect,
    tower_sessions::Session,
};
use minijinja::context;
use serde::Deserialize;

use super::{AppState, ServerError, User, csrf, templates::Page};

/// The session key of the visitor's "remember me" choice, kept for a password change.
const REMEMBER_KEY: &str = "demo.remember";
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
    let remember = remember_choice(auth.session()).await;
    Ok(state.templates.render(
        "settings.html",
        StatusCode::OK,
        &page,
        context! { fresh, remembered, remember },
    ))
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
    // The new hash is the user's session hash: every login made with the old one ends. This
    // device logs in again with it, remembered as it was.
    let user = User {
        password_hash,
        ..user.into_inner()
    };
    let remember = remember_choice(auth.session()).await || auth.login_remembered().await?;
    let _ = log_in(&auth, &user, remember).await?;
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

/// Logs `user` in with a new CSRF token, and keeps the "remember me" choice for later.
async fn log_in(
    auth: &AuthSession<User>,
    user: &User,
    remember: bool,
) -> Result<LoginOutcome, ServerError> {
    let outcome = auth.login_user(user).remember(remember).await?;
    if outcome.is_logged_in() {
        auth.session().insert(REMEMBER_KEY, remember).await?;
        csrf::rotate(auth.session()).await?;
    }
    Ok(outcome)
}

async fn remember_choice(session: &Session) -> bool {
    session
        .get::<bool>(REMEMBER_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
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
