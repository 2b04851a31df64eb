//! Serves apps on 127.0.0.1 with `testing::TestClient`, the browsers of every test: a cookie
//! jar, no redirects followed, any address and User-Agent (`new_browser`, `with_*`).

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use axum::{Router, body::Body};
use examples::conformance::{self, Backends, Settings, User};
use http::{Method, Request, StatusCode};
use login_runtime::{
    AuthUser, LoginManager,
    testing::{TestClient, TestResponse},
    tower_sessions::{
        MemoryStore, SessionStore,
        session::{Id, Record},
        session_store,
    },
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// The conformance app with these environment settings and an in-memory store.
pub async fn serve_conformance(vars: &[(&str, &str)]) -> TestClient<User> {
    serve_conformance_with_store(vars, MemoryStore::default()).await
}

/// The conformance app with these environment settings over `store`.
pub async fn serve_conformance_with_store(
    vars: &[(&str, &str)],
    store: impl SessionStore + Clone,
) -> TestClient<User> {
    serve_conformance_on(vars, &Backends::over(store)).await
}

/// The conformance app with these environment settings over `backends`.
pub async fn serve_conformance_on<S: SessionStore + Clone>(
    vars: &[(&str, &str)],
    backends: &Backends<S>,
) -> TestClient<User> {
    serve(conformance::app_and_manager_on(&settings(vars), backends).expect("app")).await
}

/// The conformance settings made of these environment variables.
pub fn settings(vars: &[(&str, &str)]) -> Settings {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Settings::from_lookup(|name| vars.get(name).cloned()).expect("settings")
}

/// Serves an app on a fresh port of 127.0.0.1; the first browser on it.
pub async fn serve<U: AuthUser>((app, manager): (Router, LoginManager<U>)) -> TestClient<U> {
    TestClient::serve(app, manager).await
}

/// Sends `request` as raw bytes on a new connection to `client`'s server and reads the whole
/// answer: for bytes no HTTP client sends.
pub async fn raw_request<U: AuthUser>(client: &TestClient<U>, request: &[u8]) -> String {
    let address = client.address().expect("a served client");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    String::from_utf8_lossy(&response).into_owned()
}

/// What the tests ask of a browser besides `TestClient`'s own methods.
pub trait Browse {
    /// `GET path` and the body, asserting a `200 OK`.
    async fn text(&self, path: &str) -> String;

    /// A request with extra headers (a hand-made `Cookie` goes before the jar's cookies).
    async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> TestResponse;

    /// `GET path` with extra headers.
    async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        self.send(Method::GET, path, headers).await
    }

    /// Holds cookie `name` with `value` until it expires in a day, browser restarts included.
    fn hold_cookie(&self, name: &str, value: &str);
}

impl<U: AuthUser> Browse for TestClient<U> {
    async fn text(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "GET {path}: {response:?}");
        response.text
    }

    async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::empty()).expect("request"))
            .await
    }

    fn hold_cookie(&self, name: &str, value: &str) {
        self.set_cookie(&format!("{name}={value}; Path=/; Max-Age=86400"));
    }
}

/// Asserts what each `(path, status, body)` answers to a new browser that sends only `cookie`.
pub async fn assert_answers<U: AuthUser>(
    server: &TestClient<U>,
    cookie: &str,
    expected: &[(&str, StatusCode, &str)],
) {
    for &(path, status, body) in expected {
        let reply = server
            .new_browser()
            .send(Method::GET, path, &[("cookie", cookie)])
            .await;
        assert_eq!(
            (reply.status, reply.text.as_str()),
            (status, body),
            "{path} with {cookie}"
        );
    }
}

/// The whole `Set-Cookie` header for `name` in `response`, as sent.
pub fn set_cookie_header(response: &TestResponse, name: &str) -> Option<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.split_once('=').is_some_and(|(n, _)| n == name))
        .map(str::to_owned)
}

/// A memory store that counts loads and can be switched into an outage.
#[derive(Debug, Clone, Default)]
pub struct TestStore {
    inner: MemoryStore,
    loads: Arc<AtomicUsize>,
    down: Arc<AtomicBool>,
}

impl TestStore {
    /// How many session records were loaded so far.
    pub fn loads(&self) -> usize {
        self.loads.load(Ordering::SeqCst)
    }

    /// From now on every call fails (`true`) or works (`false`).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    fn check(&self) -> session_store::Result<()> {
        if self.down.load(Ordering::SeqCst) {
            Err(session_store::Error::Backend("store is down".to_owned()))
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for TestStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.check()?;
        self.inner.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.check()?;
        self.inner.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.loads.fetch_add(1, Ordering::SeqCst);
        self.check()?;
        self.inner.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.check()?;
        self.inner.delete(id).await
    }
}
