//! The generated code must not trip lints that users commonly deny. Checked by
//! `cargo clippy --all-targets -- -D warnings`, and run by `cargo test`.

#![deny(
    warnings,
    unused_qualifications,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    clippy::all,
    clippy::pedantic
)]

use std::fmt::Display;

use login_runtime::{
    AuthUser, CurrentUser, LoginManager, UserLoader, fresh_login_required, login_required,
};

#[derive(Clone, AuthUser)]
struct Named {
    #[auth(id)]
    id: i64,
    #[auth(active)]
    active: bool,
    #[auth(session_hash)]
    hash: String,
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

struct Api;

impl Api {
    #[login_required]
    async fn me(&self, user: CurrentUser<Generic<u8>>) -> String {
        std::future::ready(user.get_id()).await
    }
}

#[test]
fn derived_methods() {
    let named = Named {
        id: 1,
        active: true,
        hash: "h".to_owned(),
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

    let _me = Api.me((login_runtime::LoginRequired, CurrentUser(generic)));
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .route("/password", axum::routing::post(password))
        .with_state(LoginManager::new(Users));
}
