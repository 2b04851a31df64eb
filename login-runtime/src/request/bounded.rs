//! Every store and loader call the runtime makes ends within a bound.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use tokio::time::Sleep;

use crate::AuthError;

/// How long a store or user-loader call may take by default.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `call`, failing with [`AuthError::TimedOut`] if it takes longer than `limit`.
///
/// A call that is done at its first poll (an in-memory store, a cached user) needs no timer:
/// only one that has to wait gets one, when it first waits, so the bound costs nothing where
/// nothing waits. The call is polled where it lies, never moved.
pub(crate) fn bounded<F, T>(limit: Duration, what: &'static str, call: F) -> Bounded<F>
where
    F: Future<Output = Result<T, AuthError>>,
{
    Bounded {
        call,
        timer: None,
        limit,
        what,
    }
}

pin_project_lite::pin_project! {
    /// The future of [`bounded`].
    pub(crate) struct Bounded<F> {
        #[pin]
        call: F,
        // Boxed, as calls that wait are the rare ones: the others keep the future small.
        timer: Option<Pin<Box<Sleep>>>,
        limit: Duration,
        what: &'static str,
    }
}

impl<F, T> Future for Bounded<F>
where
    F: Future<Output = Result<T, AuthError>>,
{
    type Output = Result<T, AuthError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(done) = this.call.poll(cx) {
            return Poll::Ready(done);
        }
        let limit = *this.limit;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(AuthError::TimedOut(this.what))),
            Poll::Pending => Poll::Pending,
        }
    }
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
