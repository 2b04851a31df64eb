//! The conformance app of `shared/conformance-app.md`: every behaviour of `login-runtime` on
//! one route each. Settings come from environment variables with Flask-Login's names.
//!
//! ```sh
//! LOGIN_VIEW=/login cargo run -p examples --example conformance
//! ```

use std::{error::Error, net::SocketAddr, process::ExitCode};

use examples::conformance::{Settings, app};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("conformance: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let settings = Settings::from_env()?;
    let app = app(&settings)?;
    let listener = TcpListener::bind(("127.0.0.1", settings.port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    // Session protection compares client addresses, so the app needs to see them.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
