//! Password checks for user types that mark their password hash with `#[auth(password_hash)]`.

#[cfg(feature = "password")]
use std::future::Future;

/// A user with a password: implemented by `#[derive(AuthUser)]` for the field marked
/// `#[auth(password_hash)]` (a `String`, or an `Option<String>` for accounts without a
/// password). With the `password` feature, it checks passwords against the hash with argon2
/// (the `password-auth` crate), off the async runtime.
///
/// ```
/// use login_runtime::{AuthUser, password::{PasswordUser, hash_password}};
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(password_hash, session_hash)] // a new password also logs out every session
///     password_hash: String,
/// }
///
/// # #[cfg(feature = "password")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let user = User { id: 1, password_hash: hash_password("correct horse").await };
/// assert!(user.verify_password("correct horse").await);
/// assert!(!user.verify_password("battery staple").await);
/// # }
/// # #[cfg(not(feature = "password"))]
/// # fn main() {}
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no password hash",
    label = "`{Self}` does not implement `PasswordUser`",
    note = "mark the password hash field of `{Self}` with `#[auth(password_hash)]`"
)]
pub trait PasswordUser: Send + Sync {
    /// The password hash in PHC string format (`$argon2id$...`), or `None` for an account that
    /// cannot log in with a password.
    fn password_hash(&self) -> Option<&str>;

    /// Whether `password` matches the hash: argon2 (or any scheme `password-auth` reads) runs on
    /// tokio's blocking pool, so a slow hash never stalls other requests. `false` for an account
    /// without a password hash and for a malformed hash.
    ///
    /// To keep unknown usernames from answering faster than wrong passwords, verify against a
    /// hash of your own when no user is found.
    #[cfg(feature = "password")]
    fn verify_password(&self, password: &str) -> impl Future<Output = bool> + Send {
        let hash = self.password_hash().map(str::to_owned);
        let password = password.to_owned();
        async move {
            let Some(hash) = hash else {
                return false;
            };
            off_runtime(move || password_auth::verify_password(password, &hash).is_ok())
                .await
                .unwrap_or(false)
        }
    }
}

/// A hash of a new `password`, for an `#[auth(password_hash)]` field: argon2id with a random
/// salt in PHC string format, computed on tokio's blocking pool.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let hash = login_runtime::password::hash_password("correct horse").await;
/// assert!(hash.starts_with("$argon2id$"));
/// # }
/// ```
///
/// # Panics
///
/// When the runtime shuts down during the hash.
#[cfg(feature = "password")]
pub async fn hash_password(password: &str) -> String {
    let password = password.to_owned();
    off_runtime(move || password_auth::generate_hash(password))
        .await
        .expect("the runtime shut down while hashing a password")
}

/// Runs `work` on the blocking pool; `None` when the runtime shuts down first. A panic in
/// `work` is resumed here.
#[cfg(feature = "password")]
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => Some(value),
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => None,
        },
    }
}

/// Implemented when the `password` feature is on: `#[auth(password_hash)]` asks for it, so that
/// forgetting the feature is one clear error rather than a missing method.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`#[auth(password_hash)]` needs the `password` feature of `login-runtime`",
    label = "used here",
    note = "add `features = [\"password\"]` to the `login-runtime` dependency in Cargo.toml"
)]
pub trait PasswordFeature {}

#[cfg(feature = "password")]
impl<T: ?Sized> PasswordFeature for T {}
