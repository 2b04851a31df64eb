// The guard rides in the first extractor, so a guarded handler can still take
// axum's full sixteen extractors.
use axum::http::{HeaderMap, Method, Uri, Version};
use login_runtime::{AuthUser, LoginManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct User {
    #[auth(id)]
    id: i64,
}

struct Users;

impl UserLoader for Users {
    type User = User;
    type Error = std::convert::Infallible;

    async fn load_user(&self, _id: &str) -> Result<Option<User>, Self::Error> {
        Ok(None)
    }
}

#[login_required]
#[allow(clippy::too_many_arguments)]
async fn sixteen(
    _1: Method,
    _2: Uri,
    _3: Version,
    _4: HeaderMap,
    _5: Method,
    _6: Uri,
    _7: Version,
    _8: HeaderMap,
    _9: Method,
    _10: Uri,
    _11: Version,
    _12: HeaderMap,
    _13: Method,
    _14: Uri,
    _15: Version,
    _16: HeaderMap,
) {
}

fn main() {
    let manager = LoginManager::new(Users);
    let _app: axum::Router = axum::Router::new()
        .route("/", axum::routing::get(sixteen))
        .with_state(manager);
}
