//! Loading a user from the request itself: Flask-Login's `request_loader`.

use std::{error::Error as StdError, future::Future};

use crate::{AuthUser, loader::LoadFuture, request::RequestHead};

/// Authenticates a request from its own contents (an `Authorization: Bearer` token, Basic
/// auth, an `api_key` query parameter): Flask-Login's `request_loader`.
///
/// It runs only when the session holds no user and the request carries no remember cookie, so a
/// logged-in session wins over an API key. A user loaded this way is authenticated for this
/// request only: no session is created and no cookie is set.
///
/// ```
/// use std::convert::Infallible;
/// use login_runtime::{AuthUser, request::{RequestHead, RequestLoader}};
///
/// #[derive(Clone, AuthUser)]
/// struct User {
///     #[auth(id)]
///     id: u32,
/// }
///
/// struct ApiKeys;
///
/// impl RequestLoader for ApiKeys {
///     type User = User;
///     type Error = Infallible;
///
///     async fn load_user_from_request(&self, request: RequestHead<'_>) -> Result<Option<User>, Infallible> {
///         let token = request
///             .headers
///             .get("authorization")
///             .and_then(|value| value.to_str().ok())
///             .and_then(|value| value.strip_prefix("Bearer "));
///         Ok((token == Some("secret-token")).then_some(User { id: 1 }))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot load users from requests",
    note = "implement `RequestLoader` for `{Self}`: `async fn load_user_from_request(&self, request: RequestHead<'_>) -> Result<Option<User>, Self::Error>`"
)]
pub trait RequestLoader: Send + Sync + 'static {
    /// The user type this loader returns.
    type User: AuthUser;
    /// The error a failed lookup reports.
    type Error: StdError + Send + Sync + 'static;

    /// The user this request authenticates as, or `None`.
    fn load_user_from_request(
        &self,
        request: RequestHead<'_>,
    ) -> impl Future<Output = Result<Option<Self::User>, Self::Error>> + Send;
}

/// [`RequestLoader`] with its future boxed.
pub(crate) trait DynRequestLoader<U>: Send + Sync + 'static {
    fn load<'a>(&'a self, request: RequestHead<'a>) -> LoadFuture<'a, U>;
}

impl<L: RequestLoader> DynRequestLoader<L::User> for L {
    fn load<'a>(&'a self, request: RequestHead<'a>) -> LoadFuture<'a, L::User> {
        Box::pin(async move {
            self.load_user_from_request(request)
                .await
                .map_err(Into::into)
        })
    }
}
