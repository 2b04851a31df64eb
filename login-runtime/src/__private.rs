//! What the macros' generated code refers to. Not a public API: no stability guarantees.

pub use crate::{
    AnonymousRequired, AnonymousRequiredWith, AuthUser, FreshLoginRequired, FreshLoginRequiredWith,
    HandlerViews, LoginRequired, LoginRequiredWith,
};
