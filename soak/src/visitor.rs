//! One simulated browser: its cookies, who it should be logged in as, and the actions it takes.

use std::sync::atomic::{AtomicU64, Ordering};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{Rng, rngs::StdRng};
use reqwest::{Client, StatusCode};

/// What went wrong so far, shared by every visitor.
#[derive(Debug, Default)]
pub struct Tally {
    /// Requests sent.
    pub requests: AtomicU64,
    /// `5xx` answers.
    pub server_errors: AtomicU64,
    /// A user other than the expected one (or a user where an anonymous visitor was expected).
    pub wrong_users: AtomicU64,
    /// Anonymous where a login was expected.
    pub lost_logins: AtomicU64,
    /// Any other unexpected answer.
    pub unexpected: AtomicU64,
    /// Refusals of visitors without a session that set a `session` cookie.
    pub refusals_with_session: AtomicU64,
    /// Browser restarts of logged-in visitors: each leaves a session record behind until it
    /// expires.
    pub restarts: AtomicU64,
    /// Requests that did not complete (connection errors).
    pub failed: AtomicU64,
}

impl Tally {
    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The users a visitor logs in as: the path segment and the name `/username` answers.
const USERS: [(&str, &str); 3] = [
    ("1", "Notch"),
    ("2", "Steve"),
    ("%E4%BD%90%E8%97%A4", "Müller"),
];

/// A browser with its cookies.
#[derive(Debug, Default)]
pub struct Visitor {
    session: Option<String>,
    remember: Option<String>,
    flash: Option<String>,
    /// The name `/username` should answer; `None` for an anonymous visitor.
    user: Option<&'static str>,
}

struct Answer {
    status: StatusCode,
    body: String,
    sets_session: bool,
}

impl Visitor {
    /// One action, chosen by weight: a few requests and their checks.
    /// Without `restarts`, logouts take the place of browser restarts, so no session is ever
    /// left behind.
    pub async fn act(
        &mut self,
        http: &Client,
        base: &str,
        restarts: bool,
        rng: &mut StdRng,
        tally: &Tally,
    ) {
        match rng.gen_range(0..100) {
            0..15 => self.expect(http, base, "/", tally, "Welcome!").await,
            15..30 => self.guarded(http, base, tally).await,
            30..45 => self.username(http, base, tally).await,
            45..53 => {
                let (id, name) = USERS[rng.gen_range(0..USERS.len())];
                let remember = rng.gen_bool(0.5);
                self.login(http, base, tally, id, name, remember).await;
            }
            53..60 if restarts => {
                if self.user.is_some() {
                    Tally::count(&tally.restarts);
                }
                self.restart();
                self.username(http, base, tally).await;
            }
            53..66 => {
                self.expect(http, base, "/logout", tally, "True").await;
                self.user = None;
            }
            66..80 => Self::anonymous_refusal(http, base, tally).await,
            80..90 => Self::forged(http, base, rng, tally).await,
            90..95 => {
                let answer = self.get(http, base, "/flashes", None, tally).await;
                check(answer, tally, |answer| answer.status == StatusCode::OK);
            }
            _ => {
                let answer = Visitor::default()
                    .get(http, base, "/api/username", Some("token-2"), tally)
                    .await;
                check(answer, tally, |answer| answer.body == "Steve");
            }
        }
    }

    async fn login(
        &mut self,
        http: &Client,
        base: &str,
        tally: &Tally,
        id: &str,
        name: &'static str,
        remember: bool,
    ) {
        let path = format!("/login/{id}?remember={}", u8::from(remember));
        if let Some(answer) = self.get(http, base, &path, None, tally).await {
            if answer.body == "True" {
                self.user = Some(name);
                if !remember {
                    // The runtime keeps an older remember cookie of the browser; the login
                    // still belongs to `name`, so a restore of it would be another user.
                    self.remember = None;
                }
            } else {
                Tally::count(&tally.unexpected);
            }
        }
    }

    /// Closes and reopens the browser: the session cookies are gone, the remember cookie stays.
    fn restart(&mut self) {
        self.session = None;
        self.flash = None;
        if self.remember.is_none() {
            self.user = None;
        }
    }

    async fn guarded(&mut self, http: &Client, base: &str, tally: &Tally) {
        let anonymous = self.session.is_none() && self.remember.is_none();
        let Some(answer) = self.get(http, base, "/protected", None, tally).await else {
            return;
        };
        match (self.user, answer.status) {
            (Some(_), StatusCode::OK) | (None, StatusCode::SEE_OTHER) => {
                if anonymous && answer.sets_session {
                    Tally::count(&tally.refusals_with_session);
                }
            }
            (Some(_), StatusCode::SEE_OTHER) => {
                Tally::count(&tally.lost_logins);
                self.user = None;
            }
            (None, StatusCode::OK) => Tally::count(&tally.wrong_users),
            _ => Tally::count(&tally.unexpected),
        }
    }

    async fn username(&mut self, http: &Client, base: &str, tally: &Tally) {
        let Some(answer) = self.get(http, base, "/username", None, tally).await else {
            return;
        };
        match (self.user, answer.body.as_str()) {
            (Some(user), body) if body == user => {}
            (None, "Anonymous") => {}
            (Some(_), "Anonymous") => {
                Tally::count(&tally.lost_logins);
                self.user = None;
            }
            _ => Tally::count(&tally.wrong_users),
        }
    }

    async fn expect(&mut self, http: &Client, base: &str, path: &str, tally: &Tally, body: &str) {
        let answer = self.get(http, base, path, None, tally).await;
        check(answer, tally, |answer| answer.body == body);
    }

    /// A visitor without cookies refused at a guarded route: a redirect, and no session.
    async fn anonymous_refusal(http: &Client, base: &str, tally: &Tally) {
        let answer = Visitor::default()
            .get(http, base, "/protected", None, tally)
            .await;
        if let Some(answer) = &answer
            && answer.sets_session
        {
            Tally::count(&tally.refusals_with_session);
        }
        check(answer, tally, |answer| {
            answer.status == StatusCode::SEE_OTHER
        });
    }

    /// Made-up session ids, remember cookies and flash cookies: anonymous, never a user.
    async fn forged(http: &Client, base: &str, rng: &mut StdRng, tally: &Tally) {
        let random = |rng: &mut StdRng, len: usize| {
            let bytes: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
            URL_SAFE_NO_PAD.encode(bytes)
        };
        let mut forger = Visitor {
            session: Some(random(rng, 16)),
            remember: Some(format!(
                "v1.{}.{}.4102444800.{}",
                random(rng, 16),
                random(rng, 32),
                random(rng, 64)
            )),
            flash: Some(format!("v1.{}.{}", random(rng, 40), random(rng, 64))),
            user: None,
        };
        forger.username(http, base, tally).await;
        forger.guarded(http, base, tally).await;
    }

    async fn get(
        &mut self,
        http: &Client,
        base: &str,
        path: &str,
        bearer: Option<&str>,
        tally: &Tally,
    ) -> Option<Answer> {
        Tally::count(&tally.requests);
        let mut request = http.get(format!("{base}{path}"));
        let cookies: Vec<String> = [
            ("session", &self.session),
            ("remember_token", &self.remember),
            ("login_flash", &self.flash),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|value| format!("{name}={value}")))
        .collect();
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let Ok(response) = request.send().await else {
            Tally::count(&tally.failed);
            return None;
        };
        let status = response.status();
        if status.is_server_error() {
            Tally::count(&tally.server_errors);
        }
        let mut sets_session = false;
        for header in response.headers().get_all("set-cookie") {
            let Some((name, value)) = header
                .to_str()
                .ok()
                .and_then(|cookie| Some((cookie, cookie.split_once('=')?)))
                .map(|(cookie, (name, rest))| {
                    let value = rest.split(';').next().unwrap_or_default();
                    let deleted = value.is_empty() || cookie.contains("Max-Age=0");
                    (name, (!deleted).then(|| value.to_owned()))
                })
            else {
                continue;
            };
            match name {
                "session" => {
                    sets_session |= value.is_some();
                    self.session = value;
                }
                "remember_token" => self.remember = value,
                "login_flash" => self.flash = value,
                _ => {}
            }
        }
        let body = response.text().await.unwrap_or_default();
        Some(Answer {
            status,
            body,
            sets_session,
        })
    }
}

fn check(answer: Option<Answer>, tally: &Tally, expected: impl FnOnce(&Answer) -> bool) {
    if let Some(answer) = answer
        && !expected(&answer)
    {
        Tally::count(&tally.unexpected);
    }
}
