//! Every store and loader call the runtime makes ends within a bound.

use std::{
    future::{Future, poll_fn},
    pin::pin,
    task::Poll,
    time::Duration,
};

use crate::AuthError;

/// How long a store or user-loader call may take by default.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `call`, failing with [`AuthError::TimedOut`] if it takes longer than `limit`.
///
/// A call that is done at its first poll (an in-memory store, a cached user) needs no timer:
/// only one that has to wait gets one, so the bound costs nothing where nothing waits.
pub(crate) async fn bounded<T>(
    limit: Duration,
    what: &'static str,
    call: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, AuthError> {
    let mut call = pin!(call);
    if let Poll::Ready(done) = poll_fn(|cx| Poll::Ready(call.as_mut().poll(cx))).await {
        return done;
    }
    tokio::time::timeout(limit, call)
        .await
        .unwrap_or(Err(AuthError::TimedOut(what)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_call_that_waits_too_long_times_out() {
        let slow = async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        };
        let outcome = bounded(Duration::from_secs(1), "slow call", slow).await;
        assert!(
            matches!(outcome, Err(AuthError::TimedOut("slow call"))),
            "{outcome:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn calls_within_the_bound_answer() {
        let waits = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok(1)
        };
        assert_eq!(
            bounded(Duration::from_secs(1), "call", waits).await.ok(),
            Some(1)
        );
        let at_once = async { Ok(2) };
        assert_eq!(
            bounded(Duration::from_secs(1), "call", at_once).await.ok(),
            Some(2)
        );
    }
}
