//! The test client's cookie jar: one browser's cookies for one host.

use std::fmt;

use cookie::{Cookie, ParseError};
use time::OffsetDateTime;

#[derive(Clone, PartialEq, Eq)]
struct StoredCookie {
    name: String,
    value: String,
    path: String,
    /// `None` for a session cookie, which a browser restart drops.
    expires: Option<OffsetDateTime>,
}

/// Cookies as a browser keeps them for one host: replaced by name and path, deleted by an
/// expiry in the past (`Max-Age=0`, an old `Expires`), sent on the paths they cover.
///
/// `Domain`, `Secure` and `SameSite` are not checked: every cookie belongs to the app under
/// test and is sent over plain HTTP, as Flask's test client does.
#[derive(Clone, Default)]
pub(crate) struct CookieJar {
    cookies: Vec<StoredCookie>,
}

impl CookieJar {
    /// The `Cookie` header for a request to `path`, if any cookie applies.
    pub(crate) fn header_for(&mut self, path: &str) -> Option<String> {
        let now = OffsetDateTime::now_utc();
        self.cookies
            .retain(|cookie| cookie.expires.is_none_or(|expires| expires > now));
        let mut matching: Vec<&StoredCookie> = self
            .cookies
            .iter()
            .filter(|cookie| path_matches(&cookie.path, path))
            .collect();
        // Longer paths first, as browsers send them.
        matching.sort_by_key(|cookie| std::cmp::Reverse(cookie.path.len()));
        let header = matching
            .iter()
            .map(|cookie| format!("{}={}", cookie.name, cookie.value))
            .collect::<Vec<_>>()
            .join("; ");
        (!header.is_empty()).then_some(header)
    }

    /// Keeps (or deletes) the cookie a `Set-Cookie` header of a response to `request_path` sets.
    pub(crate) fn store(&mut self, header: &str, request_path: &str) -> Result<(), ParseError> {
        let cookie = Cookie::parse(header)?;
        let now = OffsetDateTime::now_utc();
        let expires = match cookie.max_age() {
            Some(max_age) => Some(now.saturating_add(max_age)),
            None => cookie.expires_datetime(),
        };
        let path = cookie
            .path()
            .filter(|path| path.starts_with('/'))
            .map_or_else(|| default_path(request_path), str::to_owned);
        self.cookies
            .retain(|stored| stored.name != cookie.name() || stored.path != path);
        if expires.is_none_or(|expires| expires > now) {
            self.cookies.push(StoredCookie {
                name: cookie.name().to_owned(),
                value: cookie.value().to_owned(),
                path,
                expires,
            });
        }
        Ok(())
    }

    /// Closes and reopens the browser: cookies without an expiry are gone.
    pub(crate) fn restart(&mut self) {
        self.cookies.retain(|cookie| cookie.expires.is_some());
    }

    /// The value of the cookie `name` (the one of the longest path, if several).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .filter(|cookie| cookie.name == name)
            .max_by_key(|cookie| cookie.path.len())
            .map(|cookie| cookie.value.as_str())
    }
}

impl fmt::Debug for CookieJar {
    /// Names and paths only: cookie values are secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.cookies.iter().map(|cookie| {
                let lifetime = if cookie.expires.is_some() {
                    "persistent"
                } else {
                    "session"
                };
                format!("{} (path {}, {lifetime})", cookie.name, cookie.path)
            }))
            .finish()
    }
}

/// RFC 6265, 5.1.4: whether a cookie of `cookie_path` is sent on a request to `path`.
fn path_matches(cookie_path: &str, path: &str) -> bool {
    path == cookie_path
        || (path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || path[cookie_path.len()..].starts_with('/')))
}

/// RFC 6265, 5.1.4: the path of a cookie set without one.
fn default_path(request_path: &str) -> String {
    match request_path.rfind('/') {
        Some(0) | None => "/".to_owned(),
        Some(slash) => request_path[..slash].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jar(headers: &[&str]) -> CookieJar {
        let mut jar = CookieJar::default();
        for header in headers {
            jar.store(header, "/login/1").unwrap();
        }
        jar
    }

    #[test]
    fn keeps_replaces_and_sends_cookies() {
        let mut jar = jar(&["a=1; Path=/", "b=2; Path=/; HttpOnly", "a=3; Path=/"]);
        assert_eq!(jar.header_for("/").as_deref(), Some("b=2; a=3"));
        assert_eq!(jar.get("a"), Some("3"));
    }

    #[test]
    fn deletes_on_max_age_zero_or_past_expires() {
        let mut jar = jar(&["a=1; Path=/", "b=2; Path=/", "c=3; Path=/"]);
        for header in [
            "a=; Path=/; Max-Age=0",
            "b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ] {
            jar.store(header, "/logout").unwrap();
        }
        assert_eq!(jar.header_for("/").as_deref(), Some("c=3"));
    }

    #[test]
    fn restart_keeps_only_persistent_cookies() {
        let mut jar = jar(&[
            "session=s; Path=/",
            "remember=r; Path=/; Max-Age=3600",
            "until=u; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
        ]);
        jar.restart();
        assert_eq!(jar.get("session"), None);
        assert_eq!(jar.get("remember"), Some("r"));
        assert_eq!(jar.get("until"), Some("u"));
    }

    #[test]
    fn honours_paths() {
        let mut jar = jar(&["root=1; Path=/", "admin=2; Path=/admin", "default=3"]);
        assert_eq!(jar.header_for("/").as_deref(), Some("root=1"));
        assert_eq!(jar.header_for("/administrator").as_deref(), Some("root=1"));
        assert_eq!(
            jar.header_for("/admin/users").as_deref(),
            Some("admin=2; root=1")
        );
        // Set by a response to `/login/1` without a path: the default path is `/login`.
        assert_eq!(
            jar.header_for("/login/2").as_deref(),
            Some("default=3; root=1")
        );
    }

    #[test]
    fn debug_shows_no_values() {
        let jar = jar(&["session=secret-value; Path=/"]);
        let debug = format!("{jar:?}");
        assert!(debug.contains("session"), "{debug}");
        assert!(!debug.contains("secret-value"), "{debug}");
    }
}
