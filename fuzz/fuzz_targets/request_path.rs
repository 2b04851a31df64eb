//! Whole requests through the conformance app's router, in-process: arbitrary methods, URIs,
//! headers and cookies, the cookies often the app's own (a logged-in session, a remember cookie,
//! a flash cookie) as issued or edited, under arbitrary settings, a few requests in a row.
//!
//! Never panics, never answers `5xx` (the store never fails here), and never names a user whose
//! credentials (a session or remember cookie issued to them, or their API token) were never sent
//! in this run, unless a request of the run went to a login route.

#![no_main]

use std::{
    collections::{BTreeSet, HashMap},
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::LazyLock,
};

use arbitrary::Arbitrary;
use axum::{Router, body::Body, extract::ConnectInfo};
use examples::conformance::{Settings, app};
use http::{HeaderName, HeaderValue, Method, Request, header};
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;
use tokio::runtime::Runtime;
use tower::ServiceExt;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
});

const PATHS: &[&str] = &[
    "/",
    "/protected",
    "/fresh",
    "/username",
    "/userid",
    "/is-fresh",
    "/is-remembered",
    "/confirm-login",
    "/secret",
    "/needs-refresh",
    "/flashes",
    "/next",
    "/admin/protected",
    "/api/username",
    "/logout",
];
const COOKIE_NAMES: &[&str] = &["session", "remember_token", "login_flash"];
const HEADER_NAMES: &[&str] = &[
    "authorization",
    "x-forwarded-for",
    "forwarded",
    "user-agent",
    "host",
    "cookie",
    "accept",
];
const METHODS: &[Method] = &[
    Method::GET,
    Method::POST,
    Method::HEAD,
    Method::OPTIONS,
    Method::PUT,
];

#[derive(Debug, Arbitrary)]
struct Input {
    login_view: bool,
    refresh_view: bool,
    session_for_next: bool,
    protection: u8,
    refresh_each_request: bool,
    requests: Vec<FuzzRequest>,
}

#[derive(Debug, Arbitrary)]
struct FuzzRequest {
    method: u8,
    path: Path,
    cookies: Vec<FuzzCookie>,
    headers: Vec<(u8, Option<String>, Vec<u8>)>,
    peer: u8,
    keep_cookies: bool,
}

#[derive(Debug, Arbitrary)]
enum Path {
    Known(u8, Option<String>),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum FuzzCookie {
    /// One of the cookies the app issued at the start, unchanged.
    Issued(u8),
    /// One of them with a byte replaced, removed or appended.
    Edited(u8, u8, Option<u8>),
    /// Any value under one of the app's cookie names.
    Named(u8, String),
    /// Any name and value.
    Raw(String, String),
}

/// The cookies the app issued before the run, and whose they are.
struct Issued {
    values: Vec<(String, String, &'static str)>,
}

async fn send(app: &Router, request: Request<Body>) -> (u16, Vec<(String, String)>, String) {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|cookie| {
            let (name, rest) = cookie.split_once('=')?;
            let value = rest.split(';').next().unwrap_or_default();
            let deleted = value.is_empty() || cookie.contains("Max-Age=0");
            Some((
                name.to_owned(),
                if deleted {
                    String::new()
                } else {
                    value.to_owned()
                },
            ))
        })
        .collect();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (status, cookies, String::from_utf8_lossy(&body).into_owned())
}

fn get(path: &str, cookies: &str) -> Request<Body> {
    let mut request = Request::get(path);
    if !cookies.is_empty() {
        request = request.header(header::COOKIE, cookies);
    }
    let mut request = request.body(Body::empty()).expect("request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    request
}

/// Notch's session, Steve's remember cookie and the session it came with, a flash cookie.
async fn issue(app: &Router) -> Issued {
    let mut values = Vec::new();
    let (_, cookies, _) = send(app, get("/login/1", "")).await;
    values.extend(
        cookies
            .into_iter()
            .map(|(name, value)| (name, value, "Notch")),
    );
    let (_, cookies, _) = send(app, get("/login/2?remember=1", "")).await;
    values.extend(
        cookies
            .into_iter()
            .map(|(name, value)| (name, value, "Steve")),
    );
    let (_, cookies, _) = send(app, get("/protected", "")).await;
    values.extend(
        cookies
            .into_iter()
            .map(|(name, value)| (name, value, "Anonymous")),
    );
    values.retain(|(_, value, _)| !value.is_empty());
    Issued { values }
}

fn pick<T>(items: &[T], index: u8) -> &T {
    &items[usize::from(index) % items.len()]
}

impl FuzzRequest {
    fn build(&self, issued: &Issued, jar: &HashMap<String, String>) -> Option<Request<Body>> {
        let uri = match &self.path {
            Path::Known(index, query) => match query {
                Some(query) => format!("{}?{query}", pick(PATHS, *index)),
                None => (*pick(PATHS, *index)).to_owned(),
            },
            Path::Raw(raw) => raw.clone(),
        };
        let mut request = Request::builder()
            .method(pick(METHODS, self.method).clone())
            .uri(uri)
            .body(Body::empty())
            .ok()?;
        let mut pairs: Vec<String> = jar
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        for cookie in &self.cookies {
            pairs.push(match cookie {
                FuzzCookie::Issued(index) if !issued.values.is_empty() => {
                    let (name, value, _) = pick(&issued.values, *index);
                    format!("{name}={value}")
                }
                FuzzCookie::Edited(index, at, byte) if !issued.values.is_empty() => {
                    let (name, value, _) = pick(&issued.values, *index);
                    let mut bytes = value.clone().into_bytes();
                    let at = usize::from(*at) % (bytes.len() + 1);
                    match byte {
                        Some(byte) if at < bytes.len() => bytes[at] = *byte,
                        Some(byte) => bytes.push(*byte),
                        None if at < bytes.len() => drop(bytes.remove(at)),
                        None => bytes.truncate(at.saturating_sub(1)),
                    }
                    format!("{name}={}", String::from_utf8_lossy(&bytes))
                }
                FuzzCookie::Named(name, value) => format!("{}={value}", pick(COOKIE_NAMES, *name)),
                FuzzCookie::Raw(name, value) => format!("{name}={value}"),
                _ => continue,
            });
        }
        let headers = request.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&pairs.join("; ")) {
            headers.append(header::COOKIE, value);
        }
        for (index, name, value) in &self.headers {
            let name = match name {
                Some(name) => HeaderName::from_bytes(name.as_bytes()).ok(),
                None => Some(HeaderName::from_static(pick(HEADER_NAMES, *index))),
            };
            if let (Some(name), Ok(value)) = (name, HeaderValue::from_bytes(value)) {
                headers.append(name, value);
            }
        }
        let peers = [
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ];
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(*pick(&peers, self.peer), 4000)));
        Some(request)
    }

    /// The users whose credentials this request carries.
    fn credentials(request: &Request<Body>, issued: &Issued) -> BTreeSet<&'static str> {
        let mut text = request.uri().to_string();
        for (_, value) in request.headers() {
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(value.as_bytes()));
        }
        let mut users: BTreeSet<&'static str> = issued
            .values
            .iter()
            .filter(|(_, value, _)| text.contains(value.as_str()))
            .map(|(_, _, user)| *user)
            .collect();
        for (token, user) in [
            ("token-1", "Notch"),
            ("token-2", "Steve"),
            ("token-3", "Creeper"),
        ] {
            if text.contains(token) {
                users.insert(user);
            }
        }
        users
    }
}

fuzz_target!(|input: Input| {
    let settings = Settings::from_lookup(|name| {
        let flag = |on: bool| on.then(|| "1".to_owned());
        match name {
            "LOGIN_VIEW" => input.login_view.then(|| "/login".to_owned()),
            "REFRESH_VIEW" => input.refresh_view.then(|| "/reauth".to_owned()),
            "USE_SESSION_FOR_NEXT" => flag(input.session_for_next),
            "REMEMBER_COOKIE_REFRESH_EACH_REQUEST" => flag(input.refresh_each_request),
            "SESSION_PROTECTION" => {
                Some((*pick(&["none", "basic", "strong"], input.protection)).to_owned())
            }
            _ => None,
        }
    })
    .expect("settings");
    let app = app(&settings).expect("app");
    RUNTIME.block_on(async {
        let issued = issue(&app).await;
        let mut jar = HashMap::new();
        let mut allowed = BTreeSet::from(["Anonymous"]);
        let mut logged_in_by_run = false;
        for fuzz_request in input.requests.iter().take(4) {
            let Some(request) = fuzz_request.build(&issued, &jar) else {
                continue;
            };
            allowed.extend(FuzzRequest::credentials(&request, &issued));
            let path = request.uri().path().to_owned();
            let get = request.method() == Method::GET;
            let (status, cookies, body) = send(&app, request).await;
            assert!(status < 500, "{status} for {fuzz_request:?}");
            if path == "/username" && get && status == 200 && !logged_in_by_run {
                assert!(
                    allowed.contains(body.as_str()),
                    "{body:?} without credentials ({allowed:?}) for {fuzz_request:?}"
                );
            }
            logged_in_by_run |= percent_decode_str(&path)
                .decode_utf8_lossy()
                .contains("login");
            if fuzz_request.keep_cookies {
                for (name, value) in cookies {
                    if value.is_empty() {
                        jar.remove(&name);
                    } else {
                        jar.insert(name, value);
                    }
                }
            }
        }
    });
});
