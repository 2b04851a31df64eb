//! What the code generated for `#[login_required(predicate = ..)]` calls.

use std::any::{Any, type_name};

/// `user` as the type the predicate takes, which the generated code cannot name: `None` when it
/// takes another type.
pub fn user_as<U: 'static, T: 'static>(user: &U) -> Option<&T> {
    (user as &dyn Any).downcast_ref()
}

/// Denies, with an error in the log, a request to a handler whose predicate takes another type
/// than the manager's user type.
pub fn predicate_for_another_user<U>(predicate: &str) -> bool {
    tracing::error!(
        predicate,
        user_type = type_name::<U>(),
        "the predicate of this route takes another type than the user type; access denied"
    );
    false
}
