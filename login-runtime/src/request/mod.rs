//! One request's view of the login: its session, its login record, the user, loaded lazily.

pub(crate) mod bounded;
pub(crate) mod login_record;
pub(crate) mod request_auth;
pub(crate) mod request_head;
pub(crate) mod request_loader;
pub(crate) mod session_binding;
pub(crate) mod session_data;

pub use request_head::RequestHead;
pub use request_loader::RequestLoader;
