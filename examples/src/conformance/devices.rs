//! Version 2's password change and "your devices" routes.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use login_runtime::{AuthError, AuthSession, CurrentUser, login_required};
use serde::Serialize;

use super::{Accounts, AppState, User};

/// `/password/{value}`, `/devices`, `/devices/end-others`, `/devices/end/{n}`.
pub(crate) fn device_routes() -> Router<AppState> {
    Router::new()
        .route("/password/{value}", get(change_password))
        .route("/devices", get(devices))
        .route("/devices/end-others", get(end_others))
        .route("/devices/end/{n}", get(end_one))
}

#[login_required]
async fn change_password(
    auth: AuthSession<User>,
    user: CurrentUser<User>,
    State(accounts): State<Accounts>,
    Path(value): Path<String>,
) -> Result<Response, AuthError> {
    accounts.set_password(user.id, &value);
    let Some(changed) = accounts.find(user.id) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    auth.update_session_hash(&changed).await?;
    Ok("True".into_response())
}

#[derive(Debug, Serialize)]
struct Device {
    current: bool,
    remembered: bool,
    user_agent: Option<String>,
}

#[login_required]
async fn devices(auth: AuthSession<User>) -> Result<Json<Vec<Device>>, AuthError> {
    Ok(Json(
        auth.logins()
            .await?
            .into_iter()
            .map(|login| Device {
                current: login.current,
                remembered: login.remembered,
                user_agent: login.user_agent,
            })
            .collect(),
    ))
}

#[login_required]
async fn end_others(auth: AuthSession<User>) -> Result<&'static str, AuthError> {
    auth.end_other_logins().await?;
    Ok("True")
}

#[login_required]
async fn end_one(auth: AuthSession<User>, Path(n): Path<usize>) -> Result<Response, AuthError> {
    let logins = auth.logins().await?;
    let Some(login) = logins.get(n) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    if auth.end_login(&login.handle).await? {
        Ok("True".into_response())
    } else {
        Ok(StatusCode::NOT_FOUND.into_response())
    }
}
