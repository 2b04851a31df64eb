//! An app under measurement: its router, its session store, and how to log in to it.

use axum::Router;
use tower_sessions::{MemoryStore, SessionStore, session::Id};

use crate::request;

/// tower-sessions' default session cookie name.
const SESSION_COOKIE: &str = "id";

/// A router served with tower-sessions over `store`, with a `/login` route that logs in
/// [`LOGGED_IN`](crate::users::LOGGED_IN).
pub struct App {
    pub router: Router,
    pub store: MemoryStore,
}

impl App {
    /// Logs in and returns the session cookie, `id=...`.
    pub async fn login(&self) -> String {
        request::session_cookie(&self.router, "/login", SESSION_COOKIE).await
    }

    /// How many bytes the session behind `cookie` holds, as the JSON of its values: what a
    /// login adds, since the session held nothing before.
    pub async fn stored_bytes(&self, cookie: &str) -> usize {
        let id: Id = cookie
            .strip_prefix("id=")
            .and_then(|id| id.parse().ok())
            .expect("a session cookie");
        let record = self
            .store
            .load(&id)
            .await
            .expect("memory store")
            .expect("a stored session");
        serde_json::to_vec(&record.data).expect("json").len() - "{}".len()
    }
}
