//! The checks `#[login_required]`, `#[fresh_login_required]` and `#[anonymous_required]` put in
//! a handler, as extractors, and what a refused request answers.

pub(crate) mod encoded_views;
pub(crate) mod guards;
pub(crate) mod handler_views;
pub(crate) mod login_checked;
pub(crate) mod refusal;

pub use guards::{AnonymousRequired, FreshLoginRequired, LoginRequired};
pub use handler_views::HandlerViews;
