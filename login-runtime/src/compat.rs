//! The root paths of 0.1 for the names that moved into modules, so that apps written for 0.1
//! still build. Hidden from the docs; removed in the next breaking release.

pub use crate::flash::{Flash, FlashMessage, MAX_FLASH_BYTES, MAX_FLASHES};
pub use crate::guard::{AnonymousRequired, FreshLoginRequired, HandlerViews, LoginRequired};
pub use crate::layer::{LoginLayer, LoginService, ResponseFuture};
pub use crate::loader::BoxError;
pub use crate::login::{LoginHandle, LoginInfo, LoginOutcome, LoginUser};
pub use crate::manager::{
    ConfigError, DEFAULT_LOGIN_MESSAGE, DEFAULT_MESSAGE_CATEGORY, DEFAULT_NEEDS_REFRESH_MESSAGE,
    DEFAULT_PERMANENT_SESSION_LIFETIME, DEFAULT_STORE_TIMEOUT, LoginManagerBuilder,
    secret_key_from_env,
};
pub use crate::password::PasswordUser;
#[cfg(feature = "password")]
pub use crate::password::hash_password;
pub use crate::permissions::{
    PermissionLoader, PermissionOf, PermissionOfUser, PermissionRequired, PermissionSet, Predicate,
    PredicateRequired, RequiredPermissions, UserPermissions,
};
pub use crate::protection::{SessionProtection, TrustedProxies};
pub use crate::redirect::{RequestUrl, login_url, make_next_param, safe_next, safe_redirect};
pub use crate::remember::{DEFAULT_REMEMBER_DURATION, RememberCookie};
pub use crate::request::{RequestHead, RequestLoader};

/// 0.1's [`LoginRequired`] with a handler's views.
#[deprecated(note = "use `guard::LoginRequired<V>`")]
pub type LoginRequiredWith<V> = LoginRequired<V>;
/// 0.1's [`FreshLoginRequired`] with a handler's views.
#[deprecated(note = "use `guard::FreshLoginRequired<V>`")]
pub type FreshLoginRequiredWith<V> = FreshLoginRequired<V>;
/// 0.1's [`AnonymousRequired`] with a handler's views.
#[deprecated(note = "use `guard::AnonymousRequired<V>`")]
pub type AnonymousRequiredWith<V> = AnonymousRequired<V>;
/// 0.1's name of the views that set nothing.
#[deprecated(note = "use `()`, the default views of every guard")]
pub type DefaultViews = ();
/// 0.1's name of the service of the [`LoginPolicy`](crate::LoginPolicy) layer.
#[deprecated(note = "name it `<LoginPolicy as Layer<S>>::Service`")]
pub type PolicyService<S> = <crate::LoginPolicy as tower_layer::Layer<S>>::Service;
