//! Small purpose-built apps over the conformance app's users, for what its settings cannot show.

use std::{
    collections::HashMap,
    fmt,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use axum::{
    Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::get,
};
use examples::conformance::{Backends, User, Users};
use login_runtime::{
    CurrentUser, LoginManager, LoginPolicy, UserLoader, anonymous_required, fresh_login_required,
    guard::{HandlerViews, LoginRequired},
    login_required,
    protection::{SessionProtection, TrustedProxies},
    request::RequestHead,
    tower_sessions::{MemoryStore, SessionManagerLayer, SessionStore},
};

#[login_required]
async fn protected() -> &'static str {
    "Access Granted"
}

/// Asks for the user twice in one request: the guard, then the extractor.
#[login_required]
async fn whoami(user: CurrentUser<User>) -> &'static str {
    user.name
}

async fn public() -> &'static str {
    "Welcome!"
}

async fn login(
    auth: login_runtime::AuthSession<User>,
) -> Result<&'static str, login_runtime::AuthError> {
    let user = Users::find("1").expect("user 1");
    let outcome = auth.login_user(&user).await?;
    Ok(if outcome.is_logged_in() {
        "True"
    } else {
        "False"
    })
}

fn routes(
    manager: LoginManager<User>,
    store: impl SessionStore + Clone,
) -> (Router, LoginManager<User>) {
    let app = Router::new()
        .route("/", get(public))
        .route("/login", get(login))
        .route("/protected", get(protected))
        .route("/whoami", get(whoami))
        .layer(manager.layer_with(SessionManagerLayer::new(store).with_secure(false)))
        .with_state(manager.clone());
    (app, manager)
}

/// Answers failed checks with `403` and the request line.
pub fn custom_unauthorized() -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(Users)
        .secret_key(USERS_KEY)
        .login_view("/login")
        .unauthorized_handler(|head: RequestHead<'_>| {
            (
                StatusCode::FORBIDDEN,
                format!("members only: {} {}", head.method, head.uri.path()),
            )
        })
        .build()
        .expect("manager");
    routes(manager, MemoryStore::default())
}

/// A loader that counts its calls and can be switched into an outage.
#[derive(Debug, Clone, Default)]
pub struct FlakyUsers {
    pub calls: Arc<AtomicUsize>,
    pub down: Arc<AtomicBool>,
}

#[derive(Debug)]
pub struct Outage;

impl fmt::Display for Outage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("user database unreachable")
    }
}

impl std::error::Error for Outage {}

impl UserLoader for FlakyUsers {
    type User = User;
    type Error = Outage;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Outage> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            Err(Outage)
        } else {
            Ok(Users::find(id))
        }
    }
}

/// The routes `/`, `/login` (logs in user 1), `/protected` and `/whoami` over `loader` and `store`.
pub fn with_loader(
    loader: FlakyUsers,
    store: impl SessionStore + Clone,
) -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(loader)
        .secret_key(USERS_KEY)
        .login_view("/login")
        .build()
        .expect("manager");
    routes(manager, store)
}

/// A router whose author forgot the login layer.
pub fn without_login_layer() -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(Users)
        .secret_key(USERS_KEY)
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/protected", get(protected))
        .layer(SessionManagerLayer::new(MemoryStore::default()))
        .with_state(manager.clone());
    (app, manager)
}

/// A member whose password can change: its hash binds every login (`#[auth(session_hash)]`).
#[derive(Debug, Clone, login_runtime::AuthUser)]
pub struct Member {
    #[auth(id)]
    pub id: String,
    pub name: String,
    #[auth(session_hash)]
    pub password_hash: String,
}

/// Members that can be removed and whose passwords can change while the app runs.
#[derive(Debug, Clone, Default)]
pub struct Members(pub Arc<std::sync::Mutex<HashMap<String, Member>>>);

impl Members {
    pub fn with(ids: &[&str]) -> Self {
        let members = Self::default();
        for id in ids {
            members.put(id, "initial-password-hash");
        }
        members
    }

    pub fn put(&self, id: &str, password_hash: &str) {
        self.0.lock().expect("members").insert(
            id.to_owned(),
            Member {
                id: id.to_owned(),
                name: format!("member {id}"),
                password_hash: password_hash.to_owned(),
            },
        );
    }

    pub fn remove(&self, id: &str) {
        self.0.lock().expect("members").remove(id);
    }
}

impl UserLoader for Members {
    type User = Member;
    type Error = std::convert::Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<Member>, Self::Error> {
        Ok(self.0.lock().expect("members").get(id).cloned())
    }
}

async fn member_login(
    auth: login_runtime::AuthSession<Member>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    members: axum::extract::State<Members>,
) -> Result<axum::response::Response, login_runtime::AuthError> {
    use axum::response::IntoResponse;
    let member = members.0.0.lock().expect("members").get(&id).cloned();
    let Some(member) = member else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let remember = query.get("remember").is_some_and(|v| v == "1");
    let outcome = auth.login_user(&member).remember(remember).await?;
    Ok(if outcome.is_logged_in() {
        "True"
    } else {
        "False"
    }
    .into_response())
}

async fn member_name(member: Option<CurrentUser<Member>>) -> String {
    member.map_or_else(|| "Anonymous".to_owned(), |member| member.name.clone())
}

/// The state of the members app: the manager and the member table.
#[derive(Clone)]
pub struct MembersState {
    manager: LoginManager<Member>,
    members: Members,
}

impl login_runtime::HasLoginManager for MembersState {
    type User = Member;

    fn login_manager(&self) -> &LoginManager<Member> {
        &self.manager
    }
}

impl axum::extract::FromRef<MembersState> for Members {
    fn from_ref(state: &MembersState) -> Self {
        state.members.clone()
    }
}

/// The key of the apps over the conformance users, whose passwords are their session hash.
pub const USERS_KEY: &[u8] = b"users-app-secret-key-0123456789abcdef";

pub const MEMBERS_KEY: &[u8] = b"members-app-secret-key-0123456789abcdef";

/// `/login/{id}?remember=1` and `/name` over `members`, with remember me, on `backends`.
pub fn members(
    members: Members,
    backends: &Backends<MemoryStore>,
    keys: (&[u8], &[&[u8]]),
) -> (Router, LoginManager<Member>) {
    let store = backends.sessions.clone();
    let manager = LoginManager::builder(members.clone())
        .secret_key(keys.0)
        .fallback_secret_keys(keys.1.iter().copied())
        .remember_store(store.clone())
        .login_store(Arc::clone(&backends.logins))
        .request_loader(MemberTokens(members.clone()))
        .build()
        .expect("manager");
    let app = Router::new()
        .route("/login/{id}", get(member_login))
        .route("/name", get(member_name))
        .layer(manager.layer_with(SessionManagerLayer::new(store).with_secure(false)))
        .with_state(MembersState {
            manager: manager.clone(),
            members,
        });
    (app, manager)
}

/// Strong session protection behind a proxy on 127.0.0.1, trusted or not.
pub fn behind_proxy(trusted: bool) -> (Router, LoginManager<User>) {
    let proxies = if trusted {
        TrustedProxies::parse(["127.0.0.1"]).expect("proxies")
    } else {
        TrustedProxies::none()
    };
    let manager = LoginManager::builder(Users)
        .secret_key(USERS_KEY)
        .session_protection(SessionProtection::Strong)
        .trusted_proxies(proxies)
        .build()
        .expect("manager");
    routes(manager, MemoryStore::default())
}

/// Tokens `member-<id>` for the members app's request loader.
#[derive(Debug, Clone)]
pub struct MemberTokens(pub Members);

impl login_runtime::request::RequestLoader for MemberTokens {
    type User = Member;
    type Error = std::convert::Infallible;

    async fn load_user_from_request(
        &self,
        request: RequestHead<'_>,
    ) -> Result<Option<Member>, Self::Error> {
        let id = request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer member-"));
        Ok(id.and_then(|id| self.0.0.lock().expect("members").get(id).cloned()))
    }
}

struct HandlerLogin;

impl HandlerViews for HandlerLogin {
    const LOGIN_VIEW: Option<&'static str> = Some("/handler/login");
}

#[login_required(login_view = "/handler/login")]
async fn own_view() -> &'static str {
    "ok"
}

#[fresh_login_required(refresh_view = "/handler/reauth")]
async fn fresh_own_view() -> &'static str {
    "ok"
}

/// Views set at every level: the manager, a router policy, and single handlers (with the
/// attribute's arguments, and with `LoginRequired<V>` written by hand).
pub fn layered_policies() -> (Router, LoginManager<User>) {
    let manager = LoginManager::builder(Users)
        .secret_key(USERS_KEY)
        .login_view("/manager/login")
        .build()
        .expect("manager");
    let section = Router::new()
        .route("/own-view", get(own_view))
        .route(
            "/own-view-by-hand",
            get(|_: LoginRequired<HandlerLogin>| async { "ok" }),
        )
        .route("/router-view", get(|_: LoginRequired| async { "ok" }))
        .layer(
            LoginPolicy::builder()
                .login_view("/router/login")
                .build()
                .expect("view"),
        );
    let htmx = Router::new()
        .route("/page", get(|_: LoginRequired| async { "ok" }))
        .layer(
            // The policy's handler wins over its own view, whatever the order they are set in.
            LoginPolicy::builder()
                .unauthorized_handler(|_| {
                    (
                        StatusCode::UNAUTHORIZED,
                        [("hx-redirect", "/manager/login")],
                    )
                })
                .login_view("/htmx/login")
                .build()
                .expect("policy"),
        );
    let app = Router::new()
        .nest("/section", section)
        .nest("/htmx", htmx)
        .route("/manager-view", get(|_: LoginRequired| async { "ok" }))
        .route("/fresh-own-view", get(fresh_own_view))
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    (app, manager)
}

#[anonymous_required]
async fn sign_up() -> &'static str {
    "Sign up"
}

#[anonymous_required(redirect_to = "/account")]
async fn welcome() -> &'static str {
    "Welcome"
}

/// `/sign-up` and `/welcome` for anonymous visitors only, at the top and under `/members`, whose
/// policy sends logged-in users to `/members/home`.
pub fn anonymous_pages(redirect: Option<&str>) -> (Router, LoginManager<User>) {
    let mut builder = LoginManager::builder(Users).secret_key(USERS_KEY);
    if let Some(redirect) = redirect {
        builder = builder.authenticated_redirect(redirect);
    }
    let manager = builder.build().expect("manager");
    let members = Router::new()
        .route("/sign-up", get(sign_up))
        .route("/welcome", get(welcome))
        .layer(
            LoginPolicy::builder()
                .authenticated_redirect("/members/home")
                .build()
                .expect("policy"),
        );
    let app = Router::new()
        .route("/sign-up", get(sign_up).options(sign_up))
        .route("/welcome", get(welcome))
        .nest("/members", members)
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager.clone());
    (app, manager)
}

/// The routes of [`with_loader`] and a stream of the manager's events.
pub fn with_event_stream() -> (
    (Router, LoginManager<User>),
    tokio::sync::broadcast::Receiver<login_runtime::LoginEvent>,
) {
    let manager = LoginManager::builder(Users)
        .secret_key(USERS_KEY)
        .build()
        .expect("manager");
    let events = manager.subscribe();
    (routes(manager, MemoryStore::default()), events)
}
