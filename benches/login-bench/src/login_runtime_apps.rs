//! The apps of this workspace's `login-runtime`.

use axum::{Router, routing::get};
use login_runtime::{AuthSession, AuthUser, CurrentUser, LoginManager, UserLoader, login_required};
use std::convert::Infallible;
use tower_sessions::{MemoryStore, SessionManagerLayer};

use crate::{
    app::App,
    users::{Account, Directory, LOGGED_IN},
};

/// The key that signs remember cookies and session-hash MACs.
const SECRET_KEY: &[u8] = b"login-bench secret key, 32 bytes or more";

/// A user without a session hash: the default set-up.
#[derive(Clone, AuthUser)]
pub struct Member {
    #[auth(id)]
    id: u32,
    name: String,
}

/// A user bound to its password hash with `#[auth(session_hash)]`.
#[derive(Clone, AuthUser)]
pub struct HashedMember {
    #[auth(id)]
    id: u32,
    name: String,
    #[auth(session_hash)]
    password_hash: String,
}

impl<U: AuthUser> UserLoader for Directory<U> {
    type User = U;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<U>, Infallible> {
        Ok(id.parse().ok().and_then(|id| self.get(id)))
    }
}

async fn public() -> &'static str {
    "Welcome!"
}

#[login_required]
async fn member_page(user: CurrentUser<Member>) -> String {
    user.name.clone()
}

#[login_required]
async fn hashed_member_page(user: CurrentUser<HashedMember>) -> String {
    user.name.clone()
}

/// How the apps differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// `LoginManager::new`: Basic session protection, no secret key.
    Default,
    /// A user type with `#[auth(session_hash)]`, and the secret key it needs.
    SessionHash,
    /// Default settings plus a secret key and a remember store; `/login` remembers the user.
    Remember,
}

/// An app with a public `/`, a `#[login_required]` `/protected` and a `/login`.
pub fn app(setup: Setup) -> App {
    match setup {
        Setup::Default => {
            let users = Directory::new(|account: Account| Member {
                id: account.id,
                name: account.name,
            });
            build(LoginManager::new(users.clone()), users, false, member_page)
        }
        Setup::Remember => {
            let users = Directory::new(|account: Account| Member {
                id: account.id,
                name: account.name,
            });
            let manager = LoginManager::builder(users.clone())
                .secret_key(SECRET_KEY)
                .remember_store(MemoryStore::default())
                .build()
                .expect("valid settings");
            build(manager, users, true, member_page)
        }
        Setup::SessionHash => {
            let users = Directory::new(|account: Account| HashedMember {
                id: account.id,
                name: account.name,
                password_hash: account.password_hash,
            });
            let manager = LoginManager::builder(users.clone())
                .secret_key(SECRET_KEY)
                .build()
                .expect("valid settings");
            build(manager, users, false, hashed_member_page)
        }
    }
}

fn build<U, H, T>(manager: LoginManager<U>, users: Directory<U>, remember: bool, page: H) -> App
where
    U: AuthUser,
    H: axum::handler::Handler<T, LoginManager<U>>,
    T: 'static,
{
    let login = move |auth: AuthSession<U>| async move {
        let user = users.get(LOGGED_IN).expect("the user exists");
        let logged_in = auth
            .login_user(&user)
            .remember(remember)
            .await
            .expect("login");
        assert!(logged_in.is_logged_in(), "the user is active");
        "logged in"
    };
    let store = MemoryStore::default();
    let router = Router::new()
        .route("/", get(public))
        .route("/protected", get(page))
        .route("/login", get(login))
        .layer(manager.layer_with(SessionManagerLayer::new(store.clone())))
        .with_state(manager);
    App { router, store }
}
