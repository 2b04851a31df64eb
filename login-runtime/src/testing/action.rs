//! Actions: code a [`TestClient`](super::TestClient) runs inside [`LoginLayer`](crate::layer::LoginLayer)
//! on a request it sends itself, and how they cross a real socket.

use std::{
    collections::HashMap,
    fmt::{self, Write as _},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};

use http::{HeaderMap, HeaderValue, Request};
use subtle::ConstantTimeEq;

pub(crate) use crate::layer::login_layer::InProcessAction as TestAction;

/// The header that names an action on a request to the test server: `<token>.<id>`.
pub(crate) const ACTION_HEADER: &str = "x-login-runtime-test-action";

/// The actions one client has in flight on its test server, and the client's secret token.
///
/// The server's outer layer turns a request bearing the client's token and the id of an action
/// in flight into that action; every other request passes untouched.
#[derive(Clone)]
pub(crate) struct ActionRegistry {
    token: Arc<str>,
    next_id: Arc<AtomicU64>,
    actions: Arc<Mutex<HashMap<u64, TestAction>>>,
}

impl ActionRegistry {
    /// A registry with a fresh random 32-byte token.
    pub(crate) fn new() -> Self {
        let bytes: [u8; 32] = rand::random();
        let token = bytes
            .iter()
            .fold(String::with_capacity(64), |mut hex, byte| {
                let _ = write!(hex, "{byte:02x}");
                hex
            });
        Self {
            token: token.into(),
            next_id: Arc::default(),
            actions: Arc::default(),
        }
    }

    fn actions(&self) -> std::sync::MutexGuard<'_, HashMap<u64, TestAction>> {
        self.actions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts `action` in flight; returns its id and the header value that names it.
    pub(crate) fn register(&self, action: TestAction) -> (u64, HeaderValue) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.actions().insert(id, action);
        let value = HeaderValue::try_from(format!("{}.{id}", self.token))
            .expect("hex and digits are a valid header value");
        (id, value)
    }

    /// Drops the action `id` if no request claimed it.
    pub(crate) fn forget(&self, id: u64) {
        self.actions().remove(&id);
    }

    /// The action a request names, taken out of the registry (an action runs once).
    fn claim(&self, headers: &HeaderMap) -> Option<TestAction> {
        let value = headers.get(ACTION_HEADER)?.to_str().ok()?;
        let (token, id) = value.split_once('.')?;
        if !bool::from(token.as_bytes().ct_eq(self.token.as_bytes())) {
            return None;
        }
        let id = id.parse().ok()?;
        self.actions().remove(&id)
    }

    /// Attaches the action a request names as an extension and strips the header; a request
    /// that names none of this registry's actions passes untouched.
    pub(crate) fn attach<B>(&self, mut request: Request<B>) -> Request<B> {
        if let Some(action) = self.claim(request.headers()) {
            request.headers_mut().remove(ACTION_HEADER);
            request.extensions_mut().insert(action);
        }
        request
    }
}

impl fmt::Debug for ActionRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionRegistry")
            .field("in_flight", &self.actions().len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;

    use super::*;

    fn registry_with_action() -> (ActionRegistry, u64, HeaderValue) {
        let registry = ActionRegistry::new();
        let action = TestAction::new(|_| Box::pin(async { "done".into_response() }));
        let (id, value) = registry.register(action);
        (registry, id, value)
    }

    fn request(value: &str) -> Request<()> {
        Request::builder()
            .header(ACTION_HEADER, value)
            .body(())
            .unwrap()
    }

    #[test]
    fn the_right_token_and_id_claim_the_action_once() {
        let (registry, _, value) = registry_with_action();
        let attached = registry.attach(request(value.to_str().unwrap()));
        assert!(attached.extensions().get::<TestAction>().is_some());
        assert!(attached.headers().get(ACTION_HEADER).is_none());
        let again = registry.attach(request(value.to_str().unwrap()));
        assert!(again.extensions().get::<TestAction>().is_none());
    }

    #[test]
    fn a_forged_token_or_unknown_id_passes_untouched() {
        let (registry, id, value) = registry_with_action();
        let (token, _) = value.to_str().unwrap().split_once('.').unwrap();
        let forged = [
            format!("{}.{id}", "0".repeat(64)),
            format!("{token}.{}", id + 1),
            format!("{token}.not-a-number"),
            token.to_owned(),
            format!("{}.{id}", &token[..63]),
        ];
        for value in forged {
            let passed = registry.attach(request(&value));
            assert!(passed.extensions().get::<TestAction>().is_none(), "{value}");
            assert_eq!(passed.headers()[ACTION_HEADER], value.as_str());
        }
        // The real action is still in flight.
        let attached = registry.attach(request(value.to_str().unwrap()));
        assert!(attached.extensions().get::<TestAction>().is_some());
    }

    #[test]
    fn debug_shows_no_token() {
        let (registry, _, value) = registry_with_action();
        let (token, _) = value.to_str().unwrap().split_once('.').unwrap();
        let debug = format!("{registry:?}");
        assert!(!debug.contains(token), "{debug}");
        assert_eq!(token.len(), 64);
    }
}
