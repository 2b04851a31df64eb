#![deny(unused_qualifications)]

use std::future::Future;

use login_runtime::{AuthUser, password::PasswordUser};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
    #[auth(password_hash, session_hash)]
    password_hash: String,
}

/// Accounts without a password, such as those that log in through another site.
#[derive(Clone, AuthUser)]
struct Member {
    #[auth(id)]
    id: i64,
    #[auth(password_hash)]
    password_hash: Option<String>,
}

#[derive(Clone, AuthUser)]
struct Generic<Id> {
    #[auth(id)]
    id: Id,
    #[auth(password_hash)]
    password_hash: String,
}

fn checks_off_the_runtime<'a>(user: &'a User, password: &'a str) -> impl Future<Output = bool> + Send + 'a {
    user.verify_password(password)
}

fn main() {
    let user = User { id: 1, password_hash: "$argon2id$hash".to_owned() };
    assert_eq!(user.password_hash(), Some("$argon2id$hash"));
    assert_eq!(user.session_hash(), Some(&b"$argon2id$hash"[..]));
    let _ = checks_off_the_runtime(&user, "password");

    let member = Member { id: 2, password_hash: None };
    assert_eq!(member.password_hash(), None);
    assert_eq!(member.get_id(), "2");

    let generic = Generic { id: 3_u8, password_hash: "h".to_owned() };
    assert_eq!(generic.password_hash(), Some("h"));
}
