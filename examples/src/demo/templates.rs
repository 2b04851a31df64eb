//! HTML pages: minijinja templates compiled into the binary, and what every page shows.

use std::sync::Arc;

use axum::{
    extract::FromRequestParts,
    http::{StatusCode, request::Parts},
    response::{Html, IntoResponse, Response},
};
use login_runtime::{Flashes, Visitor, flash::FlashMessage, tower_sessions::Session};
use minijinja::{Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

use super::{AppState, ServerError, User, csrf};

/// The templates, by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("devices.html", include_str!("../../templates/devices.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("login.html", include_str!("../../templates/login.html")),
    (
        "password.html",
        include_str!("../../templates/password.html"),
    ),
    (
        "settings.html",
        include_str!("../../templates/settings.html"),
    ),
    ("signup.html", include_str!("../../templates/signup.html")),
];

/// The loaded templates; cloning shares them.
#[derive(Debug, Clone)]
pub(crate) struct Templates {
    env: Arc<Environment<'static>>,
}

impl Templates {
    pub(crate) fn load() -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        // `errors.username` is empty, not an error, on a page without errors.
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        Ok(Self { env: Arc::new(env) })
    }

    /// `name` rendered with `page` and the page's own `values`.
    pub(crate) fn render(
        &self,
        name: &str,
        status: StatusCode,
        page: &Page,
        values: Value,
    ) -> Response {
        let context = context! { page, ..values };
        match self.env.get_template(name).and_then(|t| t.render(context)) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => {
                tracing::error!(%error, template = name, "cannot render a page");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The page cannot be shown.",
                )
                    .into_response()
            }
        }
    }

    /// An error page, outside any login or session.
    pub(crate) fn error(&self, status: StatusCode, message: &str) -> Response {
        let page = Page::default();
        let title = status.canonical_reason().unwrap_or("Error");
        self.render(
            "error.html",
            status,
            &page,
            context! { title, message, status => status.as_u16() },
        )
    }
}

/// What every page shows: who is logged in, the flashed messages, and the CSRF token its forms
/// send back. Extracting it takes the flashes out of the session.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Page {
    user: Option<String>,
    flashes: Vec<FlashMessage>,
    csrf_token: String,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ServerError> {
        let visitor = Visitor::<User>::from_request_parts(parts, state).await?;
        let flashes = Flashes::from_request_parts(parts, state).await?;
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, message)| ServerError::from(message))?;
        Ok(Self {
            user: visitor.user().map(|user| user.username.clone()),
            flashes: flashes.0,
            csrf_token: csrf::token(&session).await?,
        })
    }
}
