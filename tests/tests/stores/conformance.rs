//! The conformance suite of `LoginStore` on every shipped backend (the memory store's run is in
//! `login_store.rs`), with two handles that do not share a connection.

use login_runtime::login_state::conformance;

use crate::backends;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis() {
    let Some((a, b)) = backends::redis_pair().await else {
        return;
    };
    conformance::run_all(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some((a, b)) = backends::postgres_pair().await else {
        return;
    };
    conformance::run_all(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let (a, b, _file) = backends::sqlite_pair().await;
    conformance::run_all(a, b).await;
}
