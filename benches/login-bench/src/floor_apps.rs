//! The floor: tower-sessions alone, with handlers that do the least a login needs.

use axum::{Router, body::Body, extract::State, http::Request, http::StatusCode, routing::get};
use tower::util::MapRequestLayer;
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

use crate::{
    app::App,
    users::{Account, Directory, LOGGED_IN},
};

const USER_ID_KEY: &str = "user_id";

async fn public() -> &'static str {
    "Welcome!"
}

/// Reads the user id from the session and looks the user up.
async fn protected(
    session: Session,
    State(users): State<Directory<Account>>,
) -> Result<String, StatusCode> {
    let id: Option<u32> = session
        .get(USER_ID_KEY)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let user = id
        .and_then(|id| users.get(id))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    Ok(user.name)
}

async fn login(session: Session) -> Result<&'static str, StatusCode> {
    session
        .cycle_id()
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    session
        .insert(USER_ID_KEY, LOGGED_IN)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok("logged in")
}

/// Whether a layer that does nothing sits inside tower-sessions' layer, where the login layer
/// sits in the other apps: what any extra layer costs in axum's router.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inner {
    Nothing,
    PassThrough,
}

/// A public `/`, a `/protected` that answers 401 without a user id, and a `/login`.
pub fn app(inner: Inner) -> App {
    let store = MemoryStore::default();
    let routes = Router::new()
        .route("/", get(public))
        .route("/protected", get(protected))
        .route("/login", get(login));
    let routes = match inner {
        Inner::Nothing => routes,
        Inner::PassThrough => routes.layer(MapRequestLayer::new(|request: Request<Body>| request)),
    };
    App {
        router: routes
            .layer(SessionManagerLayer::new(store.clone()))
            .with_state(Directory::new(|account| account)),
        store,
    }
}
