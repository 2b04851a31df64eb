//! Settings that cannot work, refused when the manager is built.

use std::fmt;

use crate::manager::secret_key::MIN_KEY_LEN;

/// A [`LoginManagerBuilder`](crate::manager::LoginManagerBuilder) setting that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A view (such as the login view) is neither a local path nor an absolute http(s) URL.
    InvalidView {
        /// The setting's name.
        setting: &'static str,
        /// The value given.
        value: String,
    },
    /// A secret key (current or fallback) is shorter than 32 bytes.
    SecretKeyTooShort {
        /// The length given, in bytes.
        len: usize,
    },
    /// A remember store is set without a secret key to sign the cookies.
    RememberStoreWithoutKey,
    /// The remember cookie's name is empty or holds characters a cookie name cannot.
    InvalidCookieName(String),
    /// A trusted proxy entry is neither an IP network nor an IP address.
    InvalidProxy(String),
    /// A release build found no secret key in the environment variable
    /// ([`secret_key_from_env`](crate::manager::secret_key_from_env)).
    MissingSecretKey {
        /// The variable's name.
        variable: String,
    },
}

impl ConfigError {
    pub(crate) fn check_view(setting: &'static str, value: &str) -> Result<(), Self> {
        login_view_url::check(value).map_err(|_| Self::InvalidView {
            setting,
            value: value.to_owned(),
        })
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidView { setting, value } => {
                write!(
                    f,
                    "`{setting}` must be a path starting with `/` or an absolute http(s) URL, got {value:?}"
                )?;
                if let Err(reason) = login_view_url::check(value) {
                    write!(f, ": {reason}")?;
                }
                Ok(())
            }
            Self::SecretKeyTooShort { len } => write!(
                f,
                "secret keys must be at least {MIN_KEY_LEN} bytes (256 bits) of random data, got {len} bytes"
            ),
            Self::RememberStoreWithoutKey => f.write_str(
                "`remember_store` is set but `secret_key` is not: remember cookies must be signed",
            ),
            Self::InvalidCookieName(name) => write!(f, "invalid remember cookie name {name:?}"),
            Self::InvalidProxy(entry) => write!(
                f,
                "trusted proxy {entry:?} is neither an IP network (`10.0.0.0/8`) nor an IP address"
            ),
            Self::MissingSecretKey { variable } => write!(
                f,
                "{variable} is not set: release builds need a secret key of {MIN_KEY_LEN}+ random bytes (debug builds generate one)"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::ConfigError;

    #[test]
    fn views_are_local_paths_or_absolute_http_urls() {
        for good in [
            "/login",
            "/login?lang=de",
            "http://auth.example/login",
            "HTTPS://a.example",
        ] {
            assert_eq!(
                ConfigError::check_view("login_view", good),
                Ok(()),
                "{good}"
            );
        }
        for bad in [
            "",
            "login",
            "//evil.example",
            "/\\evil.example",
            "https:///x",
            "http://",
            "https://user@:80/",
            "javascript:alert(1)",
            "/log in",
            "/login\n",
            "ftp://files.example",
        ] {
            assert!(
                ConfigError::check_view("login_view", bad).is_err(),
                "{bad:?}"
            );
        }
    }
}
