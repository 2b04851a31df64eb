//! A browser for the shared bodies: one cookie jar, any instance, no redirects followed.

use std::sync::{Mutex, MutexGuard, PoisonError};

use reqwest::{StatusCode, redirect::Policy};

/// A response read to the end.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The body.
    pub body: String,
    /// The `Set-Cookie` headers.
    pub set_cookies: Vec<String>,
    /// The `Location` header, or empty.
    pub location: String,
}

impl Reply {
    /// The value the response sets for cookie `name`; `Some("")` for a deletion.
    #[must_use]
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies.iter().find_map(|header| {
            let pair = header.split(';').next()?;
            let (cookie, value) = pair.split_once('=')?;
            (cookie == name).then_some(value)
        })
    }

    /// The whole `Set-Cookie` header for `name`.
    #[must_use]
    pub fn cookie_header(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|header| header.split_once('=').is_some_and(|(n, _)| n == name))
            .map(String::as_str)
    }
}

/// A browser: cookies by name, persistent or not, sent to whichever instance it talks to.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    cookies: Mutex<Vec<(String, String, bool)>>,
}

impl Default for Client {
    fn default() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .expect("HTTP client"),
            cookies: Mutex::new(Vec::new()),
        }
    }
}

impl Client {
    /// A browser holding exactly these cookies (persistent).
    #[must_use]
    pub fn with_cookies(cookies: &[(&str, &str)]) -> Self {
        let client = Self::default();
        for (name, value) in cookies {
            client.set_cookie(name, Some(value));
        }
        client
    }

    /// `GET base + path` with the cookies; stores what the response sets.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached.
    pub async fn get(&self, base: &str, path: &str) -> Reply {
        let header = self
            .jar()
            .iter()
            .map(|(name, value, _)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut request = self.http.get(format!("{base}{path}"));
        if !header.is_empty() {
            request = request.header("cookie", header);
        }
        let response = request.send().await.expect("request");
        let set_cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok().map(str::to_owned))
            .collect();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let reply = Reply {
            status: response.status(),
            body: response.text().await.expect("body"),
            set_cookies,
            location,
        };
        for header in &reply.set_cookies {
            self.store(header);
        }
        reply
    }

    /// The body of `GET base + path`.
    pub async fn text(&self, base: &str, path: &str) -> String {
        self.get(base, path).await.body
    }

    /// Closes and reopens the browser: cookies without an expiry are gone.
    pub fn restart(&self) {
        self.jar().retain(|(_, _, persistent)| *persistent);
    }

    /// The value of cookie `name`.
    #[must_use]
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar()
            .iter()
            .find(|(cookie, _, _)| cookie == name)
            .map(|(_, value, _)| value.clone())
    }

    /// Sets (persistent) or with `None` removes cookie `name`.
    pub fn set_cookie(&self, name: &str, value: Option<&str>) {
        let mut cookies = self.jar();
        cookies.retain(|(cookie, _, _)| cookie != name);
        if let Some(value) = value {
            cookies.push((name.to_owned(), value.to_owned(), true));
        }
    }

    fn jar(&self) -> MutexGuard<'_, Vec<(String, String, bool)>> {
        self.cookies.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn store(&self, header: &str) {
        let mut attributes = header.split(';').map(str::trim);
        let Some((name, value)) = attributes.next().and_then(|pair| pair.split_once('=')) else {
            return;
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
        let mut cookies = self.jar();
        cookies.retain(|(cookie, _, _)| cookie != name);
        if !deleted {
            cookies.push((name.to_owned(), value.to_owned(), persistent));
        }
    }
}
