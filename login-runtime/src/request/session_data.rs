//! Reading the runtime's own values from the session.

use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::AuthError;

/// The value under `key`. One that no longer deserializes (written by another version, or
/// corrupted) is logged and counts as absent; only a store failure is an error.
pub(crate) async fn read_or_discard<T: DeserializeOwned>(
    session: &Session,
    key: &str,
) -> Result<Option<T>, AuthError> {
    match session.get::<T>(key).await {
        Ok(value) => Ok(value),
        Err(tower_sessions::session::Error::SerdeJson(error)) => {
            // The error's text may quote the stored value: only its kind and place are logged.
            tracing::warn!(
                kind = ?error.classify(),
                line = error.line(),
                column = error.column(),
                key,
                "unreadable value in session; ignoring it"
            );
            Ok(None)
        }
        Err(error) => Err(AuthError::session(error)),
    }
}
