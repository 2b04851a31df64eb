//! Procedural macros for [`login_runtime`](https://docs.rs/login-runtime):
//! `#[derive(AuthUser)]`, `#[login_required]` and `#[fresh_login_required]`.
//!
//! ```ignore
//! use login_runtime::{AuthUser, CurrentUser, login_required};
//!
//! #[derive(Clone, AuthUser)]
//! struct User {
//!     #[auth(id)]
//!     id: i64,
//!     name: String,
//! }
//!
//! #[login_required]
//! async fn settings(user: CurrentUser<User>) -> String {
//!     format!("settings of {}", user.name)
//! }
//! ```
//!
//! Depend on `login-runtime`, not on this crate: it re-exports the macros, and
//! the code they generate refers to it. The examples here are not compiled
//! (this crate cannot depend on the runtime); the runtime crate's
//! documentation carries the same examples as tested doctests.
//!
//! Generated code reaches the runtime only through absolute paths into
//! `::login_runtime::__private`. A crate that re-exports `login_runtime` under
//! another path passes it with `crate = path` (see each macro).

mod args;
mod ast;
mod attr;
mod diagnostic;
mod expand;
mod fallback;
mod handler;
mod meta;
mod valid;
mod views;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

use crate::handler::GuardKind;

/// Implements `AuthUser` for a struct from its fields.
///
/// ```ignore
/// use login_runtime::AuthUser;
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(active)]
///     active: bool,
///     #[auth(session_hash)]
///     password_hash: String,
///     name: String,
/// }
/// ```
///
/// Tuple structs mark a position instead: `struct User(#[auth(id)] u32, String);`.
///
/// # Field attributes
///
/// ## `#[auth(id)]`, required, on exactly one field
///
/// The field whose value identifies the user in the session. Its type may be
/// any `Display` type; `get_id()` returns it converted with `to_string()`,
/// and the `UserLoader` gets that string back to load the user.
///
/// ## `#[auth(active)]`, optional, on a `bool` field
///
/// `is_active()` and `is_authenticated()` return this field, so that an
/// inactive user cannot log in or stay logged in. Without it, every user is
/// active. The type must be written `bool`; to compute the status instead,
/// implement `AuthUser` by hand.
///
/// ## `#[auth(session_hash)]`, optional, on a field that is `AsRef<[u8]>`
///
/// `session_hash()` returns these bytes, typically the password hash: when
/// they change, sessions started before the change are no longer valid, so
/// changing the password logs the user out everywhere. Without it,
/// `session_hash()` is `None`.
///
/// # Struct attribute
///
/// ## `#[auth(crate = path)]`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[auth(crate = my_framework::login)]`. Defaults to `::login_runtime`.
///
/// # Generics
///
/// Generic structs keep their parameters and `where` clause. The impl adds
/// the bounds it needs: the id field's type is `Display`, the `session_hash`
/// field's type is `AsRef<[u8]>`, and `Self: Clone + Send + Sync + 'static`
/// (the supertraits of `AuthUser`), so it applies to the instantiations that
/// satisfy them.
///
/// # The equivalent code without the macro
///
/// ```ignore
/// impl login_runtime::AuthUser for User {
///     fn get_id(&self) -> String {
///         self.id.to_string()
///     }
///     fn is_active(&self) -> bool {
///         self.active
///     }
///     fn is_authenticated(&self) -> bool {
///         self.is_active()
///     }
///     fn is_anonymous(&self) -> bool {
///         false
///     }
///     fn session_hash(&self) -> Option<&[u8]> {
///         Some(self.password_hash.as_ref())
///     }
/// }
/// ```
///
/// # Errors
///
/// Every mistake is reported at once, on the token at fault: no field or two
/// fields marked `#[auth(id)]`, an `#[auth(active)]` field not of type
/// `bool`, unknown or repeated keys (with a "did you mean" hint), malformed
/// attributes such as `#[auth]` or `#[auth(id = 1)]`, and enums or unions.
/// The derive then still emits a stub impl, so that the mistake is not
/// followed by "`AuthUser` is not implemented" errors wherever the type is
/// used.
///
/// # Limitations
///
/// - Structs only. For an enum, implement `AuthUser` by hand.
/// - The struct must also implement `Clone` (derive it) and be
///   `Send + Sync + 'static`, the supertraits of `AuthUser`.
/// - `#[auth(active)]` is recognised by its written type; a type alias of
///   `bool` is rejected.
/// - `get_id()` allocates a `String` on every call, as `to_string()` does.
#[proc_macro_derive(AuthUser, attributes(auth))]
pub fn derive_auth_user(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Rejects requests to an axum handler unless a user is logged in.
///
/// ```ignore
/// use login_runtime::{CurrentUser, login_required};
///
/// #[login_required]
/// async fn settings(user: CurrentUser<User>) -> String {
///     format!("settings of {}", user.name)
/// }
///
/// let app = axum::Router::new()
///     .route("/settings", axum::routing::get(settings))
///     .with_state(manager); // a `LoginManager<User>`
/// ```
///
/// The macro adds the `LoginRequired` extractor in front of the handler's
/// first parameter. When no user is logged in it rejects the request the way
/// the `LoginManager` is configured to (for example, a redirect to the login
/// page), and the handler does not run. Since it extracts from the request
/// parts only, it combines with any other extractors, including one that
/// reads the body.
///
/// # Arguments
///
/// ## `crate = path`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[login_required(crate = my_framework::login)]`. Defaults to
/// `::login_runtime`.
///
/// # The equivalent code without the macro
///
/// ```ignore
/// use login_runtime::{CurrentUser, LoginRequired};
///
/// async fn settings((_, user): (LoginRequired, CurrentUser<User>)) -> String {
///     format!("settings of {}", user.name)
/// }
/// ```
///
/// The guard shares the first parameter with the first extractor (axum
/// extracts a tuple element by element, the guard first), so the handler keeps
/// its number of parameters: it may still take axum's full sixteen extractors,
/// and `#[axum::debug_handler]` works above or below the attribute. A handler
/// without parameters gets `_: LoginRequired` as its only one. Everything else
/// is kept as written: other attributes in their order, visibility, generics,
/// `where` clause, return type and body.
///
/// # With `#[axum::debug_handler]`
///
/// Either order works; name the state, which `debug_handler` cannot see from
/// the router:
///
/// ```ignore
/// #[login_required]
/// #[axum::debug_handler(state = LoginManager<User>)]
/// async fn settings(user: CurrentUser<User>) -> String {
///     user.get_id()
/// }
/// ```
///
/// # Errors
///
/// Reported on the token at fault, all at once, with the function re-emitted
/// unchanged: applied to anything but a function; a function that is not
/// `async`, or is `const` or `unsafe`; `#[login_required]` and
/// `#[fresh_login_required]` on the same handler; an unknown or repeated
/// argument.
///
/// # Limitations
///
/// - The handler must be an `async fn`. A closure or a `Handler` implemented
///   by hand takes `LoginRequired` as a parameter instead.
/// - The application state must give access to the `LoginManager`
///   (`LoginManager<User>` itself, or a state implementing
///   `HasLoginManager`).
/// - For a handler without parameters, write `#[axum::debug_handler]` below
///   the attribute: above it, `debug_handler` calls a copy of the handler with
///   no arguments, while the guard has become its one parameter.
/// - On `OPTIONS` requests the guard lets the request through unchecked, as
///   Flask-Login does; a `CurrentUser` parameter still needs a user.
#[proc_macro_attribute]
pub fn login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(GuardKind::Login, args.into(), &item.into()).into()
}

/// Rejects requests to an axum handler unless a user is logged in *freshly*:
/// in this session, not restored from a "remember me" cookie.
///
/// ```ignore
/// use login_runtime::{CurrentUser, fresh_login_required};
///
/// #[fresh_login_required]
/// async fn change_password(user: CurrentUser<User>) -> &'static str {
///     "password changed"
/// }
/// ```
///
/// Use it for sensitive actions such as changing a password or an email
/// address. It works like `#[login_required]`, with the `FreshLoginRequired`
/// extractor: a user who is logged in but not freshly is asked to log in
/// again, the way the `LoginManager` is configured to.
///
/// # Arguments
///
/// ## `crate = path`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[fresh_login_required(crate = my_framework::login)]`. Defaults to
/// `::login_runtime`.
///
/// # The equivalent code without the macro
///
/// ```ignore
/// use login_runtime::{CurrentUser, FreshLoginRequired};
///
/// async fn change_password(
///     (_, user): (FreshLoginRequired, CurrentUser<User>),
/// ) -> &'static str {
///     "password changed"
/// }
/// ```
///
/// # Errors
///
/// As for `#[login_required]`. Both on one handler is an error: a fresh login
/// is also a login, so `#[fresh_login_required]` alone says it.
///
/// # Limitations
///
/// As for `#[login_required]`.
#[proc_macro_attribute]
pub fn fresh_login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(GuardKind::FreshLogin, args.into(), &item.into()).into()
}

/// Lets a request through to an axum handler only when nobody is logged in.
#[proc_macro_attribute]
pub fn anonymous_required(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(GuardKind::Anonymous, args.into(), &item.into()).into()
}
