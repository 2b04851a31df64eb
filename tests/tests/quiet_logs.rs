//! The log at `TRACE` through a whole flow (refusals, login, remember, restores, theft, forged
//! cookies, API tokens, logout) holds no session id, token, cookie value or signature; routine
//! per-request events are at `DEBUG`, logins and logouts at `INFO`, theft at `WARN`.
//!
//! Its own test binary: the subscriber it installs is process-wide.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use axum::body::Body;
use examples::conformance::{Settings, User, app_and_manager};
use http::{
    Request, StatusCode,
    header::{AUTHORIZATION, SET_COOKIE},
};
use login_runtime::{testing::TestClient, tower_sessions::MemoryStore};
use tracing_subscriber::fmt::MakeWriter;

/// Every line written by the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().expect("log"))
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// A browser that notes every cookie value it is sent or given.
struct Client {
    browser: TestClient<User>,
    /// Every cookie value the server set, and every value planted by hand.
    seen: Vec<String>,
}

impl Client {
    fn new(app: &TestClient<User>) -> Self {
        Self {
            browser: app.new_browser(),
            seen: Vec::new(),
        }
    }

    fn plant(&mut self, name: &str, value: &str) {
        self.browser
            .set_cookie(&format!("{name}={value}; Path=/; Max-Age=3600"));
        self.seen.push(value.to_owned());
    }

    fn cookie(&self, name: &str) -> String {
        self.browser.cookie(name).expect(name)
    }

    async fn get(&mut self, path: &str) -> (StatusCode, String) {
        self.get_with(path, None).await
    }

    async fn get_with(&mut self, path: &str, bearer: Option<&str>) -> (StatusCode, String) {
        let mut request = Request::get(path);
        if let Some(token) = bearer {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = self
            .browser
            .request(request.body(Body::empty()).expect("request"))
            .await;
        for set_cookie in response.headers.get_all(SET_COOKIE) {
            let set_cookie = set_cookie.to_str().expect("ascii");
            let (_, rest) = set_cookie.split_once('=').expect("name=value");
            let value = rest.split(';').next().unwrap_or_default();
            if !value.is_empty() {
                self.seen.push(value.to_owned());
            }
        }
        (response.status, response.text)
    }
}

/// The secrets within `values`: each value, and each dot-separated part of a signed one (a
/// series id, a token, a payload, a signature), from 8 characters up.
fn secrets(values: &[String]) -> Vec<String> {
    let mut secrets: Vec<String> = values
        .iter()
        .flat_map(|value| std::iter::once(value.as_str()).chain(value.split('.')))
        .filter(|secret| secret.len() >= 8)
        .map(str::to_owned)
        .collect();
    secrets.sort();
    secrets.dedup();
    secrets
}

/// The conformance app with login and refresh views and `next` kept in the session, served, and
/// the secret key it signs with.
async fn start_app() -> (TestClient<User>, String) {
    let settings = Settings::from_lookup(|name| match name {
        "LOGIN_VIEW" => Some("/login".to_owned()),
        "REFRESH_VIEW" => Some("/reauth".to_owned()),
        "USE_SESSION_FOR_NEXT" => Some("1".to_owned()),
        _ => None,
    })
    .expect("settings");
    let (app, manager) = app_and_manager(&settings, MemoryStore::default()).expect("app");
    (TestClient::serve(app, manager).await, settings.secret_key)
}

/// Drives the whole flow; the cookie values seen and planted, and the API token.
async fn run_flow(app: &TestClient<User>) -> Vec<String> {
    // Anonymous refusals, their flash cookie and next URL.
    let mut anonymous = Client::new(app);
    assert_eq!(anonymous.get("/protected").await.0, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.get("/fresh").await.0, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.get("/next").await.1, "/fresh");
    anonymous.get("/flashes").await;

    // Remembered logins, their session, a stale-freshness refusal.
    let mut owner = Client::new(app);
    assert_eq!(owner.get("/login/1?remember=1").await.1, "True");
    assert_eq!(owner.get("/protected").await.1, "Access Granted");
    assert_eq!(owner.get("/login/1?remember=1&fresh=0").await.1, "True");
    assert_eq!(owner.get("/fresh").await.0, StatusCode::SEE_OTHER);
    let first_remember = owner.cookie("remember_token");

    // Two restores from the remember cookie (each rotates its token), then the first cookie
    // comes back: theft.
    let mut restored = Client::new(app);
    restored.plant("remember_token", &first_remember);
    assert_eq!(restored.get("/username").await.1, "Notch");
    restored.browser.set_cookie("session=; Max-Age=0");
    assert_eq!(restored.get("/username").await.1, "Notch");
    let mut thief = Client::new(app);
    thief.plant("remember_token", &first_remember);
    assert_eq!(thief.get("/username").await.1, "Anonymous");

    // Forged and garbage cookies of every kind.
    let mut forger = Client::new(app);
    let session = owner.cookie("session");
    let mut flipped = first_remember.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    for (name, value) in [
        ("session", "AAAAAAAAAAAAAAAAAAAAAA".to_owned()),
        ("session", format!("{session}x")),
        ("remember_token", String::from_utf8(flipped).expect("ascii")),
        (
            "remember_token",
            "v1.forged-series.forged-token.1.forged-signature".to_owned(),
        ),
        (
            "login_flash",
            "v1.eyJlIjo5OTk5OTk5OTk5fQ.forged-signature-value".to_owned(),
        ),
    ] {
        forger.plant(name, &value);
        let (status, _) = forger.get("/protected").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{name}={value}");
        forger.get("/flashes").await;
        forger.browser = app.new_browser();
    }

    // A user without the permission.
    let mut plain = Client::new(app);
    assert_eq!(plain.get("/login/%E4%BD%90%E8%97%A4").await.1, "True");
    assert_eq!(plain.get("/editor").await.0, StatusCode::FORBIDDEN);

    // An API client, then the logout.
    let mut api = Client::new(app);
    assert_eq!(
        api.get_with("/api/username", Some("token-1")).await.1,
        "Notch"
    );
    assert_eq!(owner.get("/logout").await.1, "True");
    assert_eq!(owner.get("/username").await.1, "Anonymous");

    let mut seen = vec!["token-1".to_owned()];
    for client in [&anonymous, &owner, &restored, &thief, &forger, &plain, &api] {
        seen.extend(client.seen.iter().cloned());
    }
    seen
}

fn assert_levels(lines: &[String]) {
    let events = |level: &str, event: &str| {
        lines
            .iter()
            .filter(|line| line.contains(level) && line.contains(&format!("event=\"{event}\"")))
            .count()
    };
    for routine in [
        "user_unauthorized",
        "user_needs_refresh",
        "user_accessed",
        "user_loaded_from_cookie",
        "user_loaded_from_request",
        "permission_denied",
    ] {
        assert!(events("DEBUG", routine) > 0, "{routine} at DEBUG");
        assert_eq!(events("INFO", routine), 0, "{routine} not at INFO");
    }
    for notable in ["user_logged_in", "user_logged_out"] {
        assert!(events("INFO", notable) > 0, "{notable} at INFO");
    }
    assert!(
        lines
            .iter()
            .any(|line| line.contains("WARN") && line.contains("copied")),
        "theft is a warning"
    );
}

#[tokio::test]
async fn no_log_line_holds_a_secret_and_routine_events_are_debug() {
    let log = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(log.clone())
        .init();
    let (app, secret_key) = start_app().await;
    let mut seen = run_flow(&app).await;
    seen.push(secret_key);

    let secrets = secrets(&seen);
    assert!(secrets.len() > 20, "{secrets:?}");
    let lines = log.lines();
    for line in &lines {
        for secret in &secrets {
            assert!(!line.contains(secret.as_str()), "{secret:?} in {line}");
        }
    }
    assert_levels(&lines);
}
