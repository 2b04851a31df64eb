//! Flash messages: kept in the session until read, with arbitrary categories.

use std::ops::Deref;

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::{AuthError, request_auth::session_of, session_data::read_or_discard};

const FLASHES_KEY: &str = "_flashes";

/// One flashed message, as Flask's `get_flashed_messages(with_categories=True)` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashMessage {
    /// The category, such as `message`, `info` or `error`.
    pub category: String,
    /// The text.
    pub message: String,
}

/// Adds flash messages to the session; an extractor.
///
/// ```
/// use login_runtime::Flash;
///
/// async fn save(flash: Flash) -> Result<&'static str, login_runtime::AuthError> {
///     flash.push("info", "Saved.").await?;
///     Ok("ok")
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Flash {
    session: Session,
}

impl Flash {
    /// Flashes `message` in `category`; it stays in the session until [`Flashes`] reads it.
    ///
    /// # Errors
    ///
    /// [`AuthError::Session`] when the session store fails.
    pub async fn push(
        &self,
        category: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<(), AuthError> {
        push_flash(&self.session, category.into(), message.into()).await
    }
}

pub(crate) async fn push_flash(
    session: &Session,
    category: String,
    message: String,
) -> Result<(), AuthError> {
    let mut flashes = read_flashes(session).await?;
    flashes.push(FlashMessage { category, message });
    session
        .insert(FLASHES_KEY, flashes)
        .await
        .map_err(AuthError::session)
}

async fn read_flashes(session: &Session) -> Result<Vec<FlashMessage>, AuthError> {
    Ok(read_or_discard(session, FLASHES_KEY)
        .await?
        .unwrap_or_default())
}

/// The messages flashed so far, oldest first; extracting them removes them from the session.
///
/// ```
/// use login_runtime::Flashes;
///
/// async fn page(flashes: Flashes) -> String {
///     flashes.iter().map(|f| format!("{}: {}\n", f.category, f.message)).collect()
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flashes(pub Vec<FlashMessage>);

impl Deref for Flashes {
    type Target = [FlashMessage];

    fn deref(&self) -> &[FlashMessage] {
        &self.0
    }
}

impl IntoIterator for Flashes {
    type Item = FlashMessage;
    type IntoIter = std::vec::IntoIter<FlashMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Flash {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AuthError> {
        session_of(parts).map(|session| Self { session })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Flashes {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AuthError> {
        let session = session_of(parts)?;
        let flashes = read_flashes(&session).await?;
        if !flashes.is_empty() {
            session
                .remove_value(FLASHES_KEY)
                .await
                .map_err(AuthError::session)?;
        }
        Ok(Self(flashes))
    }
}
