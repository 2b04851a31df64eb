#![deny(unused_qualifications)]

use std::fmt::Display;
use std::marker::PhantomData;
use std::rc::Rc;

use login_runtime::{AuthUser, CurrentUser, LoginManager, UserLoader, login_required};

/// Generic in the id type, the hash type and a marker, with a `where` clause
/// and a default parameter.
#[derive(Clone, AuthUser)]
struct User<Id, Hash = Vec<u8>, Role = ()>
where
    Id: Clone,
{
    #[auth(id)]
    id: Id,
    #[auth(session_hash)]
    hash: Hash,
    role: PhantomData<Role>,
}

struct Users;

impl UserLoader for Users {
    type User = User<u64, String>;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<Self::User>, Self::Error> {
        Ok(None)
    }
}

#[login_required]
async fn settings(user: CurrentUser<User<u64, String>>) -> String {
    format!("settings of {}", user.id)
}

fn id_of<U: AuthUser>(user: &U) -> String {
    user.get_id()
}

/// The impl is conditional: `User<Rc<..>>` is a valid type that is not a user
/// (it is not `Send`), and that is no error.
fn not_a_user<Id: Display + Clone>(_: User<Rc<Id>>) {}

fn main() {
    let user: User<u64, String> = User {
        id: 9,
        hash: "h".to_owned(),
        role: PhantomData,
    };
    assert_eq!(id_of(&user), "9");
    assert_eq!(user.session_hash(), Some(&b"h"[..]));
    let _ = not_a_user::<u8>;

    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/settings", axum::routing::get(settings))
        .with_state(manager);
}
