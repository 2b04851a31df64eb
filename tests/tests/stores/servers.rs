//! The servers the store tests run against, as `scripts/with-test-servers` announces them in the environment,
//! and names that keep parallel and repeated runs apart.
//!
//! Without a variable a test prints a note and returns early; with `LOGIN_TEST_REQUIRE_SERVERS=1`
//! it fails instead.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
    time::{Duration, Instant},
};

/// `redis://` URL of a shared Redis server.
pub const REDIS_URL: &str = "LOGIN_TEST_REDIS_URL";
/// `postgres://` URL of a PostgreSQL database whose user may create schemas.
pub const DATABASE_URL: &str = "LOGIN_TEST_DATABASE_URL";
/// Path of a `redis-server` binary, for tests that stop and start their own server.
pub const REDIS_SERVER: &str = "LOGIN_TEST_REDIS_SERVER";

/// The value of the server variable `name`; `None` (after a note) when it is unset and servers
/// are not required.
///
/// # Panics
///
/// When it is unset and `LOGIN_TEST_REQUIRE_SERVERS=1`.
pub fn server_var(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Some(value),
        _ if std::env::var("LOGIN_TEST_REQUIRE_SERVERS").as_deref() == Ok("1") => {
            panic!(
                "{name} is unset but LOGIN_TEST_REQUIRE_SERVERS=1: run the tests with scripts/with-test-servers"
            )
        }
        _ => {
            eprintln!(
                "note: {name} is unset, so this test does nothing (scripts/with-test-servers sets it)"
            );
            None
        }
    }
}

/// A name no other test of this run or of an earlier run uses: `<prefix>_<pid>_<n>_<random>`,
/// valid as a Redis key prefix and as an SQL identifier.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let random: u32 = rand_u32();
    format!(
        "{prefix}_{}_{}_{random:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    let hash = RandomState::new().hash_one(Instant::now());
    u32::try_from(hash & u64::from(u32::MAX)).expect("masked to 32 bits")
}

/// A `redis-server` of this test's own on a free loopback port, which the test can stop and
/// start again. Its data survives a restart (append-only file in a directory of its own); the
/// process is killed when this is dropped.
#[derive(Debug)]
pub struct OwnRedis {
    binary: PathBuf,
    port: u16,
    dir: PathBuf,
    process: Option<Child>,
}

impl OwnRedis {
    /// Starts a server with the binary named by `LOGIN_TEST_REDIS_SERVER`; `None` when unset.
    pub async fn start() -> Option<Self> {
        let binary = PathBuf::from(server_var(REDIS_SERVER)?);
        let port = free_port();
        let dir = std::env::temp_dir().join(unique_name("login_test_redis"));
        std::fs::create_dir_all(&dir).expect("redis data directory");
        let mut redis = Self {
            binary,
            port,
            dir,
            process: None,
        };
        redis.resume().await;
        Some(redis)
    }

    /// Its `redis://` URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops the server (`SIGKILL` after it flushed its data with every write): the port refuses
    /// connections until [`resume`](Self::resume).
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill().expect("kill redis-server");
            process.wait().expect("wait for redis-server");
        }
    }

    /// Freezes the server (`SIGSTOP`): connections stay open but nothing answers, as with a
    /// server stuck or cut off without a reset, until [`unpause`](Self::unpause).
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Lets a paused server run again.
    pub fn unpause(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let process = self.process.as_ref().expect("redis-server is running");
        let status = Command::new("kill")
            .args([signal, &process.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {signal}");
    }

    /// Starts the server again on the same port with the same data, and waits until it answers.
    pub async fn resume(&mut self) {
        self.restart();
        self.wait_until_it_answers().await;
    }

    /// Starts the server again on the same port with the same data.
    pub fn restart(&mut self) {
        assert!(self.process.is_none(), "redis-server is running");
        let process = Command::new(&self.binary)
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("start {}: {error}", self.binary.display()));
        self.process = Some(process);
    }

    /// Waits until the server accepts connections.
    pub async fn wait_until_it_answers(&self) {
        wait_for_port(self.port).await;
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

async fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "redis-server on port {port} never answered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
