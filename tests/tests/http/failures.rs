//! Store and loader outages and missing layers: logged, never a login, never a panic.

use std::sync::atomic::Ordering;

use http::StatusCode;

use crate::{
    apps::{self, FlakyUsers},
    harness::{Browse, TestStore, serve, serve_conformance_with_store},
};

#[tokio::test]
async fn a_store_outage_fails_guarded_routes_but_not_public_ones() {
    let store = TestStore::default();
    let server = serve_conformance_with_store(&[("LOGIN_VIEW", "/login")], store.clone()).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    store.set_down(true);

    assert_eq!(browser.text("/").await, "Welcome!");
    assert_eq!(browser.text("/username").await, "Anonymous");
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        reply.location(),
        None,
        "an outage never sends the user to log in again"
    );

    store.set_down(false);
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "the login outlives the outage"
    );
}

#[tokio::test]
async fn a_loader_outage_fails_guarded_routes_but_not_public_ones() {
    let loader = FlakyUsers::default();
    let server = serve(apps::with_loader(loader.clone(), TestStore::default())).await;
    let browser = server.new_browser();
    browser.text("/login").await;
    loader.down.store(true, Ordering::SeqCst);

    assert_eq!(browser.text("/").await, "Welcome!");
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.location(), None);
    assert_eq!(reply.text, "", "no details leak to the client");

    loader.down.store(false, Ordering::SeqCst);
    assert_eq!(browser.text("/protected").await, "Access Granted");
}

#[tokio::test]
async fn a_missing_login_layer_is_a_500_not_a_pass() {
    let server = serve(apps::without_login_layer()).await;
    let reply = server.new_browser().get("/protected").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn an_outage_during_login_answers_503_and_logs_nobody_in() {
    let store = TestStore::default();
    let server = serve_conformance_with_store(&[], store.clone()).await;
    let browser = server.new_browser();
    browser.text("/login/1").await;
    browser.text("/logout").await;
    store.set_down(true);
    assert_eq!(
        browser.get("/login/2").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    store.set_down(false);
    assert_eq!(browser.text("/username").await, "Anonymous");
}
