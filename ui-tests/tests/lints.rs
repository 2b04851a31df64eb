//! The generated code must not trip lints that users commonly deny. Checked by
//! `cargo clippy --all-targets -- -D warnings`, and run by `cargo test`.
//!
//! It uses every macro and every argument: the derive on named, tuple and
//! generic structs, each handler attribute with and without view arguments,
//! `crate = path`, methods, `pub` handlers, and the permission arguments.

#![forbid(unsafe_code)]
#![deny(
    warnings,
    unused_qualifications,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    missing_debug_implementations,
    clippy::all,
    clippy::pedantic
)]

use std::fmt::Display;

use login_runtime::{
    AuthUser, CurrentUser, LoginManager, UserLoader, anonymous_required, fresh_login_required,
    login_required,
};

/// What a `Named` user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything.
    Admin,
    /// Reading the logs.
    Auditor,
}

#[derive(Clone, AuthUser)]
struct Named {
    #[auth(id)]
    id: i64,
    #[auth(active)]
    active: bool,
    #[auth(session_hash)]
    hash: String,
    #[auth(permissions)]
    roles: Vec<Role>,
}

fn no_entry(request: login_runtime::request::RequestHead<'_>) -> (axum::http::StatusCode, String) {
    (axum::http::StatusCode::FORBIDDEN, request.uri.to_string())
}

fn is_active(user: &Named) -> bool {
    user.active
}

#[login_required(permissions = [Role::Admin, Role::Auditor], forbidden = no_entry)]
async fn audit() -> &'static str {
    std::future::ready("audit").await
}

#[login_required(state = LoginManager<Named>, permission = Role::Admin)]
async fn roles(user: CurrentUser<Named>) -> String {
    std::future::ready(format!("{:?}", user.roles)).await
}

#[login_required(predicate = is_active)]
async fn active_only() -> &'static str {
    std::future::ready("active").await
}

#[derive(Clone, AuthUser)]
struct Tuple(#[auth(id)] u32, #[auth(session_hash)] Vec<u8>);

#[derive(Clone, AuthUser)]
#[auth(crate = ::login_runtime)]
struct Generic<Id>
where
    Id: Display,
{
    #[auth(id)]
    id: Id,
}

struct Users;

impl UserLoader for Users {
    type User = Named;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<Named>, Self::Error> {
        std::future::ready(Ok(None)).await
    }
}

#[login_required]
async fn settings(user: CurrentUser<Named>) -> String {
    std::future::ready(user.get_id()).await
}

#[fresh_login_required(crate = login_runtime)]
async fn password(user: CurrentUser<Named>, body: String) -> String {
    std::future::ready(user.get_id() + &body).await
}

#[anonymous_required]
async fn login_page() -> &'static str {
    std::future::ready("log in").await
}

/// `pub` handlers in a `pub` module, with view arguments: the hidden type is
/// `pub` too.
pub mod admin {
    use login_runtime::{anonymous_required, fresh_login_required, login_required};

    /// Admins only, with their own login page.
    #[login_required(login_view = "/admin/login")]
    pub async fn dashboard(uri: axum::http::Uri) -> String {
        std::future::ready(uri.to_string()).await
    }

    /// Every view argument of `#[fresh_login_required]`, and `crate`.
    #[fresh_login_required(
        login_view = "https://sso.example.com/login",
        refresh_view = "/admin/reauthenticate",
        crate = login_runtime
    )]
    pub async fn keys() -> &'static str {
        std::future::ready("keys").await
    }

    /// Admins only, in a `pub` module: the hidden type is `pub` too.
    #[login_required(permission = super::Role::Admin)]
    pub async fn users() -> &'static str {
        std::future::ready("users").await
    }

    /// The admin login page, for visitors who are not logged in.
    #[anonymous_required(redirect_to = "/admin")]
    pub async fn login(body: String) -> String {
        std::future::ready(body).await
    }
}

struct Api;

impl Api {
    #[login_required]
    async fn me(&self, user: CurrentUser<Generic<u8>>) -> String {
        std::future::ready(user.get_id()).await
    }

    #[anonymous_required(crate = login_runtime)]
    async fn welcome(&self) -> &'static str {
        std::future::ready("welcome").await
    }
}

#[test]
fn derived_methods() {
    let named = Named {
        id: 1,
        active: true,
        hash: "h".to_owned(),
        roles: vec![Role::Auditor],
    };
    assert_eq!(named.get_id(), "1");
    assert!(named.is_active() && named.is_authenticated() && !named.is_anonymous());
    assert_eq!(named.session_hash(), Some(&b"h"[..]));

    let tuple = Tuple(2, vec![9]);
    assert_eq!(tuple.get_id(), "2");
    assert_eq!(tuple.session_hash(), Some(&[9][..]));

    let generic = Generic { id: 3_u8 };
    assert_eq!(generic.get_id(), "3");
    assert_eq!(generic.session_hash(), None);

    let _me = Api.me(CurrentUser(generic));
    let _welcome = Api.welcome(login_runtime::guard::AnonymousRequired::default());
}

#[test]
fn routes() {
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password))
        .route("/login", axum::routing::get(login_page))
        .route("/admin", axum::routing::get(admin::dashboard))
        .route("/admin/keys", axum::routing::get(admin::keys))
        .route("/admin/login", axum::routing::post(admin::login))
        .route("/admin/users", axum::routing::get(admin::users))
        .route("/audit", axum::routing::get(audit))
        .route("/roles", axum::routing::get(roles))
        .route("/active", axum::routing::get(active_only))
        .with_state(LoginManager::new(Users));
}
