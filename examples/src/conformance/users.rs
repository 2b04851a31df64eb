//! The app's four users, kept in memory.

use std::convert::Infallible;

use login_runtime::{AuthUser, UserLoader};

/// A user of the conformance app.
#[derive(Debug, Clone, AuthUser)]
pub struct User {
    /// The id, as in the contract's table.
    #[auth(id)]
    pub id: &'static str,
    /// The display name.
    pub name: &'static str,
    /// Inactive users are refused at login unless forced.
    #[auth(active)]
    pub active: bool,
    /// The API token accepted by the request loader.
    pub token: Option<&'static str>,
}

const USERS: [User; 4] = [
    User {
        id: "1",
        name: "Notch",
        active: true,
        token: Some("token-1"),
    },
    User {
        id: "2",
        name: "Steve",
        active: true,
        token: Some("token-2"),
    },
    User {
        id: "3",
        name: "Creeper",
        active: false,
        token: Some("token-3"),
    },
    User {
        id: "佐藤",
        name: "Müller",
        active: true,
        token: None,
    },
];

/// Looks users up in the fixed table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Users;

impl Users {
    /// The user with this id.
    #[must_use]
    pub fn find(id: &str) -> Option<User> {
        Self::all().find(|user| user.id == id)
    }

    /// Every user.
    pub fn all() -> impl Iterator<Item = User> {
        USERS.iter().cloned()
    }
}

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(Self::find(id))
    }
}
