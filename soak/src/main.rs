//! A soak run of the conformance app: `soak serve` runs the app (over a store that counts its
//! records, reported on a separate admin port), `soak load` drives a bounded mixed load at it
//! over loopback and reports throughput, the server's RSS, the store's size and every wrong
//! answer. `scripts/soak` builds both in release mode and runs them as separate processes.

mod load;
mod server;
mod visitor;

use std::{process::ExitCode, str::FromStr};

const USAGE: &str = "usage:
  soak serve PORT ADMIN_PORT
  soak load BASE_URL ADMIN_URL SERVER_PID [REQUESTS] [CLIENTS] [MAX_SECONDS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("soak: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match args.first().map(String::as_str) {
        Some("serve") if args.len() == 3 => match (number(&args[1]), number(&args[2])) {
            (Some(port), Some(admin_port)) => runtime.block_on(server::serve(port, admin_port)),
            _ => Err(USAGE.into()),
        },
        Some("load") if (4..=7).contains(&args.len()) => {
            let plan = load::Plan {
                base: args[1].clone(),
                admin: args[2].clone(),
                server_pid: number(&args[3]).unwrap_or(0),
                requests: args
                    .get(4)
                    .and_then(|value| number(value))
                    .unwrap_or(200_000),
                clients: args.get(5).and_then(|value| number(value)).unwrap_or(64),
                max_seconds: args.get(6).and_then(|value| number(value)).unwrap_or(900),
                restarts: std::env::var("SOAK_RESTARTS").map_or(true, |value| value != "0"),
            };
            runtime.block_on(load::run(plan))
        }
        _ => Err(USAGE.into()),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(error) => {
            eprintln!("soak: {error}");
            ExitCode::FAILURE
        }
    }
}

fn number<T: FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}
