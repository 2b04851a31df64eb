//! Where to send a visitor: the login view with `next`, and back to a safe `next` afterwards.

pub(crate) mod login_url;
pub(crate) mod safe_next;
pub(crate) mod safe_redirect;
pub(crate) mod session_next;

pub use login_url::{RequestUrl, login_url, make_next_param};
pub use safe_next::safe_next;
pub use safe_redirect::safe_redirect;
pub use session_next::NextUrl;
