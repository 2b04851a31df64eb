//! The login manager, its settings and their defaults.

pub(crate) mod builder;
pub(crate) mod config_error;
pub(crate) mod login_manager;
pub(crate) mod secret_key;
pub(crate) mod secret_key_from_env;
pub(crate) mod settings;
pub(crate) mod state;

pub use crate::request::bounded::DEFAULT_STORE_TIMEOUT;
pub use builder::LoginManagerBuilder;
pub use config_error::ConfigError;
pub use login_manager::LoginManager;
pub use secret_key_from_env::secret_key_from_env;
pub use settings::{
    DEFAULT_LOGIN_MESSAGE, DEFAULT_MESSAGE_CATEGORY, DEFAULT_NEEDS_REFRESH_MESSAGE,
    DEFAULT_PERMANENT_SESSION_LIFETIME,
};
pub use state::HasLoginManager;
