//! Every store and loader call the runtime makes ends within a bound.

use std::{future::Future, time::Duration};

use crate::AuthError;

/// How long a store or user-loader call may take by default.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `call`, failing with [`AuthError::TimedOut`] if it takes longer than `limit`.
pub(crate) async fn bounded<T>(
    limit: Duration,
    what: &'static str,
    call: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, AuthError> {
    tokio::time::timeout(limit, call)
        .await
        .unwrap_or(Err(AuthError::TimedOut(what)))
}
