//! The load side: many visitors at once until the request budget or the time limit is spent,
//! with the server's RSS and store size sampled at each quarter of the run.

use std::{
    error::Error,
    fmt::Write as _,
    sync::{Arc, atomic::Ordering},
    time::{Duration, Instant},
};

use rand::{SeedableRng, rngs::StdRng};
use reqwest::Client;

use crate::visitor::{Tally, Visitor};

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub admin: String,
    pub server_pid: u32,
    pub requests: u64,
    pub clients: u32,
    pub max_seconds: u64,
    /// Whether visitors restart their browser (leaving their session behind in the store).
    pub restarts: bool,
}

/// The server at one point of the run.
#[derive(Debug, Clone)]
struct Sample {
    percent: u64,
    requests: u64,
    seconds: f64,
    rss_kib: u64,
    peak_rss_kib: u64,
    /// Records in the session store (all, sessions with a login, remember series, others), then
    /// live logins in the login store.
    records: [u64; 5],
    restarts: u64,
}

/// Runs the plan and prints the report; `Ok(false)` when a request got a `5xx`, a wrong user,
/// or a refusal set a session cookie.
pub async fn run(plan: Plan) -> Result<bool, Box<dyn Error>> {
    if !plan.base.starts_with("http://127.0.0.1:") || !plan.admin.starts_with("http://127.0.0.1:") {
        return Err("the soak run talks to 127.0.0.1 only".into());
    }
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(usize::try_from(plan.clients)?)
        .build()?;
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let deadline = started + Duration::from_secs(plan.max_seconds);
    let mut samples = vec![sample(&plan, &http, &tally, 0, started).await?];

    let mut tasks = Vec::new();
    for client in 0..plan.clients {
        let (http, tally, base) = (http.clone(), Arc::clone(&tally), plan.base.clone());
        let restarts = plan.restarts;
        let budget = plan.requests;
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(u64::from(client));
            let mut visitor = Visitor::default();
            while tally.requests.load(Ordering::Relaxed) < budget && Instant::now() < deadline {
                visitor.act(&http, &base, restarts, &mut rng, &tally).await;
            }
        }));
    }
    for percent in [25, 50, 75] {
        let threshold = plan.requests * percent / 100;
        while tally.requests.load(Ordering::Relaxed) < threshold && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        samples.push(sample(&plan, &http, &tally, percent, started).await?);
    }
    for task in tasks {
        task.await?;
    }
    samples.push(sample(&plan, &http, &tally, 100, started).await?);
    print!("{}", report(&plan, &samples, &tally));
    Ok(tally.server_errors.load(Ordering::Relaxed) == 0
        && tally.wrong_users.load(Ordering::Relaxed) == 0
        && tally.refusals_with_session.load(Ordering::Relaxed) == 0)
}

async fn sample(
    plan: &Plan,
    http: &Client,
    tally: &Tally,
    percent: u64,
    started: Instant,
) -> Result<Sample, Box<dyn Error>> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", plan.server_pid))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse().ok())
            .unwrap_or(0)
    };
    let census = http
        .get(format!("{}/records", plan.admin))
        .send()
        .await?
        .text()
        .await?;
    let mut records = [0; 5];
    for (slot, count) in records.iter_mut().zip(census.split_whitespace()) {
        *slot = count.parse()?;
    }
    Ok(Sample {
        percent,
        requests: tally.requests.load(Ordering::Relaxed),
        seconds: started.elapsed().as_secs_f64(),
        rss_kib: field("VmRSS:"),
        peak_rss_kib: field("VmHWM:"),
        records,
        restarts: tally.restarts.load(Ordering::Relaxed),
    })
}

#[expect(
    clippy::cast_precision_loss,
    reason = "request counts and kibibytes far below 2^52"
)]
fn report(plan: &Plan, samples: &[Sample], tally: &Tally) -> String {
    let mut out = String::new();
    let last = samples.last().expect("a final sample");
    let _ = writeln!(
        out,
        "soak: {} requests from {} clients ({}) in {:.1} s: {:.0} requests/s",
        last.requests,
        plan.clients,
        if plan.restarts {
            "with browser restarts"
        } else {
            "logging out instead of restarting"
        },
        last.seconds,
        last.requests as f64 / last.seconds.max(f64::EPSILON)
    );
    let _ = writeln!(
        out,
        "{:>5} {:>9} {:>8} {:>9} {:>8} {:>9} {:>8} {:>7} {:>7} {:>6} {:>7} {:>9}",
        "run",
        "requests",
        "seconds",
        "req/s",
        "RSS MiB",
        "peak MiB",
        "records",
        "login",
        "series",
        "other",
        "logins",
        "restarts"
    );
    for pair in samples.windows(2) {
        let (before, sample) = (&pair[0], &pair[1]);
        let rate = (sample.requests - before.requests) as f64
            / (sample.seconds - before.seconds).max(f64::EPSILON);
        let _ = writeln!(
            out,
            "{:>4}% {:>9} {:>8.1} {:>9.0} {:>8.1} {:>9.1} {:>8} {:>7} {:>7} {:>6} {:>7} {:>9}",
            sample.percent,
            sample.requests,
            sample.seconds,
            rate,
            sample.rss_kib as f64 / 1024.0,
            sample.peak_rss_kib as f64 / 1024.0,
            sample.records[0],
            sample.records[1],
            sample.records[2],
            sample.records[3],
            sample.records[4],
            sample.restarts
        );
    }
    let _ = writeln!(
        out,
        "records: session-store records, of which with a login, remember series, other (a \
         session without a login); logins: live logins in the login store; restarts: browser \
         restarts of logged-in visitors so far"
    );
    let count = |counter: &std::sync::atomic::AtomicU64| counter.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "5xx: {}  wrong users: {}  lost logins: {}  refusals that set a session: {}  \
         other unexpected answers: {}  failed requests: {}",
        count(&tally.server_errors),
        count(&tally.wrong_users),
        count(&tally.lost_logins),
        count(&tally.refusals_with_session),
        count(&tally.unexpected),
        count(&tally.failed)
    );
    out
}
