//! The login-redirect URL logic of Flask-Login 0.6.3, `make_next_param` and `login_url`, with
//! Python's `urllib.parse` rules for splitting, query parsing and encoding.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Bytes Python's `quote_plus` escapes: all but `A-Z a-z 0-9 _ . - ~`, with the space kept
/// so it can become `+`.
const QUOTE_PLUS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b' ');

/// Python's `urllib.parse.uses_netloc`: schemes whose URLs always get a `//` authority.
const USES_NETLOC: &[&str] = &[
    "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
    "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git",
    "git+ssh", "ws", "wss",
];

/// The visited URL the login redirect carries in `next`: scheme, host and path-and-query of
/// the request.
///
/// # Examples
///
/// ```
/// use login_runtime::redirect::RequestUrl;
///
/// let current = RequestUrl {
///     scheme: "http",
///     host: "127.0.0.1:5055",
///     path_and_query: "/protected?a=1",
/// };
/// assert_eq!(current.to_absolute(), "http://127.0.0.1:5055/protected?a=1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestUrl<'a> {
    /// The request's scheme, such as `http` or `https`.
    pub scheme: &'a str,
    /// The request's host and optional port, as in the `Host` header.
    pub host: &'a str,
    /// The request target's path and query, such as `/protected?a=1`.
    pub path_and_query: &'a str,
}

impl RequestUrl<'_> {
    /// The absolute URL `scheme://host/path?query`, like Flask's `request.url`; an empty or
    /// slash-less `path_and_query` gets a leading `/`.
    ///
    /// # Examples
    ///
    /// ```
    /// use login_runtime::redirect::RequestUrl;
    ///
    /// let current = RequestUrl { scheme: "https", host: "example.com", path_and_query: "" };
    /// assert_eq!(current.to_absolute(), "https://example.com/");
    /// ```
    #[must_use]
    pub fn to_absolute(self) -> String {
        let slash = if self.path_and_query.starts_with('/') {
            ""
        } else {
            "/"
        };
        format!(
            "{}://{}{slash}{}",
            self.scheme, self.host, self.path_and_query
        )
    }
}

/// The `next` value for `current`: only its path and query when the scheme and the host of
/// `login_view` are each absent or equal to those of `current`, else the full URL of `current`.
///
/// It is what the visitor asked for (a request to `//evil.com` gives `//evil.com`), so check
/// it with [`safe_next`](crate::redirect::safe_next) before redirecting to it.
///
/// # Examples
///
/// ```
/// use login_runtime::{redirect::{RequestUrl, make_next_param}};
///
/// let current = RequestUrl { scheme: "http", host: "localhost:3000", path_and_query: "/a?b=1" };
/// assert_eq!(make_next_param("/login", &current), "/a?b=1");
/// assert_eq!(make_next_param("https://auth.example.com/login", &current), "http://localhost:3000/a?b=1");
/// ```
#[must_use]
pub fn make_next_param(login_view: &str, current: &RequestUrl<'_>) -> String {
    next_param(login_view, &current.to_absolute())
}

/// The URL of `login_view` with `next` added as the `next` query parameter, shortened by the
/// rules of [`make_next_param`]; `login_view` unchanged when `next` is `None`.
///
/// A non-empty `force_host` (Flask's `FORCE_HOST_FOR_REDIRECTS`) replaces the host of the
/// result; on a relative `login_view` that gives a scheme-relative `//host/path` URL, as
/// Flask-Login does.
///
/// # Examples
///
/// ```
/// use login_runtime::redirect::login_url;
///
/// assert_eq!(login_url("/login", Some("http://localhost/protected"), None), "/login?next=%2Fprotected");
/// assert_eq!(login_url("/login?lang=de", Some("/x"), None), "/login?lang=de&next=%2Fx");
/// assert_eq!(
///     login_url("/login", Some("/protected"), Some("auth.example.com")),
///     "//auth.example.com/login?next=%2Fprotected",
/// );
/// assert_eq!(login_url("/login", None, Some("auth.example.com")), "/login");
/// ```
#[must_use]
pub fn login_url(login_view: &str, next: Option<&str>, force_host: Option<&str>) -> String {
    login_url_with_field(login_view, next, "next", force_host)
}

/// [`login_url`] with the query parameter named `next_field` instead of `next`: existing
/// parameters of `login_view` keep their order, blank and repeated ones included, and an
/// existing `next_field` parameter is replaced in place.
fn login_url_with_field(
    login_view: &str,
    next: Option<&str>,
    next_field: &str,
    force_host: Option<&str>,
) -> String {
    let Some(next) = next else {
        return login_view.to_owned();
    };
    let base = urlsplit(login_view);
    let next_value = next_param(login_view, next);

    let mut fields: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
    for (name, value) in form_urlencoded::parse(base.query.as_bytes()) {
        match fields.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, values)) => values.push(value),
            None => fields.push((name, vec![value])),
        }
    }
    let next_values = vec![Cow::Owned(next_value)];
    match fields.iter_mut().find(|(name, _)| name == next_field) {
        Some((_, values)) => *values = next_values,
        None => fields.push((Cow::Borrowed(next_field), next_values)),
    }
    let query = fields
        .iter()
        .flat_map(|(name, values)| {
            values
                .iter()
                .map(move |value| format!("{}={}", quote_plus(name), quote_plus(value)))
        })
        .collect::<Vec<_>>()
        .join("&");

    let netloc = force_host
        .filter(|host| !host.is_empty())
        .unwrap_or(&base.netloc);
    urlunsplit(&base.scheme, netloc, &base.path, &query, &base.fragment)
}

fn next_param(login_url: &str, current_url: &str) -> String {
    let login = urlsplit(login_url);
    let current = urlsplit(current_url);
    if (login.scheme.is_empty() || login.scheme == current.scheme)
        && (login.netloc.is_empty() || login.netloc == current.netloc)
    {
        urlunsplit("", "", &current.path, &current.query, "")
    } else {
        current_url.to_owned()
    }
}

fn quote_plus(value: &str) -> String {
    utf8_percent_encode(value, QUOTE_PLUS)
        .to_string()
        .replace(' ', "+")
}

#[derive(Debug, Default, PartialEq, Eq)]
struct SplitUrl {
    scheme: String,
    netloc: String,
    path: String,
    query: String,
    fragment: String,
}

/// Python's `urllib.parse.urlsplit`, minus its `ValueError`s on malformed hosts.
fn urlsplit(url: &str) -> SplitUrl {
    let cleaned: String = url
        .trim_start_matches(|c| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = split_scheme(&cleaned);
    let (netloc, rest) = match rest.strip_prefix("//") {
        Some(authority) => split_before_any(authority, &['/', '?', '#']),
        None => ("", rest),
    };
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    SplitUrl {
        scheme,
        netloc: netloc.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        fragment: fragment.to_owned(),
    }
}

fn split_scheme(url: &str) -> (String, &str) {
    if let Some((scheme, rest)) = url.split_once(':') {
        let mut chars = scheme.chars();
        let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            return (scheme.to_ascii_lowercase(), rest);
        }
    }
    (String::new(), url)
}

fn split_before_any<'a>(text: &'a str, delimiters: &[char]) -> (&'a str, &'a str) {
    text.find(delimiters)
        .and_then(|at| text.split_at_checked(at))
        .unwrap_or((text, ""))
}

/// Python's `urllib.parse.urlunsplit` (3.7–3.11 rules).
fn urlunsplit(scheme: &str, netloc: &str, path: &str, query: &str, fragment: &str) -> String {
    let mut url = String::new();
    if !scheme.is_empty() {
        url.push_str(scheme);
        url.push(':');
    }
    if !netloc.is_empty() || (USES_NETLOC.contains(&scheme) && !path.starts_with("//")) {
        url.push_str("//");
        url.push_str(netloc);
        if !path.is_empty() && !path.starts_with('/') {
            url.push('/');
        }
    }
    url.push_str(path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(scheme: &'a str, host: &'a str, path_and_query: &'a str) -> RequestUrl<'a> {
        RequestUrl {
            scheme,
            host,
            path_and_query,
        }
    }

    #[test]
    fn to_absolute_joins_scheme_host_and_target() {
        assert_eq!(
            request("http", "127.0.0.1:5055", "/protected?a=1").to_absolute(),
            "http://127.0.0.1:5055/protected?a=1"
        );
        assert_eq!(request("https", "h", "").to_absolute(), "https://h/");
        assert_eq!(
            request("https", "h", "?a=1").to_absolute(),
            "https://h/?a=1"
        );
    }

    #[test]
    fn next_param_is_path_and_query_for_a_relative_login_view() {
        let current = request("http", "127.0.0.1:5055", "/protected?a=1&b=2");
        assert_eq!(make_next_param("/login", &current), "/protected?a=1&b=2");
        assert_eq!(make_next_param("/login", &request("http", "h", "/p")), "/p");
    }

    #[test]
    fn next_param_drops_empty_query_and_fragment() {
        assert_eq!(next_param("/login", "http://h/p?"), "/p");
        assert_eq!(next_param("/login", "http://h/p#frag"), "/p");
        assert_eq!(next_param("/login", "http://h/p?a=1#frag"), "/p?a=1");
        assert_eq!(next_param("/login", "http://h"), "");
    }

    #[test]
    fn next_param_is_shortened_for_same_scheme_and_host() {
        let current = request("https", "example.com", "/p?q=1");
        assert_eq!(
            make_next_param("https://example.com/login", &current),
            "/p?q=1"
        );
        assert_eq!(
            make_next_param("HTTPS://example.com/login", &current),
            "/p?q=1"
        );
        assert_eq!(make_next_param("//example.com/login", &current), "/p?q=1");
        assert_eq!(make_next_param("https:/login", &current), "/p?q=1");
    }

    #[test]
    fn next_param_is_full_url_on_scheme_or_host_mismatch() {
        let current = request("http", "example.com", "/p?q=1");
        assert_eq!(
            make_next_param("https://example.com/login", &current),
            "http://example.com/p?q=1"
        );
        assert_eq!(
            make_next_param("http://example.com:8080/login", &current),
            "http://example.com/p?q=1"
        );
        assert_eq!(
            make_next_param("//auth.example.com/login", &current),
            "http://example.com/p?q=1"
        );
        assert_eq!(
            make_next_param("http://EXAMPLE.com/login", &current),
            "http://example.com/p?q=1"
        );
    }

    #[test]
    fn login_url_without_next_is_the_login_view() {
        assert_eq!(login_url("/login", None, None), "/login");
        assert_eq!(login_url(" /login?a=1#f", None, Some("h")), " /login?a=1#f");
    }

    #[test]
    fn login_url_examples() {
        assert_eq!(
            login_url("/login", Some("/protected"), None),
            "/login?next=%2Fprotected"
        );
        assert_eq!(
            login_url(
                "/login",
                Some("http://127.0.0.1:5055/protected?a=1&b=2"),
                None
            ),
            "/login?next=%2Fprotected%3Fa%3D1%26b%3D2"
        );
        assert_eq!(
            login_url("/login?lang=de", Some("/x"), None),
            "/login?lang=de&next=%2Fx"
        );
        assert_eq!(
            login_url("/login", Some("/protected"), Some("auth.example.com")),
            "//auth.example.com/login?next=%2Fprotected"
        );
        assert_eq!(
            login_url(
                "https://auth.example.com/login",
                Some("http://127.0.0.1:5055/protected"),
                None
            ),
            "https://auth.example.com/login?next=http%3A%2F%2F127.0.0.1%3A5055%2Fprotected"
        );
    }

    #[test]
    fn login_url_force_host_replaces_the_host() {
        assert_eq!(
            login_url(
                "https://login.example.com/login",
                Some("https://login.example.com/p"),
                Some("auth.example.com")
            ),
            "https://auth.example.com/login?next=%2Fp"
        );
        assert_eq!(
            login_url("/login", Some("/p"), Some("")),
            "/login?next=%2Fp"
        );
    }

    #[test]
    fn login_url_keeps_blank_and_repeated_values() {
        assert_eq!(
            login_url("/login?a=1&b=&a=2&c", Some("/x"), None),
            "/login?a=1&a=2&b=&c=&next=%2Fx"
        );
        assert_eq!(
            login_url("/login?&&a=1&&", Some("/x"), None),
            "/login?a=1&next=%2Fx"
        );
        assert_eq!(
            login_url("/login?=v", Some("/x"), None),
            "/login?=v&next=%2Fx"
        );
    }

    #[test]
    fn login_url_replaces_existing_next_in_place() {
        assert_eq!(
            login_url("/login?next=%2Fold&a=1&next=%2Folder", Some("/new"), None),
            "/login?next=%2Fnew&a=1"
        );
        assert_eq!(
            login_url("/login?ne%78t=old", Some("/new"), None),
            "/login?next=%2Fnew"
        );
    }

    #[test]
    fn login_url_reencodes_the_login_query_like_urlencode() {
        assert_eq!(
            login_url("/login?q=a+b%20c&p=%2B&t=~*'!", Some("/x"), None),
            "/login?q=a+b+c&p=%2B&t=~%2A%27%21&next=%2Fx"
        );
        assert_eq!(
            login_url("/login?bad=%ZZ&raw=%E4", Some("/x"), None),
            "/login?bad=%25ZZ&raw=%EF%BF%BD&next=%2Fx"
        );
    }

    #[test]
    fn login_url_encodes_plus_space_and_unicode_in_next() {
        assert_eq!(
            login_url("/login", Some("http://h/佐藤"), None),
            "/login?next=%2F%E4%BD%90%E8%97%A4"
        );
        assert_eq!(
            login_url("/login", Some("http://h/s?q=a+b c&r=1%2B1"), None),
            "/login?next=%2Fs%3Fq%3Da%2Bb+c%26r%3D1%252B1"
        );
        assert_eq!(
            login_url("/login", Some("http://h/a-b_c.d~e"), None),
            "/login?next=%2Fa-b_c.d~e"
        );
    }

    #[test]
    fn login_url_keeps_the_login_fragment() {
        assert_eq!(
            login_url("/login#form", Some("/p"), None),
            "/login?next=%2Fp#form"
        );
        assert_eq!(
            login_url("/login?a=1#form?x=1", Some("/p"), Some("h")),
            "//h/login?a=1&next=%2Fp#form?x=1"
        );
    }

    #[test]
    fn login_url_with_scheme_or_host_mismatch_carries_the_full_url() {
        assert_eq!(
            login_url(
                "https://example.com/login",
                Some("http://example.com/p"),
                None
            ),
            "https://example.com/login?next=http%3A%2F%2Fexample.com%2Fp"
        );
        assert_eq!(
            login_url(
                "http://example.com:8080/login",
                Some("http://example.com/p"),
                None
            ),
            "http://example.com:8080/login?next=http%3A%2F%2Fexample.com%2Fp"
        );
        assert_eq!(
            login_url(
                "http://example.com/login",
                Some("http://example.com/p"),
                None
            ),
            "http://example.com/login?next=%2Fp"
        );
    }

    #[test]
    fn login_url_with_custom_field() {
        assert_eq!(
            login_url_with_field("/login?next=%2Fkeep", Some("/x"), "to", None),
            "/login?next=%2Fkeep&to=%2Fx"
        );
        assert_eq!(
            login_url_with_field("/login", Some("/x"), "ret urn", None),
            "/login?ret+urn=%2Fx"
        );
    }

    #[test]
    fn urlsplit_follows_python() {
        let split = |url| urlsplit(url);
        assert_eq!(
            split("HTTP://user@Host:80/p/a?q=1?2#f#g"),
            SplitUrl {
                scheme: "http".into(),
                netloc: "user@Host:80".into(),
                path: "/p/a".into(),
                query: "q=1?2".into(),
                fragment: "f#g".into(),
            }
        );
        assert_eq!(
            split(" \u{1}\t/pa\nth?x\r=1"),
            SplitUrl {
                path: "/path".into(),
                query: "x=1".into(),
                ..SplitUrl::default()
            }
        );
        assert_eq!(
            split("//h#f?x"),
            SplitUrl {
                netloc: "h".into(),
                fragment: "f?x".into(),
                ..SplitUrl::default()
            }
        );
        assert_eq!(split("1a:b").path, "1a:b");
        assert_eq!(split(":b").path, ":b");
        assert_eq!(split("a_b:c").path, "a_b:c");
        assert_eq!(split("localhost:5000/x").scheme, "localhost");
        assert_eq!(split("mailto:a@b").path, "a@b");
        assert_eq!(split("佐:x").path, "佐:x");
    }

    #[test]
    fn urlunsplit_follows_python() {
        assert_eq!(urlunsplit("http", "", "/p", "", ""), "http:///p");
        assert_eq!(urlunsplit("http", "", "p", "", ""), "http:///p");
        assert_eq!(urlunsplit("http", "", "//p", "", ""), "http://p");
        assert_eq!(urlunsplit("mailto", "", "a@b", "", ""), "mailto:a@b");
        assert_eq!(urlunsplit("", "h", "p", "q", "f"), "//h/p?q#f");
        assert_eq!(urlunsplit("", "", "//p", "", ""), "//p");
    }

    #[test]
    fn arbitrary_input_never_panics() {
        const PIECES: &[&str] = &[
            "/", "//", "\\", ":", "http", "%", "%2", "%E4", "?", "#", "&", "=", "+", " ", "[", "]",
            "@", "\t", "\n", "\0", "佐", "🦀", "a", "next", "~",
        ];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut pick = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let index = usize::try_from(state % 64).unwrap_or_default();
            PIECES.get(index).copied().unwrap_or_default()
        };
        for _ in 0..3000 {
            let login: String = (0..6).map(|_| pick()).collect();
            let next: String = (0..6).map(|_| pick()).collect();
            let host: String = (0..2).map(|_| pick()).collect();
            let url = login_url(&login, Some(&next), Some(&host));
            assert!(
                url.contains("next="),
                "{login:?} {next:?} {host:?} -> {url:?}"
            );
            let current = request(pick(), &host, &next);
            let _ = make_next_param(&login, &current);
        }
    }
}
