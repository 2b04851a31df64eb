//! Hostile traffic costs nothing: refusing a visitor without a session writes no session record
//! (the flash waits in a signed cookie), and flashes stay bounded however many refusals come.

use std::{
    collections::HashSet,
    str::FromStr,
    sync::{Arc, Mutex},
};

use axum::{Json, Router, extract::Path, routing::get};
use examples::conformance::{User, Users};
use login_runtime::{
    AuthError, Flashes, LoginManager,
    flash::{Flash, MAX_FLASH_BYTES, MAX_FLASHES},
    login_required,
    tower_sessions::{
        MemoryStore, SessionManagerLayer, SessionStore,
        session::{Id, Record},
        session_store,
    },
};
use reqwest::{Method, StatusCode};

use crate::harness::{Browser, CookieBrowser, Reply, Server, set_cookie_header};

const FLASHED: &str = r#"[["message","Please log in to access this page."]]"#;
const FLASH_COOKIE: &str = "login_flash";

/// A memory store that remembers every record id it was asked to create or save.
#[derive(Debug, Clone, Default)]
struct WatchedStore {
    inner: MemoryStore,
    written: Arc<Mutex<HashSet<Id>>>,
}

impl WatchedStore {
    /// How many distinct records were ever written.
    fn records_written(&self) -> usize {
        self.written.lock().expect("written").len()
    }

    /// The JSON size of the record behind a session cookie.
    async fn record_size(&self, session_cookie: &str) -> usize {
        let id = Id::from_str(session_cookie).expect("session id");
        let record = self.inner.load(&id).await.expect("load").expect("record");
        serde_json::to_vec(&record.data).expect("json").len()
    }
}

#[async_trait::async_trait]
impl SessionStore for WatchedStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await?;
        self.written.lock().expect("written").insert(record.id);
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.written.lock().expect("written").insert(record.id);
        self.inner.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await
    }
}

async fn conformance(vars: &[(&str, &str)]) -> (Server, WatchedStore) {
    let store = WatchedStore::default();
    let server = Server::conformance_with_store(vars, store.clone()).await;
    (server, store)
}

fn assert_sets_no_session(reply: &Reply) {
    assert_eq!(
        set_cookie_header(reply, "session"),
        None,
        "a refusal without a session sets no session cookie: {reply:?}"
    );
}

#[tokio::test]
async fn cookieless_refusals_write_no_session_record() {
    let (server, store) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let client = server.raw();
    for path in ["/protected", "/fresh", "/secret", "/admin/protected"] {
        for _ in 0..50 {
            let reply = client.get(path).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
            assert_sets_no_session(&reply);
            let flash = set_cookie_header(&reply, FLASH_COOKIE).expect("flash cookie");
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=600"] {
                assert!(flash.contains(attribute), "{attribute} in {flash}");
            }
            assert!(flash.len() < 4096, "{}", flash.len());
        }
    }
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn a_client_keeping_the_redirects_cookies_sees_the_message_once() {
    let (server, store) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.browser();
    let reply = browser.get("/protected").await;
    assert_eq!(reply.location(), "/login?next=%2Fprotected");
    assert_sets_no_session(&reply);

    let read = browser.get("/flashes").await;
    assert_eq!(read.body, FLASHED);
    let cleared = set_cookie_header(&read, FLASH_COOKIE).expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(browser.text("/flashes").await, "[]", "reading consumes it");
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn the_needs_refresh_message_of_a_visitor_without_a_session_goes_in_the_cookie_too() {
    let (server, store) =
        conformance(&[("LOGIN_VIEW", "/login"), ("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.browser();
    let reply = browser.get("/needs-refresh").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_sets_no_session(&reply);
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Please reauthenticate to access this page."]]"#
    );
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn repeated_refusals_keep_the_newest_flashes_in_one_cookie() {
    let (server, store) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.cookie_browser();
    for _ in 0..(MAX_FLASHES * 3) {
        let reply = browser.get("/protected").await;
        assert_sets_no_session(&reply);
    }
    let value = browser.cookie(FLASH_COOKIE).expect("flash cookie");
    assert!(value.len() < 4000, "{}", value.len());
    let flashes: Vec<(String, String)> =
        serde_json::from_str(&browser.text("/flashes").await).expect("json");
    assert_eq!(flashes.len(), MAX_FLASHES);
    assert_eq!(browser.cookie(FLASH_COOKIE), None);
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn forged_and_garbage_flash_cookies_are_ignored_and_cleared() {
    let (server, _) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let browser = server.browser();
    browser.get("/protected").await;
    let genuine = browser
        .get("/protected")
        .await
        .set_cookie(FLASH_COOKIE)
        .expect("flash cookie");

    let (unsigned, _) = genuine.rsplit_once('.').expect("signed");
    let mut tampered = genuine.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    let forged = [
        String::new(),
        "garbage".to_owned(),
        "v1..".to_owned(),
        format!("{unsigned}."),
        format!("{unsigned}.{}", "A".repeat(86)),
        String::from_utf8(tampered).expect("ascii"),
        genuine[..genuine.len() - 1].to_owned(),
        format!("{genuine}{}", "A".repeat(10_000)),
        "%FF%FE".to_owned(),
        "\"quoted\"".to_owned(),
    ];
    let raw = server.raw();
    for value in &forged {
        let cookie = format!("{FLASH_COOKIE}={value}");
        let reply = raw
            .send(Method::GET, "/flashes", &[("cookie", cookie.as_str())])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{value:?}");
        assert_eq!(reply.body, "[]", "{value:?}");
    }
    let cookie = format!("{FLASH_COOKIE}={genuine}");
    let reply = raw
        .send(Method::GET, "/flashes", &[("cookie", cookie.as_str())])
        .await;
    let flashes: Vec<(String, String)> = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(flashes.len(), 2, "the genuine cookie still works");
}

#[tokio::test]
async fn a_flash_cookie_signed_with_another_key_is_ignored() {
    let (signer, _) = conformance(&[
        ("LOGIN_VIEW", "/login"),
        (
            "SECRET_KEY",
            "another secret key, at least thirty-two bytes long",
        ),
    ])
    .await;
    let value = signer
        .raw()
        .get("/protected")
        .await
        .set_cookie(FLASH_COOKIE)
        .expect("flash cookie");

    let (server, _) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let cookie = format!("{FLASH_COOKIE}={value}");
    let reply = server
        .raw()
        .send(Method::GET, "/flashes", &[("cookie", cookie.as_str())])
        .await;
    assert_eq!(reply.body, "[]");
}

#[tokio::test]
async fn an_unknown_session_cookie_does_not_make_a_refusal_write_a_record() {
    let (server, store) = conformance(&[("LOGIN_VIEW", "/login")]).await;
    let cookie = format!("session={}", Id::default());
    let reply = server
        .raw()
        .send(Method::GET, "/protected", &[("cookie", cookie.as_str())])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.set_cookie(FLASH_COOKIE).is_some());
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn with_use_session_for_next_the_next_url_goes_in_the_cookie_too() {
    let (server, store) =
        conformance(&[("LOGIN_VIEW", "/login"), ("USE_SESSION_FOR_NEXT", "1")]).await;
    let browser = server.browser();
    let reply = browser.get("/protected?page=2").await;
    assert_eq!(reply.location(), "/login");
    assert_sets_no_session(&reply);
    assert_eq!(browser.text("/flashes").await, FLASHED);
    assert_eq!(
        browser.text("/next").await,
        "/protected?page=2",
        "reading the flashes leaves next"
    );
    assert_eq!(browser.text("/next").await, "");
    assert_eq!(store.records_written(), 0);

    let long = format!("/protected?q={}", "x".repeat(2000));
    let reply = browser.get(&long).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(set_cookie_header(&reply, FLASH_COOKIE).is_some_and(|c| c.len() < 4096));
    assert_eq!(browser.text("/next").await, "", "too long for the cookie");
    assert_eq!(store.records_written(), 0);
}

#[tokio::test]
async fn a_visitor_with_a_session_keeps_flashes_in_it() {
    let (server, store) =
        conformance(&[("LOGIN_VIEW", "/login"), ("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.cookie_browser();
    assert_eq!(browser.text("/login/1?fresh=0").await, "True");
    let written = store.records_written();
    let reply = browser.get("/fresh").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.set_cookie(FLASH_COOKIE), None);
    assert_eq!(
        browser.text("/flashes").await,
        r#"[["message","Please reauthenticate to access this page."]]"#
    );
    assert_eq!(store.records_written(), written, "the same record");

    // The logout empties the session, so it ends, and the next refusal writes nothing.
    browser.text("/logout").await;
    let written = store.records_written();
    let reply = browser.get("/protected").await;
    assert!(reply.set_cookie(FLASH_COOKIE).is_some());
    assert_eq!(browser.text("/flashes").await, FLASHED);
    assert_eq!(store.records_written(), written);
}

#[tokio::test]
async fn a_flood_of_refusals_does_not_grow_a_session() {
    let (server, store) =
        conformance(&[("LOGIN_VIEW", "/login"), ("REFRESH_VIEW", "/reauth")]).await;
    let browser = server.cookie_browser();
    browser.text("/login/1?fresh=0").await;
    browser.get("/fresh").await;
    let session = browser.cookie("session").expect("session");
    let after_one = store.record_size(&session).await;
    for _ in 0..500 {
        assert_eq!(browser.get("/fresh").await.status, StatusCode::SEE_OTHER);
    }
    let after_flood = store
        .record_size(&browser.cookie("session").expect("session"))
        .await;
    let flashes: Vec<(String, String)> =
        serde_json::from_str(&browser.text("/flashes").await).expect("json");
    assert_eq!(flashes.len(), MAX_FLASHES);
    assert!(
        after_flood <= after_one + MAX_FLASH_BYTES,
        "{after_one} -> {after_flood} bytes"
    );
}

/// Flashes each number it is given, distinct messages to see which ones are kept; logins need
/// the secret key (the users have a session hash).
fn numbered_flashes(secret_key: bool) -> Router {
    #[login_required]
    async fn protected() -> &'static str {
        "Access Granted"
    }

    async fn flash(flash: Flash, Path(text): Path<String>) -> Result<&'static str, AuthError> {
        flash.push("info", text).await?;
        Ok("ok")
    }

    async fn flashes(Flashes(flashes): Flashes) -> Json<Vec<String>> {
        Json(flashes.into_iter().map(|flash| flash.message).collect())
    }

    async fn login(auth: login_runtime::AuthSession<User>) -> Result<&'static str, AuthError> {
        let outcome = auth.login_user(&Users::find("2").expect("user 2")).await?;
        Ok(if outcome.is_logged_in() {
            "True"
        } else {
            "False"
        })
    }

    let mut builder = LoginManager::builder(Users).login_view("/login");
    if secret_key {
        builder = builder.secret_key(*b"hostile-traffic test key, 32+ bytes");
    }
    let manager = builder.build().expect("manager");
    Router::new()
        .route("/protected", get(protected))
        .route("/flash/{text}", get(flash))
        .route("/flashes", get(flashes))
        .route("/login", get(login))
        .layer(
            manager.layer_with(SessionManagerLayer::new(MemoryStore::default()).with_secure(false)),
        )
        .with_state(manager)
}

async fn flash_numbers(browser: &CookieBrowser, numbers: std::ops::Range<usize>) {
    for n in numbers {
        assert_eq!(browser.text(&format!("/flash/{n}")).await, "ok");
    }
}

fn texts(numbers: std::ops::Range<usize>) -> String {
    serde_json::to_string(&numbers.map(|n| n.to_string()).collect::<Vec<_>>()).expect("json")
}

#[tokio::test]
async fn the_newest_flashes_are_kept_with_and_without_a_session() {
    let server = Server::start(numbered_flashes(true)).await;
    let browser = server.cookie_browser();
    flash_numbers(&browser, 0..25).await;
    assert_eq!(browser.cookie("id"), None, "no session without a login");
    assert_eq!(browser.text("/flashes").await, texts(15..25));

    browser.text("/login").await;
    flash_numbers(&browser, 0..25).await;
    assert_eq!(browser.text("/flashes").await, texts(15..25));
}

#[tokio::test]
async fn the_flash_cookie_works_without_a_secret_key() {
    let server = Server::start(numbered_flashes(false)).await;
    let browser = server.cookie_browser();
    let reply = browser.get("/protected").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(set_cookie_header(&reply, "id"), None);
    assert_eq!(
        browser.text("/flashes").await,
        r#"["Please log in to access this page."]"#
    );
}

#[tokio::test]
async fn a_flash_too_large_for_the_bound_is_not_kept() {
    let server = Server::start(numbered_flashes(false)).await;
    let browser: Browser = server.browser();
    assert_eq!(browser.text("/flash/small").await, "ok");
    let large = "L".repeat(MAX_FLASH_BYTES);
    assert_eq!(browser.text(&format!("/flash/{large}")).await, "ok");
    assert_eq!(browser.text("/flashes").await, r#"["small"]"#);
}
