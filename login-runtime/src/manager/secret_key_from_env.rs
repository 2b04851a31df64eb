//! The secret key from the environment, with a throwaway key for development.

use crate::manager::{config_error::ConfigError, secret_key::MIN_KEY_LEN};

/// The secret key in the environment variable `variable`, for
/// [`LoginManagerBuilder::secret_key`](crate::LoginManagerBuilder::secret_key).
///
/// When the variable is unset or empty, a debug build (one with debug assertions, as `cargo run`
/// makes) gets a random key and a warning on stderr: the app starts, but remember cookies and
/// sessions bound to a `session_hash` do not survive a restart. A release build refuses to start
/// without a key instead, so production never signs with a key nobody chose.
///
/// ```
/// let key = login_runtime::manager::secret_key_from_env("SECRET_KEY").expect("set SECRET_KEY");
/// assert!(key.len() >= 32);
/// ```
///
/// # Errors
///
/// [`ConfigError::MissingSecretKey`] in a release build without the variable. A key that is too
/// short is refused later, by [`build`](crate::LoginManagerBuilder::build).
pub fn secret_key_from_env(variable: &str) -> Result<Vec<u8>, ConfigError> {
    let value = std::env::var_os(variable).filter(|value| !value.is_empty());
    let key = key_or_development_key(
        variable,
        value.map(std::ffi::OsString::into_encoded_bytes),
        cfg!(debug_assertions),
    )?;
    if let Key::Generated(_) = &key {
        eprintln!(
            "warning: {variable} is not set, so this development build signs with a random key: \
             remember cookies will not survive a restart. Set {variable} to {MIN_KEY_LEN}+ random \
             bytes; release builds refuse to start without it."
        );
    }
    Ok(key.into_bytes())
}

enum Key {
    Given(Vec<u8>),
    Generated(Vec<u8>),
}

impl Key {
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Self::Given(bytes) | Self::Generated(bytes) => bytes,
        }
    }
}

fn key_or_development_key(
    variable: &str,
    value: Option<Vec<u8>>,
    development: bool,
) -> Result<Key, ConfigError> {
    match value {
        Some(value) => Ok(Key::Given(value)),
        None if development => Ok(Key::Generated(rand::random::<[u8; MIN_KEY_LEN]>().to_vec())),
        None => Err(ConfigError::MissingSecretKey {
            variable: variable.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, key_or_development_key};
    use crate::manager::ConfigError;

    #[test]
    fn a_given_key_is_used_in_every_build() {
        for development in [true, false] {
            let key = key_or_development_key("SECRET_KEY", Some(b"k".repeat(40)), development);
            assert!(matches!(key, Ok(Key::Given(bytes)) if bytes == b"k".repeat(40)));
        }
    }

    #[test]
    fn development_builds_generate_a_fresh_key() {
        let Ok(Key::Generated(first)) = key_or_development_key("SECRET_KEY", None, true) else {
            panic!("no generated key");
        };
        let Ok(Key::Generated(second)) = key_or_development_key("SECRET_KEY", None, true) else {
            panic!("no generated key");
        };
        assert_eq!(first.len(), 32);
        assert_ne!(first, second);
    }

    #[test]
    fn release_builds_refuse_to_start_without_a_key() {
        let Err(error) = key_or_development_key("APP_KEY", None, false) else {
            panic!("a release build got a key");
        };
        assert_eq!(
            error,
            ConfigError::MissingSecretKey {
                variable: "APP_KEY".into()
            }
        );
        assert!(error.to_string().contains("APP_KEY"), "{error}");
    }
}
