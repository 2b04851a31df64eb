//! Instructions per request of login-runtime, against axum-login 0.18 and tower-sessions alone.
//!
//! `scripts/bench-instructions` runs every scenario under callgrind and prints the ratios. By hand:
//!
//! - `login-bench list`: the scenario names;
//! - `login-bench run SCENARIO REQUESTS`: logs in if the scenario needs it, then sends its request
//!   `REQUESTS` times in-process (tower's `oneshot`, `MemoryStore`, a `HashMap` user table);
//! - `login-bench session-bytes`: how many bytes a login adds to the stored session.

mod app;
mod axum_login_apps;
mod floor_apps;
mod login_runtime_apps;
mod request;
mod scenario;
mod session_bytes;
mod users;

use std::process::ExitCode;

use scenario::Scenario;

const USAGE: &str = "usage: login-bench list | run SCENARIO REQUESTS | session-bytes";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["list"] => {
            for scenario in scenario::ALL {
                println!("{}", scenario.name);
            }
            Ok(())
        }
        ["run", name, requests] => run(name, requests),
        ["session-bytes"] => {
            runtime().block_on(session_bytes::report());
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(name: &str, requests: &str) -> Result<(), String> {
    let scenario =
        Scenario::named(name).ok_or_else(|| format!("no scenario {name:?}; see `list`"))?;
    let requests = requests
        .parse()
        .map_err(|_| format!("not a request count: {requests:?}"))?;
    runtime().block_on(scenario.run(requests))
}

/// One thread, so that callgrind counts one deterministic sequence of instructions; timers,
/// which bound login-runtime's store calls.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime")
}
