//! The users every app serves, looked up in a `HashMap` as a cached user table would be.

use std::{collections::HashMap, sync::Arc};

/// The id of the user the benchmarks log in as.
pub const LOGGED_IN: u32 = 7;

/// A user as an app keeps it; each library's user type wraps one.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: u32,
    pub name: String,
    pub password_hash: String,
}

/// A shared, read-only user table.
#[derive(Debug, Clone)]
pub struct Directory<U>(Arc<HashMap<u32, U>>);

impl<U: Clone> Directory<U> {
    /// A table of 100 users, each made from its [`Account`].
    pub fn new(make: impl Fn(Account) -> U) -> Self {
        Self(Arc::new(
            (1..=100)
                .map(|id| {
                    let account = Account {
                        id,
                        name: format!("user {id}"),
                        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt{id}$hash{id}"),
                    };
                    (id, make(account))
                })
                .collect(),
        ))
    }

    /// The user with `id`, cloned out of the table as a loader returns it.
    pub fn get(&self, id: u32) -> Option<U> {
        self.0.get(&id).cloned()
    }
}
