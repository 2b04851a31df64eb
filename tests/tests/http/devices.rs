//! "Your devices" (conformance v2): listing, ending one, ending the others, a password change
//! that keeps this login, the per-user limit, sessions from before the login store, and logins
//! bound to the session hash by the MAC of earlier versions.

use std::{collections::HashMap, num::NonZeroUsize, sync::Arc, time::Duration};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use examples::conformance::{Backends, User};
use hmac::{Hmac, KeyInit, Mac};
use http::StatusCode;
use login_runtime::{
    login_state::{Clock, LoginStore, ManualClock, MemoryLoginStore},
    testing::TestClient,
    tower_sessions::{
        MemoryStore, SessionStore,
        session::{Id, Record},
    },
};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::harness::{Browse, TestStore, serve_conformance_on};

const AGENTS: [&str; 3] = ["Laptop/1.0", "Phone/2.0", "Tablet/3.0"];

/// The conformance app on `backends`, reading the time from a clock the test moves.
async fn server_on(backends: Backends<MemoryStore>) -> (ManualClock, TestClient<User>) {
    let clock = ManualClock::default();
    let backends = Backends {
        clock: Arc::new(clock.clone()),
        ..backends
    };
    (clock, serve_conformance_on(&[], &backends).await)
}

async fn server() -> (ManualClock, TestClient<User>) {
    server_on(Backends::default()).await
}

/// User 1 logged in from three browsers (User-Agents `AGENTS`) a second apart, the second
/// remembered.
async fn three_devices((clock, server): &(ManualClock, TestClient<User>)) -> Vec<TestClient<User>> {
    let mut browsers = Vec::new();
    for (n, agent) in AGENTS.iter().enumerate() {
        let browser = server.new_browser().with_user_agent(*agent);
        let query = if n == 1 { "?remember=1" } else { "" };
        assert_eq!(browser.text(&format!("/login/1{query}")).await, "True");
        browsers.push(browser);
        clock.advance(Duration::from_secs(1));
    }
    browsers
}

async fn devices(browser: &TestClient<User>) -> Value {
    serde_json::from_str(&browser.text("/devices").await).expect("JSON")
}

fn device(current: bool, remembered: bool, agent: &str) -> Value {
    json!({ "current": current, "remembered": remembered, "user_agent": agent })
}

#[tokio::test]
async fn the_listing_shows_every_login_oldest_first() {
    let app = server().await;
    let browsers = three_devices(&app).await;
    assert_eq!(
        devices(&browsers[1]).await,
        json!([
            device(false, false, AGENTS[0]),
            device(true, true, AGENTS[1]),
            device(false, false, AGENTS[2]),
        ])
    );
    let other = app.1.new_browser().with_user_agent(None);
    other.text("/login/2").await;
    assert_eq!(
        devices(&other).await,
        json!([{ "current": true, "remembered": false, "user_agent": null }]),
        "another user sees only their own"
    );
    assert_eq!(
        app.1.new_browser().get("/devices").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn ending_one_login_logs_out_that_device_and_its_remember_cookie() {
    let app = server().await;
    let browsers = three_devices(&app).await;
    assert_eq!(browsers[0].text("/devices/end/1").await, "True");
    assert_eq!(browsers[1].text("/username").await, "Anonymous");
    browsers[1].restart_browser();
    assert_eq!(
        browsers[1].text("/username").await,
        "Anonymous",
        "the cookie ended too"
    );
    assert_eq!(browsers[2].text("/username").await, "Notch");
    assert_eq!(
        devices(&browsers[0]).await,
        json!([
            device(true, false, AGENTS[0]),
            device(false, false, AGENTS[2])
        ])
    );
    assert_eq!(
        browsers[0].get("/devices/end/2").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(browsers[0].text("/devices/end/0").await, "True", "its own");
    assert_eq!(browsers[0].text("/username").await, "Anonymous");
    assert_eq!(browsers[2].text("/username").await, "Notch");
}

#[tokio::test]
async fn one_user_cannot_end_another_users_logins() {
    let (_, server) = server().await;
    let notch = server.new_browser();
    notch.text("/login/1").await;
    let steve = server.new_browser();
    steve.text("/login/2").await;
    assert_eq!(
        steve.get("/devices/end/1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(steve.text("/devices/end-others").await, "True");
    assert_eq!(notch.text("/username").await, "Notch");
    assert_eq!(steve.text("/username").await, "Steve");
}

#[tokio::test]
async fn ending_the_others_keeps_only_this_login() {
    let app = server().await;
    let browsers = three_devices(&app).await;
    assert_eq!(browsers[2].text("/devices/end-others").await, "True");
    for ended in &browsers[..2] {
        assert_eq!(ended.text("/username").await, "Anonymous");
        ended.restart_browser();
        assert_eq!(ended.text("/username").await, "Anonymous");
    }
    assert_eq!(browsers[2].text("/username").await, "Notch");
    assert_eq!(
        devices(&browsers[2]).await,
        json!([device(true, false, AGENTS[2])])
    );
}

#[tokio::test]
async fn a_password_change_keeps_this_login_and_its_cookie_and_ends_the_others() {
    let app = server().await;
    let browsers = three_devices(&app).await;
    assert_eq!(browsers[1].text("/password/new-secret").await, "True");
    assert_eq!(browsers[1].text("/username").await, "Notch");
    browsers[1].restart_browser();
    assert_eq!(
        browsers[1].text("/username").await,
        "Notch",
        "the remember cookie keeps working after a browser restart"
    );
    for ended in [&browsers[0], &browsers[2]] {
        assert_eq!(ended.text("/username").await, "Anonymous");
    }
    assert_eq!(
        browsers[0].text("/login/1").await,
        "True",
        "a new login works"
    );
    assert_eq!(browsers[0].text("/username").await, "Notch");
    assert_eq!(
        devices(&browsers[0]).await.as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn a_limit_of_two_logins_ends_the_oldest() {
    let app = server_on(Backends {
        max_logins_per_user: NonZeroUsize::new(2),
        ..Backends::default()
    })
    .await;
    let browsers = three_devices(&app).await;
    let server = &app.1;
    assert_eq!(
        browsers[0].text("/username").await,
        "Anonymous",
        "the oldest ended"
    );
    assert_eq!(browsers[1].text("/username").await, "Notch");
    assert_eq!(browsers[2].text("/username").await, "Notch");
    let other = server.new_browser();
    other.text("/login/2").await;
    assert_eq!(browsers[1].text("/username").await, "Notch", "per user");
    assert_eq!(
        devices(&browsers[2]).await.as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn without_a_limit_logins_add_up() {
    let app = server().await;
    let browsers = three_devices(&app).await;
    for browser in &browsers {
        assert_eq!(browser.text("/username").await, "Notch");
    }
}

#[tokio::test]
async fn a_session_from_before_the_login_store_is_anonymous() {
    let store = TestStore::default();
    let logins = MemoryLoginStore::default();
    let backends = Backends {
        logins: Arc::new(logins),
        ..Backends::over(store.clone())
    };
    let server = serve_conformance_on(&[], &backends).await;
    let mut record = Record {
        id: Id::default(),
        data: HashMap::from([(
            "_login".to_owned(),
            json!({
                "user_id": "1",
                "fresh": true,
                "series": "c29tZS1zZXJpZXMtaWQ",
                "remember_seconds": 3600,
                "remember_until": 1_900_000_000,
                "session_mac": null,
            }),
        )]),
        expiry_date: OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.expect("create");
    let browser = server.new_browser();
    browser.set_cookie(&format!("session={}", record.id));
    assert_eq!(browser.text("/username").await, "Anonymous");
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(browser.text("/login/1").await, "True", "a new login works");
    assert_eq!(browser.text("/username").await, "Notch");
}

/// What versions before the keyed BLAKE3 session MAC stored for user 1 (session hash `pw-1`)
/// under the conformance app's development key: HMAC-SHA-512 of the label
/// `login-runtime session-hash v1\0` and the hash, cut to 256 bits, base64url.
fn earlier_session_mac() -> String {
    let key = examples::conformance::Settings::default().secret_key;
    let mut mac = Hmac::<sha2::Sha512>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(b"login-runtime session-hash v1\0pw-1");
    URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..32])
}

#[tokio::test]
async fn a_login_bound_by_the_earlier_session_mac_is_anonymous_cleanly() {
    let logins = MemoryLoginStore::default();
    let (clock, server) = server_on(Backends {
        logins: Arc::new(logins.clone()),
        ..Backends::default()
    })
    .await;
    let browser = server.new_browser();
    assert_eq!(browser.text("/login/1?remember=1").await, "True");
    let [login] = logins
        .list_user("1", clock.now())
        .await
        .expect("list")
        .try_into()
        .expect("one login");
    let earlier = earlier_session_mac();
    assert_ne!(login.session_mac.as_deref(), Some(earlier.as_str()));
    assert!(
        logins
            .set_session_mac(&login.id, Some(&earlier), clock.now())
            .await
            .expect("set")
    );

    assert_eq!(browser.text("/username").await, "Anonymous");
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        logins.list_user("1", clock.now()).await.expect("list"),
        [],
        "the login is ended"
    );
    browser.restart_browser();
    assert_eq!(
        browser.text("/username").await,
        "Anonymous",
        "its remember cookie restores nothing"
    );
    assert_eq!(browser.text("/login/1").await, "True", "a new login works");
    assert_eq!(browser.text("/username").await, "Notch");
}
