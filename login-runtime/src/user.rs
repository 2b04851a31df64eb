//! The user trait implemented by `#[derive(AuthUser)]`, and the anonymous user.

/// A user that can log in: the runtime's view of your user type.
///
/// Derive it with [`#[derive(AuthUser)]`](crate::AuthUser), which reads the field attributes
/// `#[auth(id)]`, `#[auth(active)]` and `#[auth(session_hash)]`:
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
///     name: String,
/// }
///
/// let user = User { id: 7, active: true, name: "Ada".into() };
/// assert_eq!(user.get_id(), "7");
/// assert!(user.is_authenticated());
/// assert!(!user.is_anonymous());
/// ```
///
/// The methods mirror Flask-Login's `UserMixin`: `is_authenticated` equals `is_active` (as in
/// Flask-Login 0.6 and later), and `is_anonymous` is always `false` for a real user.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a user type",
    label = "`{Self}` does not implement `AuthUser`",
    note = "add `#[derive(AuthUser)]` to `{Self}` and mark its id field with `#[auth(id)]`"
)]
pub trait AuthUser: Clone + Send + Sync + 'static {
    /// The id stored in the session and handed back to [`UserLoader::load_user`](crate::UserLoader::load_user).
    fn get_id(&self) -> String;

    /// Whether the account may log in. Inactive users are refused by
    /// [`AuthSession::login_user`](crate::AuthSession::login_user) unless forced.
    fn is_active(&self) -> bool {
        true
    }

    /// Whether the user passes `#[login_required]`: the same as [`is_active`](Self::is_active).
    fn is_authenticated(&self) -> bool {
        self.is_active()
    }

    /// Always `false` for a real user; see [`AnonymousUser`].
    fn is_anonymous(&self) -> bool {
        false
    }

    /// Bytes that bind every session of this user: when they change (say, the password hash),
    /// every existing session and remember cookie of the user stops working.
    /// Set by `#[auth(session_hash)]`; `None` binds nothing.
    fn session_hash(&self) -> Option<&[u8]> {
        None
    }
}

/// The visitor who is not logged in, like Flask-Login's `AnonymousUserMixin`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnonymousUser;

impl AnonymousUser {
    /// Always `false`.
    #[must_use]
    pub const fn is_authenticated(&self) -> bool {
        false
    }

    /// Always `false`.
    #[must_use]
    pub const fn is_active(&self) -> bool {
        false
    }

    /// Always `true`.
    #[must_use]
    pub const fn is_anonymous(&self) -> bool {
        true
    }

    /// Always `None`: an anonymous visitor has no id.
    #[must_use]
    pub const fn get_id(&self) -> Option<String> {
        None
    }
}
