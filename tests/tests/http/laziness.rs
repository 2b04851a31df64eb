//! The user is loaded at most once per request, and only when a handler asks.

use std::sync::atomic::Ordering;

use crate::{
    apps::{self, FlakyUsers},
    harness::{Browse, TestStore, serve},
};

#[tokio::test]
async fn a_public_route_loads_neither_session_nor_user() {
    let (loader, store) = (FlakyUsers::default(), TestStore::default());
    let server = serve(apps::with_loader(loader.clone(), store.clone())).await;
    let browser = server.new_browser();
    browser.text("/login").await;
    let (loads, calls) = (store.loads(), loader.calls.load(Ordering::SeqCst));

    for _ in 0..3 {
        let reply = browser.get("/").await;
        assert_eq!(reply.text, "Welcome!");
        assert_eq!(reply.set_cookie("id"), None);
    }
    assert_eq!(store.loads(), loads, "no session load on a public route");
    assert_eq!(
        loader.calls.load(Ordering::SeqCst),
        calls,
        "no user load on a public route"
    );
}

#[tokio::test]
async fn a_guard_and_an_extractor_share_one_load() {
    let (loader, store) = (FlakyUsers::default(), TestStore::default());
    let server = serve(apps::with_loader(loader.clone(), store.clone())).await;
    let browser = server.new_browser();
    browser.text("/login").await;
    let (loads, calls) = (store.loads(), loader.calls.load(Ordering::SeqCst));

    assert_eq!(browser.text("/whoami").await, "Notch");
    assert_eq!(store.loads() - loads, 1, "one session load");
    assert_eq!(
        loader.calls.load(Ordering::SeqCst) - calls,
        1,
        "one user load"
    );
}
