//! `CurrentUser` as its own login check: what `#[login_required]` leaves in a handler that takes
//! one, instead of adding a guard.

use crate::CurrentUser;

/// Implemented only by [`CurrentUser`], whose extraction refuses a request exactly as
/// [`LoginRequired`](crate::guard::LoginRequired) does: the same unauthorized answer, through
/// the same router policy and manager settings.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `login_runtime::CurrentUser`",
    label = "`#[login_required]` relies on this parameter to refuse anonymous visitors",
    note = "import `login_runtime::CurrentUser`, or give your own type another name"
)]
pub trait ChecksLogin {
    /// `Self`.
    type Checked;
}

impl<U> ChecksLogin for CurrentUser<U> {
    type Checked = Self;
}

/// `T` itself, once `T` is known to be [`CurrentUser`]: the type `#[login_required]` gives the
/// parameter it relies on.
pub type LoginChecked<T> = <T as ChecksLogin>::Checked;
