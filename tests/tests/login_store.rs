//! The login-store conformance suite against the in-memory store.

use std::sync::Arc;

use login_runtime::login_state::{LoginStore, MemoryLoginStore, conformance};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_memory_store_passes_the_conformance_suite() {
    let store = MemoryLoginStore::default();
    let (a, b): (Arc<dyn LoginStore>, Arc<dyn LoginStore>) =
        (Arc::new(store.clone()), Arc::new(store));
    conformance::run_all(a, b).await;
}
