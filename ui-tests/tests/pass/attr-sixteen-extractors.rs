// The guard rides in the first extractor, so a guarded handler can still take
// axum's full sixteen extractors.
use axum::http::{HeaderMap, Method, Uri, Version};
use login_runtime::login_required;
use ui_tests::fixtures::app;

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
    let _app = app(axum::Router::new().route("/", axum::routing::get(sixteen)));
}
