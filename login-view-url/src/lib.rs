//! What a view URL of `login-runtime` may be: the login view, the refresh view and the redirect of
//! logged-in visitors, whether written in a macro argument (checked at compile time by
//! `login-macros`) or given to the manager's builder (checked at start-up by `login-runtime`).
//! One set of rules, so that both accept exactly the same values.
//!
//! A view is a path on this site that starts with one `/`, or an absolute `http`/`https` URL
//! with a host. It holds no whitespace, control character or backslash.
//!
//! ```
//! use login_view_url::{ViewUrlError, check};
//!
//! assert_eq!(check("/admin/login"), Ok(()));
//! assert_eq!(check("https://sso.example.com/login"), Ok(()));
//! assert_eq!(check("//evil.example"), Err(ViewUrlError::ProtocolRelative));
//! assert_eq!(
//!     check("login").unwrap_err().to_string(),
//!     "start the path with `/`, as in `/login`; a relative path would depend on the page that refuses the request"
//! );
//! ```

use std::fmt;

/// Why a value is not a view URL. `Display` says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewUrlError {
    /// The empty string.
    Empty,
    /// A space, which must be percent-encoded.
    Space,
    /// Another whitespace or control character.
    Control(char),
    /// A backslash, which browsers read as `/`.
    Backslash,
    /// `//host`: a URL on another host, without a scheme.
    ProtocolRelative,
    /// A relative path (the value as written).
    Relative(String),
    /// A scheme other than `http` and `https`.
    Scheme(String),
    /// An absolute URL without a host (the scheme as written).
    NoHost(String),
}

impl fmt::Display for ViewUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("write a path such as `/login`"),
            Self::Space => f.write_str("percent-encode the space as `%20`"),
            Self::Control(c) => write!(f, "remove the `{}` or percent-encode it", c.escape_default()),
            Self::Backslash => f.write_str(
                "browsers read `\\` as `/`, which can send users to another site; write `/`",
            ),
            Self::ProtocolRelative => f.write_str(
                "`//` starts a URL on another host; write one `/` for a path on this site, or `https://` for another site",
            ),
            Self::Relative(value) => write!(
                f,
                "start the path with `/`, as in `/{value}`; a relative path would depend on the page that refuses the request"
            ),
            Self::Scheme(scheme) => write!(
                f,
                "only `http://` and `https://` URLs are allowed, not `{scheme}:`"
            ),
            Self::NoHost(scheme) => write!(
                f,
                "an absolute URL needs a host, as in `{scheme}://example.com/login`"
            ),
        }
    }
}

impl std::error::Error for ViewUrlError {}

/// Checks a view URL.
///
/// # Errors
///
/// When `value` is not a path starting with one `/` nor an absolute `http(s)` URL with a host,
/// or holds whitespace, a control character or a backslash.
pub fn check(value: &str) -> Result<(), ViewUrlError> {
    if value.is_empty() {
        return Err(ViewUrlError::Empty);
    }
    if let Some(bad) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(if bad == ' ' {
            ViewUrlError::Space
        } else {
            ViewUrlError::Control(bad)
        });
    }
    if value.contains('\\') {
        return Err(ViewUrlError::Backslash);
    }
    if let Some(rest) = value.strip_prefix('/') {
        return if rest.starts_with('/') {
            Err(ViewUrlError::ProtocolRelative)
        } else {
            Ok(())
        };
    }
    let Some(scheme_end) = value
        .find([':', '/', '?', '#'])
        .filter(|&end| value[end..].starts_with(':'))
    else {
        return Err(ViewUrlError::Relative(value.to_owned()));
    };
    let scheme = &value[..scheme_end];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(ViewUrlError::Scheme(scheme.to_owned()));
    }
    let host = value[scheme_end + 1..]
        .strip_prefix("//")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .and_then(|authority| authority.rsplit('@').next())
        .map(|host| match host.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => host,
        });
    match host {
        Some(host) if !host.is_empty() && !host.starts_with(':') => Ok(()),
        _ => Err(ViewUrlError::NoHost(scheme.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_paths_and_absolute_http_urls() {
        for value in [
            "/",
            "/login",
            "/login?lang=de",
            "/admin/login?next=%2F#top",
            "/a:b",
            "https://example.com",
            "http://example.com:8080/login",
            "HTTPS://auth.example.com/sso?x=1",
            "https://user@example.com/",
            "https://[::1]:3000/login",
        ] {
            assert_eq!(check(value), Ok(()), "{value}");
        }
    }

    #[test]
    fn rejects_everything_else_with_a_fix() {
        for (value, help) in [
            ("", "write a path"),
            ("login", "start the path with `/`, as in `/login`"),
            ("admin/login", "as in `/admin/login`"),
            ("//evil.example", "`//` starts a URL on another host"),
            ("/\\evil.example", "browsers read `\\` as `/`"),
            ("/log in", "`%20`"),
            ("/login\n", "remove the `\\n`"),
            ("/login\u{7}", "remove the `\\u{7}`"),
            ("javascript:alert(1)", "not `javascript:`"),
            ("ftp://example.com", "not `ftp:`"),
            ("https://", "needs a host"),
            ("http://", "needs a host"),
            ("https:///login", "needs a host"),
            ("https:example.com", "needs a host"),
            ("https://user@:80/", "needs a host"),
            ("https://:abc/", "needs a host"),
        ] {
            let error = check(value).expect_err(value);
            assert!(error.to_string().contains(help), "{value}: {error}");
        }
    }
}
