//! The app's four users, kept in memory.

use std::convert::Infallible;

use login_runtime::{AuthUser, UserLoader};

/// What a user of the conformance app may do beyond logging in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// `/admin-area`.
    Admin,
    /// `/editor`.
    Editor,
}

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
    /// The password, initially `pw-<id>`: changing it ends the user's other logins.
    #[auth(session_hash)]
    pub password: String,
    /// What the user may do.
    #[auth(permissions)]
    pub permissions: &'static [Permission],
}

/// `(id, name, active, token, permissions)` of each user.
#[allow(clippy::type_complexity, reason = "a table")]
const USERS: [(&str, &str, bool, Option<&str>, &[Permission]); 4] = [
    (
        "1",
        "Notch",
        true,
        Some("token-1"),
        &[Permission::Admin, Permission::Editor],
    ),
    ("2", "Steve", true, Some("token-2"), &[Permission::Editor]),
    ("3", "Creeper", false, Some("token-3"), &[]),
    ("佐藤", "Müller", true, None, &[]),
];

/// Looks users up in the fixed table, with their initial passwords.
#[derive(Debug, Clone, Copy, Default)]
pub struct Users;

impl Users {
    /// The user with this id.
    #[must_use]
    pub fn find(id: &str) -> Option<User> {
        Self::all().find(|user| user.id == id)
    }

    /// Every user, with their initial passwords.
    pub fn all() -> impl Iterator<Item = User> {
        USERS
            .iter()
            .map(|&(id, name, active, token, permissions)| User {
                id,
                name,
                active,
                token,
                password: format!("pw-{id}"),
                permissions,
            })
    }
}

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(Self::find(id))
    }
}
