//! The demo app: sign up, log in with "remember me", change your password, log out.
//!
//! ```sh
//! cargo run -p examples --example demo   # then open http://127.0.0.1:3000
//! ```
//!
//! `DATABASE_URL` names the `SQLite` file (default `sqlite://demo.sqlite3`, created on first
//! start), `PORT` the port (default 3000), `SECRET_KEY` the key that signs remember cookies
//! (release builds refuse to start without it).

use std::{error::Error, net::SocketAddr, process::ExitCode};

use examples::demo::{Config, DEMO_PASSWORD, DEMO_USERNAME, app};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("demo: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error + Send + Sync>> {
    let config = Config::from_env()?;
    let app = app(&config).await?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 3000,
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("The demo is running at http://{}/", listener.local_addr()?);
    println!("Log in as `{DEMO_USERNAME}` with the password `{DEMO_PASSWORD}`, or sign up.");
    // Session protection and the login throttle need the client's address.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
