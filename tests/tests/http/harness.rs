//! Starts apps on 127.0.0.1:0 and talks to them like a browser: a cookie jar, no redirects
//! followed.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use axum::Router;
use examples::conformance::{self, Backends, Settings};
use login_runtime::tower_sessions::{
    MemoryStore, SessionStore,
    session::{Id, Record},
    session_store,
};
use reqwest::{Method, StatusCode, cookie::Jar, header::HeaderMap, redirect::Policy};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// A running server; it stops when the test's runtime ends.
pub struct Server {
    pub base: String,
}

impl Server {
    /// Serves `app` on a fresh port of 127.0.0.1.
    pub async fn start(app: Router) -> Self {
        let listener = Self::listener().await;
        Self::serve(listener, app)
    }

    async fn listener() -> TcpListener {
        TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0")
    }

    fn serve(listener: TcpListener, app: Router) -> Self {
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        Self { base }
    }

    /// The conformance app with these environment settings and an in-memory store.
    pub async fn conformance(vars: &[(&str, &str)]) -> Self {
        Self::conformance_with_store(vars, MemoryStore::default()).await
    }

    /// The conformance app with these environment settings over `store`.
    pub async fn conformance_with_store(
        vars: &[(&str, &str)],
        store: impl SessionStore + Clone,
    ) -> Self {
        Self::conformance_on(vars, &Backends::over(store)).await
    }

    /// The conformance app with these environment settings over `backends`.
    pub async fn conformance_on<S: SessionStore + Clone>(
        vars: &[(&str, &str)],
        backends: &Backends<S>,
    ) -> Self {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let settings = Settings::from_lookup(|name| vars.get(name).cloned()).expect("settings");
        Self::start(conformance::app_on(&settings, backends).expect("app")).await
    }

    /// The conformance app whose login view is an absolute URL on its own host.
    pub async fn start_conformance_on_own_host() -> Self {
        let listener = Self::listener().await;
        let login_view = format!("http://{}/login", listener.local_addr().expect("address"));
        let settings =
            Settings::from_lookup(|name| (name == "LOGIN_VIEW").then(|| login_view.clone()))
                .expect("settings");
        Self::serve(listener, conformance::app(&settings).expect("app"))
    }

    /// Sends `request` as raw bytes on a new connection and reads the whole answer.
    pub async fn raw_request(&self, request: &[u8]) -> String {
        let address = self.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).await.expect("connect");
        stream.write_all(request).await.expect("write");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.expect("read");
        String::from_utf8_lossy(&response).into_owned()
    }

    /// A browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(Jar::default());
        Browser {
            http: reqwest::Client::builder()
                .cookie_provider(Arc::clone(&jar))
                .redirect(Policy::none())
                .build()
                .expect("client"),
            base: self.base.clone(),
        }
    }

    /// A client without a cookie jar, for sending hand-made cookies and headers.
    pub fn raw(&self) -> Browser {
        self.raw_from(None, None)
    }

    /// A client without a cookie jar that connects from `address` and sends `user_agent`.
    pub fn raw_from(&self, address: Option<IpAddr>, user_agent: Option<&str>) -> Browser {
        let mut builder = reqwest::Client::builder()
            .redirect(Policy::none())
            .local_address(address);
        if let Some(user_agent) = user_agent {
            builder = builder.user_agent(user_agent);
        }
        Browser {
            http: builder.build().expect("client"),
            base: self.base.clone(),
        }
    }
}

/// An HTTP client bound to one server.
pub struct Browser {
    http: reqwest::Client,
    base: String,
}

/// A response read to the end.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The `Location` header.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of the cookie `name` set by this response, if any.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|cookie| cookie.split(';').next())
            .filter_map(|pair| pair.split_once('='))
            .find(|(cookie, _)| *cookie == name)
            .map(|(_, value)| value.to_owned())
    }
}

impl Browser {
    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, &[]).await
    }

    /// Sends a request with extra headers, such as a hand-made `Cookie`.
    pub async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request");
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        }
    }

    /// `GET path` and the body, asserting a `200 OK`.
    pub async fn text(&self, path: &str) -> String {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {reply:?}");
        reply.body
    }
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

/// A browser whose cookies the test can see and change: `restart` drops session cookies the
/// way closing the browser does, keeping persistent ones such as the remember cookie.
pub struct CookieBrowser {
    client: Browser,
    cookies: Mutex<Vec<StoredCookie>>,
}

#[derive(Debug, Clone)]
pub struct StoredCookie {
    pub name: String,
    pub value: String,
    pub persistent: bool,
}

impl Server {
    /// A [`CookieBrowser`] with no cookies.
    pub fn cookie_browser(&self) -> CookieBrowser {
        CookieBrowser {
            client: self.raw(),
            cookies: Mutex::new(Vec::new()),
        }
    }
}

impl CookieBrowser {
    /// Another machine or browser (by address and User-Agent) holding copies of these cookies.
    pub fn copy_to(
        &self,
        server: &Server,
        address: Option<IpAddr>,
        user_agent: Option<&str>,
    ) -> Self {
        Self {
            client: server.raw_from(address, user_agent),
            cookies: Mutex::new(self.cookies.lock().expect("cookies").clone()),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[]).await
    }

    /// A request with any method, with the cookies.
    pub async fn send(&self, method: Method, path: &str) -> Reply {
        self.send_with(method, path, &[]).await
    }

    /// `GET path` with extra headers besides the cookies.
    pub async fn get_with(&self, path: &str, extra: &[(&str, &str)]) -> Reply {
        self.send_with(Method::GET, path, extra).await
    }

    async fn send_with(&self, method: Method, path: &str, extra: &[(&str, &str)]) -> Reply {
        let header = self.cookie_header();
        let mut headers = extra.to_vec();
        if !header.is_empty() {
            headers.push(("cookie", header.as_str()));
        }
        let reply = self.client.send(method, path, &headers).await;
        self.store(&reply);
        reply
    }

    pub async fn text(&self, path: &str) -> String {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {reply:?}");
        reply.body
    }

    /// Closes and reopens the browser: cookies without an expiry are gone.
    pub fn restart(&self) {
        self.cookies
            .lock()
            .expect("cookies")
            .retain(|cookie| cookie.persistent);
    }

    /// The current value of a cookie.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies
            .lock()
            .expect("cookies")
            .iter()
            .find(|cookie| cookie.name == name)
            .map(|cookie| cookie.value.clone())
    }

    /// Sets (or with `None` removes) a cookie by hand.
    pub fn set_cookie(&self, name: &str, value: Option<&str>, persistent: bool) {
        let mut cookies = self.cookies.lock().expect("cookies");
        cookies.retain(|cookie| cookie.name != name);
        if let Some(value) = value {
            cookies.push(StoredCookie {
                name: name.to_owned(),
                value: value.to_owned(),
                persistent,
            });
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .expect("cookies")
            .iter()
            .map(|cookie| format!("{}={}", cookie.name, cookie.value))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn store(&self, reply: &Reply) {
        for header in reply.headers.get_all("set-cookie") {
            let Ok(header) = header.to_str() else {
                continue;
            };
            let mut attributes = header.split(';').map(str::trim);
            let Some((name, value)) = attributes.next().and_then(|pair| pair.split_once('='))
            else {
                continue;
            };
            let attributes: Vec<String> = attributes.map(str::to_ascii_lowercase).collect();
            let deleted = value.is_empty()
                || attributes.iter().any(|a| a == "max-age=0")
                || attributes
                    .iter()
                    .any(|a| a.starts_with("expires=") && a.contains("1970"));
            let persistent = attributes
                .iter()
                .any(|a| a.starts_with("expires=") || a.starts_with("max-age="));
            self.set_cookie(name, (!deleted).then_some(value), persistent);
        }
    }
}

/// The `Set-Cookie` header for `name` in `reply`, whole.
pub fn set_cookie_header(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.split_once('=').is_some_and(|(n, _)| n == name))
        .map(str::to_owned)
}
