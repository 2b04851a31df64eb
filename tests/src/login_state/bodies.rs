//! The bodies. Each takes the [`Deployment`] to run on; see the module documentation.

#![allow(
    clippy::missing_panics_doc,
    reason = "test bodies: every panic is a failed requirement, described in the function's docs"
)]

use std::{
    future::Future,
    pin::Pin,
    str::FromStr,
    time::{Duration, Instant},
};

use examples::conformance::Settings;
use http::StatusCode;
use login_runtime::tower_sessions::session::Id;

use login_runtime::testing::TestResponse;

use super::{Browser, Deployment, Instances};

const REMEMBER: &str = "remember_token";
const SESSION: &str = "session";

/// Logs user 1 (`Notch`) in with remember me on instance 0; returns the browser.
async fn remembered_login(instances: &Instances, query: &str) -> Browser {
    let browser = instances.browser();
    let reply = browser.get(0, &format!("/login/1?remember=1{query}")).await;
    assert_eq!(reply.text, "True", "login: {reply:?}");
    assert!(browser.cookie(REMEMBER).is_some(), "a remember cookie");
    browser
}

/// `k` requests at once, request `i` to instance `i % 2`, each from a browser holding only
/// `remember`, to `/username`.
async fn parallel_restores(
    instances: &Instances,
    remember: &str,
    k: usize,
) -> Vec<(Browser, TestResponse)> {
    let requests = (0..k).map(|i| {
        let browser = instances.browser_with(&[(REMEMBER, remember)]);
        tokio::spawn(async move {
            let reply = browser.get(i, "/username").await;
            (browser, reply)
        })
    });
    let mut replies = Vec::new();
    for request in requests.collect::<Vec<_>>() {
        replies.push(request.await.expect("request task"));
    }
    replies
}

/// What a body counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Trials run.
    pub trials: usize,
    /// Requests or browsers that were logged out although they should not have been.
    pub false_logouts: usize,
    /// Sessions or cookies that were still logged in although they should not have been.
    pub survivors: usize,
}

/// `k` tabs restore from one remember cookie at once, on both instances; then the browser keeps
/// the cookies of one of them (a different one each trial) and goes on: every request must
/// stay logged in. Panics unless there are 0 false logouts in `trials` trials.
pub async fn parallel_restores_keep_the_cookie(
    deployment: &dyn Deployment,
    k: usize,
    trials: usize,
) -> Tally {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let mut false_logouts = 0;
    for trial in 0..trials {
        let owner = remembered_login(&instances, "").await;
        let remember = owner.cookie(REMEMBER).expect("cookie");
        let replies = parallel_restores(&instances, &remember, k).await;
        false_logouts += replies
            .iter()
            .filter(|(_, reply)| reply.text != "Notch")
            .count();
        let (kept, _) = &replies[trial % k];
        false_logouts += usize::from(kept.text(trial + 1, "/username").await != "Notch");
        kept.restart();
        false_logouts += usize::from(kept.text(trial, "/username").await != "Notch");
        false_logouts += usize::from(kept.text(trial + 1, "/username").await != "Notch");
    }
    let tally = Tally {
        trials,
        false_logouts,
        survivors: 0,
    };
    assert_eq!(tally.false_logouts, 0, "k = {k}: {tally:?}");
    tally
}

/// `k` tabs restore at once, then the browser logs out with the cookies of one of them: every
/// session and remember cookie any of them got must be logged out. Panics unless there are 0
/// survivors in `trials` trials.
pub async fn racing_restores_then_logout_leave_no_survivor(
    deployment: &dyn Deployment,
    k: usize,
    trials: usize,
) -> Tally {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let mut survivors = 0;
    for trial in 0..trials {
        let owner = remembered_login(&instances, "").await;
        let remember = owner.cookie(REMEMBER).expect("cookie");
        let replies = parallel_restores(&instances, &remember, k).await;
        let (kept, _) = &replies[trial % k];
        assert_eq!(kept.text(trial + 1, "/logout").await, "True");
        let mut cookies: Vec<(&str, String)> = vec![(REMEMBER, remember.clone())];
        for (_, reply) in &replies {
            for name in [SESSION, REMEMBER] {
                if let Some(value) = cookie_value(reply, name).filter(|value| !value.is_empty()) {
                    cookies.push((name, value));
                }
            }
        }
        for (n, (name, value)) in cookies.iter().enumerate() {
            let browser = instances.browser_with(&[(name, value)]);
            survivors += usize::from(browser.text(n, "/username").await != "Anonymous");
        }
    }
    let tally = Tally {
        trials,
        false_logouts: 0,
        survivors,
    };
    assert_eq!(tally.survivors, 0, "k = {k}: {tally:?}");
    tally
}

/// A thief restores `restores` times from a stolen remember cookie, each time with the newest
/// cookie it got, on alternating instances; then the owner logs out: none of the thief's
/// sessions or cookies may stay logged in.
pub async fn thief_restores_then_owner_logout_leave_no_survivor(
    deployment: &dyn Deployment,
    restores: usize,
) -> Tally {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let owner = remembered_login(&instances, "").await;
    let mut stolen = owner.cookie(REMEMBER).expect("cookie");
    let mut thieves = Vec::new();
    for n in 0..restores {
        let thief = instances.browser_with(&[(REMEMBER, &stolen)]);
        assert_eq!(thief.text(n, "/username").await, "Notch", "restore {n}");
        stolen = thief.cookie(REMEMBER).expect("the thief keeps a cookie");
        thieves.push(thief);
    }
    assert_eq!(owner.text(1, "/logout").await, "True");
    let mut survivors = 0;
    for (n, thief) in thieves.iter().enumerate() {
        survivors += usize::from(thief.text(n, "/username").await != "Anonymous");
        thief.restart();
        survivors += usize::from(thief.text(n + 1, "/username").await != "Anonymous");
    }
    let tally = Tally {
        trials: restores,
        false_logouts: 0,
        survivors,
    };
    assert_eq!(tally.survivors, 0, "{tally:?}");
    tally
}

/// A request in flight during a logout saves its session afterwards (here: the session record
/// as it was before the logout, written back through the shared session store): the session
/// stays logged out, on both instances, remembered or not.
pub async fn a_late_save_after_revocation_stays_logged_out(deployment: &dyn Deployment) {
    let instances = Instances::start(deployment, &Settings::default()).await;
    for query in ["", "?remember=1"] {
        let owner = instances.browser();
        assert_eq!(owner.text(0, &format!("/login/1{query}")).await, "True");
        let cookie = owner.cookie(SESSION).expect("session cookie");
        let id = Id::from_str(&cookie).expect("session id");
        let sessions = deployment.sessions();
        let in_flight = sessions
            .load(&id)
            .await
            .expect("load")
            .expect("session record");
        assert_eq!(owner.text(1, "/logout").await, "True");
        sessions.save(&in_flight).await.expect("late save");
        assert!(
            sessions.load(&id).await.expect("load").is_some(),
            "the late save happened"
        );
        for n in 0..2 {
            let late = instances.browser_with(&[(SESSION, &cookie)]);
            assert_eq!(late.text(n, "/username").await, "Anonymous", "{query}");
            assert_eq!(
                late.get(n, "/protected").await.status,
                StatusCode::UNAUTHORIZED,
                "{query}"
            );
        }
    }
}

/// The login id from inside the remember cookie, sent as a session cookie (with or without
/// a request that writes the session), changes nothing about the login: it is not a session,
/// it does not log anyone in, and the login still ends when its 60 seconds are over.
pub async fn the_login_id_as_a_session_cookie_changes_nothing(deployment: &dyn Deployment) {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let owner = remembered_login(&instances, "&duration=60").await;
    let remember = owner.cookie(REMEMBER).expect("cookie");
    let login_id = remember
        .split('.')
        .nth(1)
        .expect("login id in the cookie")
        .to_owned();
    for (n, path) in ["/username", "/login/2", "/flashes", "/username"]
        .iter()
        .enumerate()
    {
        let forger = instances.browser_with(&[(SESSION, &login_id)]);
        let reply = forger.get(n, path).await;
        assert_ne!(reply.text, "Notch", "{path}");
        assert_ne!(
            cookie_value(&reply, SESSION).as_deref(),
            Some(login_id.as_str()),
            "{path}"
        );
    }
    owner.restart();
    assert_eq!(owner.text(1, "/username").await, "Notch");
    instances.clock.advance(Duration::from_secs(61));
    owner.restart();
    assert_eq!(
        owner.text(0, "/username").await,
        "Anonymous",
        "the login lasted its 60 seconds, not longer"
    );
}

/// Remember durations of `u64::MAX` and 10^12 seconds log in with a cookie that expires about
/// 400 days from now (never in the past), restore until then, and not after.
pub async fn the_longest_durations_work(deployment: &dyn Deployment) {
    for seconds in [u64::MAX, 1_000_000_000_000] {
        let instances = Instances::start(deployment, &Settings::default()).await;
        let browser = instances.browser();
        let reply = browser
            .get(0, &format!("/login/1?remember=1&duration={seconds}"))
            .await;
        assert_eq!(reply.text, "True", "{seconds}: {reply:?}");
        let cookie = reply.set_cookie(REMEMBER).expect("remember cookie");
        let expires = cookie.expires_datetime().expect("an Expires attribute");
        let days = (expires - time::OffsetDateTime::now_utc()).whole_days();
        assert!(
            (399..=400).contains(&days),
            "{seconds}: expires in {days} days: {cookie}"
        );
        browser.restart();
        assert_eq!(browser.text(1, "/username").await, "Notch", "{seconds}");
        instances.clock.advance(Duration::from_hours(399 * 24));
        browser.restart();
        assert_eq!(browser.text(0, "/username").await, "Notch", "{seconds}");
        instances.clock.advance(Duration::from_hours(2 * 24));
        browser.restart();
        assert_eq!(browser.text(1, "/username").await, "Anonymous", "{seconds}");
    }
}

/// The value of the cookie `name` that `reply` sets: `Some("")` for a deletion.
fn cookie_value(reply: &TestResponse, name: &str) -> Option<String> {
    reply
        .set_cookie(name)
        .map(|cookie| cookie.value().to_owned())
}

/// Switches a store outage on (`true`) or off.
pub type Outage<'a> = &'a (dyn Fn(bool) -> Pin<Box<dyn Future<Output = ()> + Send>> + Sync);

/// What one request answered during an outage, and how long it took.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The request.
    pub path: &'static str,
    /// Its status.
    pub status: StatusCode,
    /// How long it took.
    pub latency: Duration,
}

/// During a store outage (switched by `outage`) with the deployment's store timeout `bound`:
/// public routes answer as usual, routes that need the user answer `503` within the bound plus
/// one second, never a redirect and never a cookie deletion; after the outage everything works
/// again without a restart. Returns the answers seen during the outage.
pub async fn an_outage_answers_503_within_the_bound(
    deployment: &dyn Deployment,
    outage: Outage<'_>,
    bound: Duration,
) -> Vec<Answer> {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let owner = remembered_login(&instances, "").await;
    let remember = owner.cookie(REMEMBER).expect("cookie");
    outage(true).await;
    let mut answers = Vec::new();
    for (n, (client, path)) in [
        (&owner, "/"),
        (&owner, "/protected"),
        (&owner, "/username"),
        (
            &instances.browser_with(&[(REMEMBER, &remember)]),
            "/protected",
        ),
        (
            &instances.browser_with(&[(REMEMBER, &remember)]),
            "/username",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let started = Instant::now();
        let reply = client.get(n, path).await;
        let answer = Answer {
            path,
            status: reply.status,
            latency: started.elapsed(),
        };
        assert!(
            answer.latency <= bound + Duration::from_secs(1),
            "{answer:?}"
        );
        assert_eq!(reply.location(), None, "never a redirect: {answer:?}");
        assert_ne!(
            cookie_value(&reply, REMEMBER).as_deref(),
            Some(""),
            "never a deletion: {answer:?}"
        );
        match path {
            "/" => assert_eq!(reply.text, "Welcome!", "{answer:?}"),
            "/protected" => assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{answer:?}"),
            _ => assert_eq!(reply.text, "Anonymous", "{answer:?}: never a wrong user"),
        }
        answers.push(answer);
    }
    outage(false).await;
    assert_eq!(owner.text(0, "/username").await, "Notch", "recovered");
    assert_eq!(owner.text(1, "/protected").await, "Access Granted");
    owner.restart();
    assert_eq!(
        owner.text(1, "/username").await,
        "Notch",
        "the cookie survived"
    );
    answers
}

/// One user logged in on both instances (three browsers): `/devices` on either instance lists
/// all three logins, oldest first, and an end on one instance is seen on the other at once.
pub async fn devices_are_shared_across_instances(deployment: &dyn Deployment) {
    let instances = Instances::start(deployment, &Settings::default()).await;
    let browsers = [
        instances.browser(),
        instances.browser(),
        instances.browser(),
    ];
    for (n, browser) in browsers.iter().enumerate() {
        let query = if n == 1 { "?remember=1" } else { "" };
        assert_eq!(browser.text(n, &format!("/login/1{query}")).await, "True");
        instances.clock.advance(Duration::from_secs(1));
    }
    for (n, browser) in browsers.iter().enumerate().take(2) {
        let listed = browser.text(n + 1, "/devices").await;
        let expected = (0..3)
            .map(|m| {
                format!(
                    r#"{{"current":{},"remembered":{},"user_agent":null}}"#,
                    m == n,
                    m == 1
                )
            })
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(listed, format!("[{expected}]"), "listed by browser {n}");
    }
    assert_eq!(browsers[0].text(1, "/devices/end/1").await, "True");
    assert_eq!(browsers[1].text(0, "/username").await, "Anonymous");
    browsers[1].restart();
    assert_eq!(browsers[1].text(1, "/username").await, "Anonymous");
    assert_eq!(browsers[2].text(0, "/devices/end-others").await, "True");
    assert_eq!(browsers[0].text(1, "/username").await, "Anonymous");
    assert_eq!(browsers[2].text(1, "/username").await, "Notch");
    assert_eq!(
        browsers[2].text(0, "/devices").await,
        r#"[{"current":true,"remembered":false,"user_agent":null}]"#
    );
}
