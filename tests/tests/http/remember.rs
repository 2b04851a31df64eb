//! Remember me: cookie attributes, restore, refresh, deletion, revocation, rotation.

use std::{sync::Arc, time::Duration};

use examples::conformance::Backends;
use examples::conformance::{self, Settings};
use login_runtime::{login_state::ManualClock, manager::ConfigError};
use reqwest::StatusCode;

use crate::{
    apps::{self, MEMBERS_KEY, Members},
    harness::{CookieBrowser, Server, TestStore, set_cookie_header},
};

const DAY: i64 = 24 * 60 * 60;

/// Seconds from now until the `Expires` attribute of a `Set-Cookie` header.
fn expires_in(header: &str) -> i64 {
    let expires = header
        .split(';')
        .map(str::trim)
        .find_map(|attribute| attribute.strip_prefix("Expires="))
        .unwrap_or_else(|| panic!("no Expires in {header}"));
    let format = time::format_description::well_known::Rfc2822;
    let expires = time::OffsetDateTime::parse(&expires.replace("GMT", "+0000"), &format)
        .unwrap_or_else(|error| panic!("bad Expires {expires}: {error}"));
    (expires - time::OffsetDateTime::now_utc()).whole_seconds()
}

fn attributes(header: &str) -> Vec<String> {
    header
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_owned())
        .collect()
}

/// The conformance app reading the time from a clock the test moves.
async fn server_with_clock(vars: &[(&str, &str)]) -> (ManualClock, Server) {
    let clock = ManualClock::default();
    let backends = Backends {
        clock: Arc::new(clock.clone()),
        ..Backends::default()
    };
    (clock, Server::conformance_on(vars, &backends).await)
}

async fn logged_in_with_remember(server: &Server, query: &str) -> (CookieBrowser, String) {
    let browser = server.cookie_browser();
    let reply = browser.get(&format!("/login/1?remember=1{query}")).await;
    assert_eq!(reply.body, "True");
    let header = set_cookie_header(&reply, "remember_token").expect("remember cookie");
    (browser, header)
}

#[tokio::test]
async fn the_default_cookie_is_flask_logins() {
    let server = Server::conformance(&[]).await;
    let (_, header) = logged_in_with_remember(&server, "").await;
    let attributes = attributes(&header);
    assert!(attributes.contains(&"HttpOnly".to_owned()), "{header}");
    assert!(attributes.contains(&"Path=/".to_owned()), "{header}");
    for absent in ["Secure", "SameSite", "Domain", "Max-Age"] {
        assert!(!header.contains(absent), "{absent} in {header}");
    }
    let lifetime = expires_in(&header);
    assert!(
        (365 * DAY - 5..=365 * DAY).contains(&lifetime),
        "{lifetime}"
    );
}

#[tokio::test]
async fn a_login_without_remember_sets_no_remember_cookie() {
    let server = Server::conformance(&[("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", "1")]).await;
    let browser = server.cookie_browser();
    let reply = browser.get("/login/1").await;
    assert_eq!(set_cookie_header(&reply, "remember_token"), None);
    let reply = browser.get("/username").await;
    assert_eq!(reply.body, "Notch");
    assert_eq!(
        set_cookie_header(&reply, "remember_token"),
        None,
        "refresh never creates one"
    );
    browser.restart();
    assert_eq!(browser.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn every_cookie_setting_shows_in_the_header() {
    let server = Server::conformance(&[
        ("REMEMBER_COOKIE_NAME", "keep_me"),
        ("REMEMBER_COOKIE_DURATION", "600"),
        ("REMEMBER_COOKIE_DOMAIN", "example.test"),
        ("REMEMBER_COOKIE_PATH", "/app"),
        ("REMEMBER_COOKIE_SECURE", "1"),
        ("REMEMBER_COOKIE_HTTPONLY", "0"),
        ("REMEMBER_COOKIE_SAMESITE", "Strict"),
    ])
    .await;
    let reply = server.cookie_browser().get("/login/1?remember=1").await;
    assert_eq!(set_cookie_header(&reply, "remember_token"), None);
    let header = set_cookie_header(&reply, "keep_me").expect("renamed cookie");
    let attributes = attributes(&header);
    for expected in [
        "Domain=example.test",
        "Path=/app",
        "Secure",
        "SameSite=Strict",
    ] {
        assert!(
            attributes.contains(&expected.to_owned()),
            "{expected} in {header}"
        );
    }
    assert!(!header.contains("HttpOnly"), "{header}");
    assert!((595..=600).contains(&expires_in(&header)), "{header}");

    for same_site in ["Lax", "None"] {
        let server = Server::conformance(&[("REMEMBER_COOKIE_SAMESITE", same_site)]).await;
        let (_, header) = logged_in_with_remember(&server, "").await;
        assert!(
            header.contains(&format!("SameSite={same_site}")),
            "{header}"
        );
    }
}

#[tokio::test]
async fn a_login_can_set_its_own_duration() {
    let server = Server::conformance(&[]).await;
    let (_, header) = logged_in_with_remember(&server, "&duration=120").await;
    assert!((115..=120).contains(&expires_in(&header)), "{header}");
}

#[tokio::test]
async fn a_browser_restart_restores_the_login_as_not_fresh() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    assert_eq!(
        browser.text("/is-remembered").await,
        "False",
        "a fresh login is not restored"
    );
    let session = browser.cookie("session").expect("session");
    let remember = browser.cookie("remember_token").expect("remember cookie");

    browser.restart();
    assert_eq!(browser.cookie("session"), None);
    let reply = browser.get("/username").await;
    assert_eq!(reply.body, "Notch");
    let new_session = reply
        .set_cookie("session")
        .expect("a new session is established");
    assert_ne!(new_session, session);
    assert_ne!(browser.cookie("remember_token").expect("rotated"), remember);

    assert_eq!(browser.text("/is-remembered").await, "True");
    assert_eq!(browser.text("/is-fresh").await, "False");
    assert_eq!(browser.text("/protected").await, "Access Granted");

    browser.restart();
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "the rotated cookie restores too"
    );
}

#[tokio::test]
async fn restoring_happens_on_any_route_that_asks_for_the_user() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    browser.restart();
    assert_eq!(browser.text("/is-remembered").await, "True");
}

#[tokio::test]
async fn refresh_each_request_reissues_the_cookie_with_a_new_expiry() {
    let (clock, server) = server_with_clock(&[("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", "1")]).await;
    let (browser, first) = logged_in_with_remember(&server, "&duration=100").await;
    clock.advance(Duration::from_secs(90));
    let reply = browser.get("/username").await;
    let refreshed = set_cookie_header(&reply, "remember_token").expect("re-issued");
    let (before, after) = (expires_in(&first), expires_in(&refreshed));
    assert!((99..=100).contains(&before), "{first}");
    assert!((189..=190).contains(&after), "{refreshed}");
    browser.restart();
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "the refreshed cookie works"
    );
    clock.advance(Duration::from_secs(95));
    browser.restart();
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "after the first expiry: the login was extended too"
    );
}

#[tokio::test]
async fn without_refresh_the_cookie_is_left_alone() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    let reply = browser.get("/username").await;
    assert_eq!(reply.body, "Notch");
    assert_eq!(set_cookie_header(&reply, "remember_token"), None);
}

#[tokio::test]
async fn logout_deletes_the_cookie_with_the_attributes_it_was_set_with() {
    let server = Server::conformance(&[
        ("REMEMBER_COOKIE_DOMAIN", "example.test"),
        ("REMEMBER_COOKIE_PATH", "/"),
        ("REMEMBER_COOKIE_SECURE", "1"),
        ("REMEMBER_COOKIE_SAMESITE", "None"),
    ])
    .await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    let reply = browser.get("/logout").await;
    let header = set_cookie_header(&reply, "remember_token").expect("deletion");
    let attributes = attributes(&header);
    for expected in [
        "Domain=example.test",
        "Path=/",
        "Secure",
        "SameSite=None",
        "Max-Age=0",
    ] {
        assert!(
            attributes.contains(&expected.to_owned()),
            "{expected} in {header}"
        );
    }
    assert!(header.starts_with("remember_token=;"), "{header}");
    assert!(header.contains("1970"), "{header}");
    assert_eq!(browser.cookie("remember_token"), None);
    browser.restart();
    assert_eq!(browser.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn a_cookie_replayed_after_logout_is_rejected() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    let stolen = browser.cookie("remember_token").expect("cookie");
    browser.text("/logout").await;

    let thief = server.cookie_browser();
    thief.set_cookie("remember_token", Some(&stolen), true);
    let reply = thief.get("/username").await;
    assert_eq!(reply.body, "Anonymous");
    assert_eq!(
        thief.cookie("remember_token"),
        None,
        "the dead cookie is deleted"
    );
    assert_eq!(
        thief.get("/protected").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_copied_cookie_used_after_the_owner_is_rejected_and_ends_the_series() {
    let (clock, server) = server_with_clock(&[]).await;
    let (owner, _) = logged_in_with_remember(&server, "").await;
    let copied = owner.cookie("remember_token").expect("cookie");
    owner.restart();
    assert_eq!(
        owner.text("/username").await,
        "Notch",
        "the owner restores first"
    );

    clock.advance(Duration::from_secs(31));
    let thief = server.cookie_browser();
    thief.set_cookie("remember_token", Some(&copied), true);
    assert_eq!(thief.text("/username").await, "Anonymous");

    assert_eq!(
        owner.text("/username").await,
        "Anonymous",
        "the theft ends the sessions of the series too"
    );
    owner.restart();
    assert_eq!(owner.text("/username").await, "Anonymous", "and its cookie");
}

#[tokio::test]
async fn a_thief_who_restored_first_is_logged_out_when_the_owner_returns() {
    let (clock, server) = server_with_clock(&[]).await;
    let (owner, _) = logged_in_with_remember(&server, "").await;
    let thief = server.cookie_browser();
    thief.set_cookie(
        "remember_token",
        owner.cookie("remember_token").as_deref(),
        true,
    );
    assert_eq!(
        thief.text("/username").await,
        "Notch",
        "the copy restores first"
    );

    clock.advance(Duration::from_secs(31));
    owner.restart();
    assert_eq!(
        owner.text("/username").await,
        "Anonymous",
        "the owner's token was replaced"
    );
    assert_eq!(
        thief.text("/username").await,
        "Anonymous",
        "the thief's session is gone"
    );
    thief.restart();
    assert_eq!(thief.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn logout_ends_every_session_restored_from_the_same_cookie() {
    let server = Server::conformance(&[]).await;
    let (owner, _) = logged_in_with_remember(&server, "").await;
    let copy = server.cookie_browser();
    copy.set_cookie(
        "remember_token",
        owner.cookie("remember_token").as_deref(),
        true,
    );
    assert_eq!(copy.text("/username").await, "Notch");
    owner.text("/logout").await;
    assert_eq!(copy.text("/username").await, "Anonymous");
}

#[tokio::test]
async fn requests_racing_with_one_cookie_are_not_taken_for_theft() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    let cookie = browser.cookie("remember_token").expect("cookie");
    browser.restart();
    let tab = server.cookie_browser();
    tab.set_cookie("remember_token", Some(&cookie), true);
    assert_eq!(browser.text("/username").await, "Notch");
    assert_eq!(
        tab.text("/username").await,
        "Notch",
        "same cookie, a moment later"
    );
    browser.restart();
    assert_eq!(browser.text("/username").await, "Notch");
}

#[tokio::test]
async fn forged_remember_cookies_mean_anonymous() {
    let server = Server::conformance(&[]).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    let real = browser.cookie("remember_token").expect("cookie");
    let other_key =
        Server::conformance(&[("SECRET_KEY", "another-key-another-key-another-key!")]).await;
    let (other, _) = logged_in_with_remember(&other_key, "").await;
    let foreign = other.cookie("remember_token").expect("cookie");

    let mut tampered = real.clone().into_bytes();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).expect("ascii");
    let oversized = format!("{real}{}", "A".repeat(4000));
    let forged = [
        String::new(),
        "garbage".to_owned(),
        "1|0123456789abcdef".to_owned(),
        real[..real.len() / 2].to_owned(),
        real.replace("v2.", "v1."),
        real.replace("v2.", "v3."),
        tampered,
        oversized,
        foreign,
        "\u{1F980}".repeat(10),
    ];
    for value in forged {
        let client = server.cookie_browser();
        client.set_cookie("remember_token", Some(&value), true);
        let reply = client.get("/username").await;
        assert_eq!(reply.status, StatusCode::OK, "{value}");
        assert_eq!(reply.body, "Anonymous", "{value}");
        let reply = client.get("/protected").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{value}");
    }
    browser.restart();
    assert_eq!(
        browser.text("/username").await,
        "Notch",
        "forgeries did not revoke the real one"
    );
}

/// The members app with member 7, remember me in memory.
async fn members_app() -> (Members, Server) {
    let members = Members::with(&["7"]);
    let app = apps::members(members.clone(), &Backends::default(), (MEMBERS_KEY, &[]));
    (members, Server::start(app).await)
}

#[tokio::test]
async fn a_cookie_for_a_removed_user_means_anonymous() {
    let (members, server) = members_app().await;
    let browser = server.cookie_browser();
    browser.text("/login/7?remember=1").await;
    members.remove("7");
    browser.restart();
    assert_eq!(browser.text("/name").await, "Anonymous");
    members.put("7", "initial-password-hash");
    assert_eq!(
        browser.text("/name").await,
        "Anonymous",
        "the series went with the user"
    );
}

#[tokio::test]
async fn a_password_change_logs_out_every_session_and_remember_cookie() {
    let (members, server) = members_app().await;
    let (laptop, phone) = (server.cookie_browser(), server.cookie_browser());
    laptop.text("/login/7").await;
    phone.text("/login/7?remember=1").await;
    assert_eq!(laptop.text("/name").await, "member 7");
    assert_eq!(phone.text("/name").await, "member 7");

    members.put("7", "changed-password-hash");
    assert_eq!(laptop.text("/name").await, "Anonymous");
    assert_eq!(phone.text("/name").await, "Anonymous");
    phone.restart();
    assert_eq!(
        phone.text("/name").await,
        "Anonymous",
        "the remember cookie died too"
    );

    laptop.text("/login/7").await;
    assert_eq!(laptop.text("/name").await, "member 7", "a new login works");
}

#[tokio::test]
async fn key_rotation_accepts_the_old_key_and_reissues_under_the_new_one() {
    const OLD: &[u8] = b"old-key-old-key-old-key-old-key-old-key!";
    let members = Members::with(&["7"]);
    let store = Backends::default();
    let before = Server::start(apps::members(members.clone(), &store, (OLD, &[]))).await;
    let browser = before.cookie_browser();
    browser.text("/login/7?remember=1").await;
    let old_cookie = browser.cookie("remember_token").expect("cookie");

    let rotated = Server::start(apps::members(
        members.clone(),
        &store,
        (MEMBERS_KEY, &[OLD]),
    ))
    .await;
    let browser = rotated.cookie_browser();
    browser.set_cookie("remember_token", Some(&old_cookie), true);
    assert_eq!(
        browser.text("/name").await,
        "member 7",
        "the fallback key verifies"
    );
    let new_cookie = browser.cookie("remember_token").expect("re-issued");
    assert_ne!(new_cookie, old_cookie);

    let after = Server::start(apps::members(members, &store, (MEMBERS_KEY, &[]))).await;
    let browser = after.cookie_browser();
    browser.set_cookie("remember_token", Some(&new_cookie), true);
    assert_eq!(
        browser.text("/name").await,
        "member 7",
        "signed with the new key"
    );
    let stale = after.cookie_browser();
    stale.set_cookie("remember_token", Some(&old_cookie), true);
    assert_eq!(
        stale.text("/name").await,
        "Anonymous",
        "the old key alone is no longer enough"
    );
}

#[tokio::test]
async fn a_store_outage_during_restore_is_a_503_on_guarded_routes() {
    let store = TestStore::default();
    let server = Server::conformance_with_store(&[], store.clone()).await;
    let (browser, _) = logged_in_with_remember(&server, "").await;
    browser.restart();
    store.set_down(true);
    assert_eq!(
        browser.get("/protected").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(browser.text("/username").await, "Anonymous");
    store.set_down(false);
    assert_eq!(browser.text("/username").await, "Notch");
}

#[test]
fn short_secret_keys_are_refused_at_start() {
    let settings =
        Settings::from_lookup(|name| (name == "SECRET_KEY").then(|| "too-short".to_owned()))
            .expect("settings parse");
    let error = conformance::app(&settings).expect_err("short key refused");
    assert_eq!(
        error,
        conformance::SettingsError::Manager(ConfigError::SecretKeyTooShort { len: 9 })
    );
    assert!(error.to_string().contains("at least 32 bytes"), "{error}");
}
