//! One request's view of the login: its session, its login record, the user, loaded lazily.
//!
//! A guarded request goes: the extractor builds a `RequestAuth` (`request_auth.rs`), which loads
//! the user once (`session_login.rs`: the session's `login_record`, checked against the login
//! store, session protection and `session_binding`; else `crate::remember`; else a
//! [`RequestLoader`]).

pub(crate) mod bounded;
pub(crate) mod login_changes;
pub(crate) mod login_record;
pub(crate) mod request_auth;
pub(crate) mod request_head;
pub(crate) mod request_loader;
pub(crate) mod session_binding;
pub(crate) mod session_data;
pub(crate) mod session_login;

pub(crate) use request_auth::RequestAuth;
pub use request_head::RequestHead;
pub use request_loader::RequestLoader;
