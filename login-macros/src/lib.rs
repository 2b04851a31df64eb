//! Procedural macros for [`login_runtime`](https://docs.rs/login-runtime):
//! `#[derive(AuthUser)]`, `#[login_required]`, `#[fresh_login_required]` and
//! `#[anonymous_required]`.
//!
//! ```
//! use login_runtime::{AuthUser, CurrentUser, anonymous_required, login_required};
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
//!
//! #[anonymous_required(redirect_to = "/settings")]
//! async fn login_page() -> &'static str {
//!     "<form method=post>...</form>"
//! }
//! ```
//!
//! Depend on `login-runtime`, not on this crate: it re-exports the macros, and
//! the code they generate refers to it. (This crate's examples are tested
//! against the runtime, a dev-dependency.)
//!
//! Generated code reaches the runtime only through absolute paths into
//! `::login_runtime::__private`. A crate that re-exports `login_runtime` under
//! another path passes it with `crate = path` (see each macro).

mod ast;
mod attr;
mod diagnostic;
mod expand;
mod fallback;
mod guard;
mod meta;
mod permissions;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

use crate::guard::GuardKind;

/// Implements `AuthUser` for a struct from its fields.
///
/// ```
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
///
/// let user = User { id: 7, active: true, password_hash: "hash".into(), name: "Ada".into() };
/// assert_eq!(user.get_id(), "7");
/// assert!(user.is_authenticated());
/// assert_eq!(user.session_hash(), Some(&b"hash"[..]));
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
/// ## `#[auth(permissions)]`, optional, on a collection of permissions
///
/// The user holds these permissions (or roles): `#[derive(AuthUser)]` then
/// also implements `UserPermissions`, which
/// `#[login_required(permission = ..)]` checks. The field is a `Vec`,
/// `HashSet`, `BTreeSet`, array or boxed slice of an enum that derives
/// `PartialEq, Eq, Hash`, or of `String`.
///
/// ```
/// use login_runtime::{AuthUser, permissions::UserPermissions};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// enum Permission {
///     Admin,
///     Editor,
/// }
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(permissions)]
///     permissions: Vec<Permission>,
/// }
///
/// let user = User { id: 1, permissions: vec![Permission::Editor] };
/// assert!(user.has_permission(&Permission::Editor));
/// assert!(!user.has_permission(&Permission::Admin));
/// ```
///
/// Its equivalent without the macro:
///
/// ```
/// # use std::{borrow::Borrow, hash::Hash};
/// # #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] enum Permission { Admin }
/// # #[derive(Clone, login_runtime::AuthUser)] struct User { #[auth(id)] id: i64, permissions: Vec<Permission> }
/// impl login_runtime::permissions::UserPermissions for User {
///     type Permission = Permission;
///
///     fn has_permission<Q>(&self, permission: &Q) -> bool
///     where
///         Q: ?Sized + Eq + Hash,
///         Permission: Borrow<Q>,
///     {
///         self.permissions.iter().any(|held| held.borrow() == permission)
///     }
/// }
/// ```
///
/// # Struct attribute
///
/// ## `#[auth(password_hash)]`, optional, on a `String` or `Option<String>` field
///
/// Implements `login_runtime::password::PasswordUser` as well: `password_hash()`
/// returns the field (a PHC string such as `$argon2id$...`; `None` is an
/// account without a password), and `verify_password(password).await`
/// checks a password against it with argon2, on tokio's blocking pool so
/// that hashing never stalls other requests. `login_runtime::password::hash_password`
/// makes the hash of a new password. Needs the runtime's `password` feature;
/// without it, the attribute is an error that says so. Mark the same field
/// `#[auth(session_hash)]` too, so that a new password logs out every other
/// session.
///
/// ```
/// use login_runtime::{AuthUser, password::PasswordUser};
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(password_hash, session_hash)]
///     password_hash: String,
/// }
///
/// async fn check(user: &User, password: &str) -> bool {
///     user.verify_password(password).await
/// }
/// ```
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
/// ```
/// use login_runtime::AuthUser;
///
/// #[derive(Clone, AuthUser)]
/// struct User<Id> {
///     #[auth(id)]
///     id: Id,
/// }
///
/// assert_eq!(User { id: 3_u8 }.get_id(), "3");
/// ```
///
/// # The equivalent code without the macro
///
/// ```
/// # #[derive(Clone)]
/// # struct User { id: i64, active: bool, password_hash: String }
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
/// used. An id type that is not `Display`, or a `session_hash` type that is
/// not `AsRef<[u8]>`, is reported on the field's type in the same terms.
///
/// No field marked `#[auth(id)]`:
///
/// ```compile_fail
/// #[derive(Clone, login_runtime::AuthUser)]
/// struct User {
///     id: i64,
/// }
/// ```
///
/// `#[auth(active)]` on a field that is not a `bool`:
///
/// ```compile_fail
/// #[derive(Clone, login_runtime::AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(active)]
///     active: Option<bool>,
/// }
/// ```
///
/// A `session_hash` field that is not bytes:
///
/// ```compile_fail
/// #[derive(Clone, login_runtime::AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(session_hash)]
///     password_hash: u64,
/// }
/// ```
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
/// ```
/// use login_runtime::{AuthUser, CurrentUser, LoginManager, login_required};
/// # use login_runtime::UserLoader;
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     name: String,
/// }
/// # struct Users;
/// # impl UserLoader for Users {
/// #     type User = User;
/// #     type Error = std::convert::Infallible;
/// #     async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> { Ok(None) }
/// # }
///
/// #[login_required]
/// async fn settings(user: CurrentUser<User>) -> String {
///     format!("settings of {}", user.name)
/// }
///
/// #[login_required(login_view = "/admin/login")]
/// async fn admin() -> &'static str {
///     "admins only"
/// }
///
/// let app: axum::Router = axum::Router::new()
///     .route("/settings", axum::routing::get(settings))
///     .route("/admin", axum::routing::get(admin))
///     .with_state(LoginManager::new(Users));
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
/// ## `login_view = "..."`
///
/// Where this handler sends anonymous visitors, instead of the router's
/// `LoginPolicy` or the manager's `login_view`: a path on this site
/// (`"/admin/login"`) or an absolute `http`/`https` URL
/// (`"https://sso.example.com/login"`). It is checked at compile time: a
/// string literal that starts with one `/` or is an `http(s)://` URL with a
/// host, with no whitespace, control character or backslash.
///
/// ## `state = Type`
///
/// The router state the handler is routed with, checked at compile time to
/// hold the login manager (`LoginManager<User>` itself, or a type implementing
/// `HasLoginManager`), with the error on `Type` itself:
///
/// ```compile_fail
/// # use login_runtime::login_required;
/// #[derive(Clone)]
/// struct AppState; // holds no `LoginManager`
///
/// #[login_required(state = AppState)] // error: the router state `AppState` does not hold a `LoginManager`
/// async fn settings() -> &'static str {
///     "settings"
/// }
/// ```
///
/// A router without `.with_state(..)` has the state `()`, and axum reports a
/// guarded handler routed there only as "the trait bound `fn(..) {settings}:
/// Handler<_, ()>` is not satisfied": add `.with_state(manager)` (or your
/// state holding it) to the router.
///
/// ## `permission = ..`, `permissions = [..]`, `predicate = ..`
///
/// What the user needs beyond a login, at most one of them; a logged-in user
/// who lacks it gets `403 Forbidden` (see `forbidden`), an anonymous visitor
/// the usual unauthorized flow.
///
/// ```
/// use login_runtime::{AuthUser, login_required};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// enum Permission {
///     Admin,
///     Editor,
/// }
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: i64,
///     #[auth(permissions)]
///     permissions: Vec<Permission>,
/// }
///
/// #[login_required(permission = Permission::Admin)]
/// async fn admin_area() -> &'static str {
///     "Admin Area"
/// }
///
/// #[login_required(permissions = [Permission::Admin, Permission::Editor])] // all of them
/// async fn publish() -> &'static str {
///     "Published"
/// }
///
/// fn is_first(user: &User) -> bool {
///     user.id == 1
/// }
///
/// #[login_required(predicate = is_first)] // or `predicate = async f` for an `async fn(&User) -> bool`
/// async fn first() -> &'static str {
///     "First!"
/// }
/// ```
///
/// A permission is written with its type (`Permission::Admin`,
/// `Permission::Project(7)`, `Permission::OWNER`) or is a string literal, for
/// users whose permissions are `String`s. It is emitted with its own tokens,
/// so a misspelt variant is reported on it:
///
/// ```compile_fail
/// # #[derive(Clone, Copy, PartialEq, Eq, Hash)] enum Permission { Admin }
/// #[login_runtime::login_required(permission = Permission::Admn)] // error: no variant named `Admn`
/// async fn admin_area() -> &'static str {
///     "Admin Area"
/// }
/// ```
///
/// The permissions are checked on the user value first, then, if one is
/// missing and the manager has a `PermissionLoader`, on the loaded ones (at
/// most one load per request). A permission of a type the user type does not
/// have is a compile error where the handler is routed, or on the permission
/// itself with `state = ..`.
///
/// ## `forbidden = answer`
///
/// This handler's answer to a logged-in user who lacks the permission,
/// instead of the router's `LoginPolicyBuilder::forbidden_handler` and the manager's
/// `forbidden_handler`: a function `fn(RequestHead<'_>) -> impl IntoResponse`.
///
/// ## `crate = path`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[login_required(crate = my_framework::login)]`. Defaults to
/// `::login_runtime`.
///
/// # The equivalent code without the macro
///
/// ```
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64, name: String }
/// use login_runtime::{CurrentUser, guard::LoginRequired};
///
/// async fn settings((_, user): (LoginRequired, CurrentUser<User>)) -> String {
///     format!("settings of {}", user.name)
/// }
/// ```
///
/// With `permission`, `permissions` or `predicate`, the guard is
/// `PermissionRequired<R>` or `PredicateRequired<P>`, where the macro
/// implements `RequiredPermissions` or `Predicate` on a hidden type next to
/// the handler. By hand:
///
/// ```
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] enum Permission { Admin }
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64, #[auth(permissions)] permissions: Vec<Permission> }
/// use login_runtime::{permissions::{PermissionRequired, Predicate, PredicateRequired, RequiredPermissions}};
///
/// struct Admin;
///
/// impl RequiredPermissions for Admin {
///     type Permission = Permission;
///     const ALL: &'static [&'static Permission] = &[&Permission::Admin];
/// }
///
/// async fn admin_area(_: PermissionRequired<Admin>) -> &'static str {
///     "Admin Area"
/// }
///
/// struct IsFirst;
///
/// impl Predicate<User> for IsFirst {
///     async fn allows(user: &User) -> bool {
///         user.id == 1
///     }
/// }
///
/// async fn first(_: PredicateRequired<IsFirst>) -> &'static str {
///     "First!"
/// }
/// ```
///
/// The hidden type is an item next to the handler, so permission arguments
/// need a free function; a method's routes take
/// `PermissionRequired::<R>::layer(state)` on the router instead. A predicate
/// is called with the user as the type it takes, which is checked when a
/// request reaches it: a predicate written for another user type denies every
/// request and logs an error.
///
/// The guard shares a parameter with an extractor (axum extracts a tuple
/// element by element, the guard first), so the handler keeps its number of
/// parameters: it may still take axum's full sixteen extractors, and
/// `#[axum::debug_handler]` works above or below the attribute. It shares the
/// first parameter that carries no attribute and is not `State<..>`: an
/// attribute such as `#[cfg]` may remove its parameter, and must not remove the
/// guard with it. A handler with no such parameter gets the guard as a
/// parameter of its own, first. The body starts with a use of the guard's
/// binding, so a signature without the guard, whatever removed it, does not
/// compile. Everything else is kept as written: other attributes in their
/// order, visibility, generics, `where` clause, return type and body.
///
/// When that parameter is a `CurrentUser<..>` and the attribute has no view or
/// permission arguments, no guard is added: extracting `CurrentUser` already
/// refuses anonymous and inactive visitors, with the same answer through the
/// same policy and settings. This keeps such a handler as cheap to compile as
/// one without the attribute. The parameter's type is then written
/// `LoginChecked<CurrentUser<..>>`, an alias of the same type that exists only
/// for the runtime's `CurrentUser`: a type of your own with that name is a
/// compile error on it, never a handler left unguarded.
///
/// With view arguments, the guard is `LoginRequired<V>`, where `V`
/// implements `HandlerViews`. The macro writes the views into `V` itself, a
/// type of the runtime's hidden module that spells the text in its const
/// parameters, so it emits no item next to the handler and works wherever a
/// function can be written: in `impl` blocks, function bodies and macros. By
/// hand, a type of your own does the same:
///
/// ```
/// use login_runtime::guard::{HandlerViews, LoginRequired};
///
/// struct AdminViews;
///
/// impl HandlerViews for AdminViews {
///     const LOGIN_VIEW: Option<&'static str> = Some("/admin/login");
/// }
///
/// async fn admin(_: LoginRequired<AdminViews>) -> &'static str {
///     "admins only"
/// }
/// ```
///
/// # With `#[axum::debug_handler]`
///
/// Either order works; name the state, which `debug_handler` cannot see from
/// the router. Above the attribute, `debug_handler` checks each extractor as
/// written, which gives the most precise errors (such as "`User` is not a user
/// type" on `CurrentUser<User>`); below it, it checks the first parameter with
/// the guard folded in, and reports a problem there less precisely. For a
/// handler without parameters, write it below (see Limitations).
///
/// ```
/// # use login_runtime::{AuthUser, CurrentUser, LoginManager, login_required};
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64 }
/// #[axum::debug_handler(state = LoginManager<User>)]
/// #[login_required]
/// async fn settings(user: CurrentUser<User>) -> String {
///     user.get_id()
/// }
/// ```
///
/// # Errors
///
/// Reported on the token at fault, all at once, with the function re-emitted
/// unchanged so that the rest of the crate still compiles: applied to
/// anything but a function; a function that is not `async`, or is `const` or
/// `unsafe`; two guard attributes on the same handler; an unknown, misplaced
/// or repeated argument (with a "did you mean" hint); a view that is not a
/// string literal, not a valid path or URL, or longer than 256 bytes.
///
/// A handler that is not `async`:
///
/// ```compile_fail
/// #[login_runtime::login_required]
/// fn settings() -> &'static str {
///     "settings"
/// }
/// ```
///
/// A relative `login_view`, which would depend on the page that refuses the
/// request:
///
/// ```compile_fail
/// #[login_runtime::login_required(login_view = "admin/login")]
/// async fn admin() -> &'static str {
///     "admins only"
/// }
/// ```
///
/// An argument of another attribute (`refresh_view` belongs to
/// `#[fresh_login_required]`):
///
/// ```compile_fail
/// #[login_runtime::login_required(refresh_view = "/reauthenticate")]
/// async fn admin() -> &'static str {
///     "admins only"
/// }
/// ```
///
/// # Limitations
///
/// - The handler must be an `async fn`. A closure or a `Handler` implemented
///   by hand takes `LoginRequired` as a parameter instead.
/// - The application state must give access to the `LoginManager`
///   (`LoginManager<User>` itself, or a state implementing
///   `HasLoginManager`).
/// - For a handler whose only parameters are `State<..>` or carry attributes
///   (or that has none), write `#[axum::debug_handler]` below the attribute:
///   above it, `debug_handler` calls a copy of the handler with its original
///   number of arguments, while the guard has become a parameter of its own.
///   rustc then reports `this function takes 1 argument but 0 arguments were
///   supplied` on `#[axum::debug_handler]`, with `argument #1 of type
///   LoginRequired is missing`.
/// - An attribute macro applied after this one (written below it) sees the
///   rewritten signature. If it removes the guard's parameter, the handler no
///   longer compiles: the body uses the guard's binding.
/// - On `OPTIONS` requests the guard lets the request through unchecked, as
///   Flask-Login does; a `CurrentUser` parameter still needs a user.
#[proc_macro_attribute]
pub fn login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    guard::expand(GuardKind::Login, args.into(), &item.into()).into()
}

/// Rejects requests to an axum handler unless a user is logged in *freshly*:
/// in this session, not restored from a "remember me" cookie.
///
/// ```
/// use login_runtime::{CurrentUser, fresh_login_required};
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64 }
///
/// #[fresh_login_required]
/// async fn change_password(user: CurrentUser<User>, new_password: String) -> &'static str {
///     "password changed"
/// }
///
/// #[fresh_login_required(refresh_view = "/admin/reauthenticate")]
/// async fn rotate_keys(user: CurrentUser<User>) -> &'static str {
///     "keys rotated"
/// }
/// ```
///
/// Use it for sensitive actions such as changing a password or an email
/// address. It works like [`macro@login_required`], with the
/// `FreshLoginRequired` extractor: anonymous visitors are sent to the login
/// view, and a user who is logged in but not freshly is asked to log in again
/// at the refresh view, the way the `LoginManager` is configured to.
///
/// # Arguments
///
/// ## `login_view = "..."`
///
/// Where this handler sends anonymous visitors, as for
/// [`macro@login_required`].
///
/// ## `refresh_view = "..."`
///
/// Where this handler sends users whose login is not fresh, instead of the
/// router's `LoginPolicy` or the manager's `refresh_view`. Checked at compile
/// time like `login_view`.
///
/// ## `state = Type`
///
/// Checks at compile time that the router state holds the login manager, as
/// for [`macro@login_required`].
///
/// ## `crate = path`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[fresh_login_required(crate = my_framework::login)]`. Defaults to
/// `::login_runtime`.
///
/// # The equivalent code without the macro
///
/// ```
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64 }
/// use login_runtime::{CurrentUser, guard::{FreshLoginRequired, HandlerViews}};
///
/// async fn change_password(
///     (_, user): (FreshLoginRequired, CurrentUser<User>),
///     new_password: String,
/// ) -> &'static str {
///     "password changed"
/// }
///
/// struct AdminViews;
///
/// impl HandlerViews for AdminViews {
///     const REFRESH_VIEW: Option<&'static str> = Some("/admin/reauthenticate");
/// }
///
/// async fn rotate_keys(
///     (_, user): (FreshLoginRequired<AdminViews>, CurrentUser<User>),
/// ) -> &'static str {
///     "keys rotated"
/// }
/// ```
///
/// # Errors
///
/// As for [`macro@login_required`]. Both on one handler is an error: a fresh
/// login is also a login, so `#[fresh_login_required]` alone says it.
///
/// ```compile_fail
/// use login_runtime::{fresh_login_required, login_required};
///
/// #[login_required]
/// #[fresh_login_required]
/// async fn change_password() -> &'static str {
///     "password changed"
/// }
/// ```
///
/// # Limitations
///
/// As for [`macro@login_required`].
#[proc_macro_attribute]
pub fn fresh_login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    guard::expand(GuardKind::FreshLogin, args.into(), &item.into()).into()
}

/// Lets a request through to an axum handler only when nobody is logged in:
/// for the login and sign-up pages.
///
/// ```
/// use axum::Form;
/// use axum::response::Redirect;
/// use login_runtime::anonymous_required;
///
/// #[derive(serde::Deserialize)]
/// struct Credentials {
///     email: String,
///     password: String,
/// }
///
/// #[anonymous_required]
/// async fn login_page() -> &'static str {
///     "<form method=post>...</form>"
/// }
///
/// #[anonymous_required(redirect_to = "/dashboard")]
/// async fn login(Form(credentials): Form<Credentials>) -> Redirect {
///     // Check the credentials, then `LoginUser` the user in.
///     Redirect::to("/dashboard")
/// }
/// ```
///
/// The macro adds the `AnonymousRequired` extractor in front of the handler's
/// first parameter, as [`macro@login_required`] does. A user who is already
/// logged in gets a `303 See Other` to the manager's `authenticated_redirect`
/// (default `/`), and the handler does not run.
///
/// # Arguments
///
/// ## `redirect_to = "..."`
///
/// Where this handler sends users who are logged in, instead of the manager's
/// `authenticated_redirect`. Checked at compile time like
/// [`macro@login_required`]'s `login_view`.
///
/// ## `state = Type`
///
/// Checks at compile time that the router state holds the login manager, as
/// for [`macro@login_required`].
///
/// ## `crate = path`
///
/// The path of the `login_runtime` crate, for crates that re-export it:
/// `#[anonymous_required(crate = my_framework::login)]`. Defaults to
/// `::login_runtime`.
///
/// # The equivalent code without the macro
///
/// ```
/// use login_runtime::guard::{AnonymousRequired, HandlerViews};
///
/// async fn login_page(_: AnonymousRequired) -> &'static str {
///     "<form method=post>...</form>"
/// }
///
/// struct SignUpViews;
///
/// impl HandlerViews for SignUpViews {
///     const AUTHENTICATED_REDIRECT: Option<&'static str> = Some("/dashboard");
/// }
///
/// async fn sign_up((_, body): (AnonymousRequired<SignUpViews>, String)) -> String {
///     body
/// }
/// ```
///
/// # Errors
///
/// As for [`macro@login_required`]; besides, `#[anonymous_required]` together
/// with `#[login_required]` or `#[fresh_login_required]` on one handler, and a
/// `CurrentUser` parameter, which would refuse every request that the guard
/// lets through (take `Visitor<User>` or `Option<CurrentUser<User>>` to see
/// who is visiting):
///
/// ```compile_fail
/// # use login_runtime::AuthUser;
/// # #[derive(Clone, AuthUser)] struct User { #[auth(id)] id: i64 }
/// use login_runtime::{CurrentUser, anonymous_required};
///
/// #[anonymous_required]
/// async fn login_page(user: CurrentUser<User>) -> String {
///     user.get_id()
/// }
/// ```
///
/// `login_view` belongs to the other attributes; here `redirect_to` says where
/// logged-in users go:
///
/// ```compile_fail
/// #[login_runtime::anonymous_required(login_view = "/login")]
/// async fn sign_up() -> &'static str {
///     "sign up"
/// }
/// ```
///
/// # Limitations
///
/// As for [`macro@login_required`]. The check is `is_authenticated()`: a user
/// who is logged in but inactive counts as anonymous here. `OPTIONS` requests
/// pass unchecked.
#[proc_macro_attribute]
pub fn anonymous_required(args: TokenStream, item: TokenStream) -> TokenStream {
    guard::expand(GuardKind::Anonymous, args.into(), &item.into()).into()
}
