//! The users of one app instance with the passwords they changed: what `/password/{value}`
//! changes and the login manager loads.

use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, PoisonError, RwLock},
};

use login_runtime::UserLoader;

use super::{User, Users};

/// The fixed users, each with the password set last (initially `pw-<id>`). Clones share one
/// table.
#[derive(Debug, Clone, Default)]
pub struct Accounts(Arc<RwLock<HashMap<String, String>>>);

impl Accounts {
    /// The user with this id, with their current password.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<User> {
        let mut user = Users::find(id)?;
        let passwords = self.0.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(password) = passwords.get(id) {
            user.password.clone_from(password);
        }
        Some(user)
    }

    /// Sets the password of user `id`.
    pub fn set_password(&self, id: &str, password: &str) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_owned(), password.to_owned());
    }
}

impl UserLoader for Accounts {
    type User = User;
    type Error = Infallible;

    async fn load_user(&self, id: &str) -> Result<Option<User>, Infallible> {
        Ok(self.find(id))
    }
}
