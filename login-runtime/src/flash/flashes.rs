//! Flash messages: kept until read, with arbitrary categories, and bounded.
//!
//! A visitor with a server-side session keeps them in it. A visitor without one keeps them in a
//! short-lived signed cookie instead (see `flash_cookie`), so flashing a message, such as the
//! login message of a refused request, never creates a session record.

use std::{fmt, ops::Deref};

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::{Deserialize, Serialize};
use tower_cookies::Cookies;
use tower_sessions::Session;

use crate::{
    AuthError, HasLoginManager,
    flash::flash_cookie::{FlashJar, flash_keys, update_flash_cookie},
    manager::secret_key::SecretKeys,
    request::{
        request_auth::{cookies_of, session_of},
        session_data::read_or_discard,
    },
};

const FLASHES_KEY: &str = "_flashes";

/// At most this many flashes wait to be read: the newest. Older ones are dropped, so a flood of
/// refused requests cannot grow a session.
pub const MAX_FLASHES: usize = 10;

/// The waiting flashes take at most this many bytes as JSON (`[{"category":…,"message":…},…]`);
/// the oldest are dropped to stay within it, and a flash larger than this on its own is not
/// kept at all (and logged).
pub const MAX_FLASH_BYTES: usize = 1536;

/// One flashed message, as Flask's `get_flashed_messages(with_categories=True)` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashMessage {
    /// The category, such as `message`, `info` or `error`.
    pub category: String,
    /// The text.
    pub message: String,
}

impl FlashMessage {
    /// Its size in a JSON array, with the separating comma.
    fn json_len(&self) -> usize {
        serde_json::to_string(self).map_or(usize::MAX, |json| json.len().saturating_add(1))
    }
}

/// Keeps the newest flashes within [`MAX_FLASHES`] and [`MAX_FLASH_BYTES`].
pub(crate) fn bound_flashes(flashes: &mut Vec<FlashMessage>) {
    let mut total = 2;
    let mut keep_from = flashes.len();
    for (index, flash) in flashes.iter().enumerate().rev().take(MAX_FLASHES) {
        total = flash.json_len().saturating_add(total);
        if total > MAX_FLASH_BYTES + 1 {
            break;
        }
        keep_from = index;
    }
    flashes.drain(..keep_from);
}

/// Adds flash messages to the session; an extractor.
///
/// At most [`MAX_FLASHES`] flashes wait to be read, within [`MAX_FLASH_BYTES`]: the newest.
/// Without a server-side session, they wait in a signed cookie (`login_flash`, kept 10
/// minutes) rather than in a new session.
///
/// ```
/// use login_runtime::flash::Flash;
///
/// async fn save(flash: Flash) -> Result<&'static str, login_runtime::AuthError> {
///     flash.push("info", "Saved.").await?;
///     Ok("ok")
/// }
/// ```
#[derive(Clone)]
pub struct Flash {
    session: Session,
    cookies: Cookies,
    keys: SecretKeys,
}

impl Flash {
    /// Flashes `message` in `category`; it waits until [`Flashes`] reads it.
    ///
    /// # Errors
    ///
    /// [`AuthError::Session`] when the session store fails.
    pub async fn push(
        &self,
        category: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<(), AuthError> {
        let jar = FlashJar {
            cookies: &self.cookies,
            keys: &self.keys,
        };
        let flash = FlashMessage {
            category: category.into(),
            message: message.into(),
        };
        push_flash(&self.session, &jar, flash).await
    }
}

impl fmt::Debug for Flash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flash").finish_non_exhaustive()
    }
}

/// Adds `flash` to the session's flashes, or to the flash cookie when there is no session
/// record and nothing else would create one.
pub(crate) async fn push_flash(
    session: &Session,
    jar: &FlashJar<'_>,
    flash: FlashMessage,
) -> Result<(), AuthError> {
    if flash.json_len() >= MAX_FLASH_BYTES {
        tracing::warn!(
            category = %flash.category,
            max_bytes = MAX_FLASH_BYTES,
            "flash message too large; not kept"
        );
        return Ok(());
    }
    let mut flashes = read_flashes(session).await?;
    if flashes.is_empty() && session.is_empty().await {
        jar.update(|cookie| {
            cookie.flashes.push(flash);
            bound_flashes(&mut cookie.flashes);
        });
        return Ok(());
    }
    flashes.push(flash);
    bound_flashes(&mut flashes);
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

/// The messages flashed so far, oldest first; extracting them removes them from the session
/// (and the flash cookie).
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

impl<S: HasLoginManager> FromRequestParts<S> for Flash {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthError> {
        Ok(Self {
            session: session_of(parts)?,
            cookies: cookies_of(parts)?,
            keys: flash_keys(state.login_manager()).clone(),
        })
    }
}

impl<S: HasLoginManager> FromRequestParts<S> for Flashes {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthError> {
        let session = session_of(parts)?;
        let mut flashes = update_flash_cookie(parts, state.login_manager(), |cookie| {
            std::mem::take(&mut cookie.flashes)
        })?;
        let stored = read_flashes(&session).await?;
        if !stored.is_empty() {
            session
                .remove_value(FLASHES_KEY)
                .await
                .map_err(AuthError::session)?;
        }
        flashes.extend(stored);
        bound_flashes(&mut flashes);
        Ok(Self(flashes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flash(message: &str) -> FlashMessage {
        FlashMessage {
            category: "message".into(),
            message: message.into(),
        }
    }

    fn json_len(flashes: &[FlashMessage]) -> usize {
        serde_json::to_string(flashes).expect("json").len()
    }

    #[test]
    fn only_the_newest_flashes_are_kept() {
        let mut flashes: Vec<_> = (0..3001).map(|n| flash(&format!("Flash {n}"))).collect();
        bound_flashes(&mut flashes);
        let expected: Vec<_> = (2991..3001).map(|n| flash(&format!("Flash {n}"))).collect();
        assert_eq!(flashes, expected);
    }

    #[test]
    fn the_newest_flashes_within_the_size_bound_are_kept() {
        let long = "x".repeat(500);
        let mut flashes: Vec<_> = (0..5).map(|n| flash(&format!("{n}{long}"))).collect();
        bound_flashes(&mut flashes);
        assert_eq!(flashes.len(), 2);
        assert!(flashes[1].message.starts_with('4'));
        assert!(json_len(&flashes) <= MAX_FLASH_BYTES);
    }

    #[test]
    fn flashes_exactly_at_the_bound_are_kept_and_one_byte_more_is_not() {
        let overhead = json_len(&[flash("")]);
        let mut exact = vec![flash(&"y".repeat(MAX_FLASH_BYTES - overhead))];
        assert_eq!(json_len(&exact), MAX_FLASH_BYTES);
        bound_flashes(&mut exact);
        assert_eq!(exact.len(), 1);
        let mut over = vec![flash(&"y".repeat(MAX_FLASH_BYTES - overhead + 1))];
        bound_flashes(&mut over);
        assert!(over.is_empty());
    }

    #[test]
    fn few_small_flashes_stay_as_they_are() {
        let mut flashes = vec![flash("a"), flash("b")];
        bound_flashes(&mut flashes);
        assert_eq!(flashes, vec![flash("a"), flash("b")]);
        let mut none = Vec::new();
        bound_flashes(&mut none);
        assert!(none.is_empty());
    }
}
