//! View arguments of the handler attributes (`login_view`, `refresh_view`,
//! `redirect_to`): which attribute takes which, and what a valid value is.

use std::fmt::{self, Display};

use syn::LitStr;

use super::kind::GuardKind;

/// A view argument's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ViewKey {
    /// `login_view`: where anonymous visitors are sent.
    LoginView,
    /// `refresh_view`: where stale logins are sent.
    RefreshView,
    /// `redirect_to`: where logged-in users are sent by an anonymous-only handler.
    RedirectTo,
}

impl ViewKey {
    const ALL: [ViewKey; 3] = [
        ViewKey::LoginView,
        ViewKey::RefreshView,
        ViewKey::RedirectTo,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            ViewKey::LoginView => "login_view",
            ViewKey::RefreshView => "refresh_view",
            ViewKey::RedirectTo => "redirect_to",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|key| key.name() == name)
    }

    /// Keys that users plausibly write for this one, beyond typos that
    /// "did you mean" catches.
    pub(crate) fn from_alias(name: &str) -> Option<Self> {
        match name {
            "login_url" | "login" | "login_page" | "login_route" | "login_path" | "view" => {
                Some(ViewKey::LoginView)
            }
            "refresh_url" | "refresh" | "refresh_page" | "reauth_view" | "reauthenticate" => {
                Some(ViewKey::RefreshView)
            }
            "redirect" | "redirect_url" | "redirect_view" | "authenticated_redirect" | "next" => {
                Some(ViewKey::RedirectTo)
            }
            _ => None,
        }
    }

    /// A plausible value, for examples in messages.
    pub(crate) fn example(self) -> &'static str {
        match self {
            ViewKey::LoginView => "/login",
            ViewKey::RefreshView => "/reauthenticate",
            ViewKey::RedirectTo => "/dashboard",
        }
    }

    /// The attributes that take this key.
    pub(crate) fn kinds(self) -> &'static [GuardKind] {
        GuardKind::taking(self.name())
    }

    /// The hint for this key on an attribute that does not take it.
    pub(crate) fn misplaced_help(self) -> String {
        let owners: Vec<String> = self
            .kinds()
            .iter()
            .map(|kind| format!("`#[{kind}]`"))
            .collect();
        let belongs = format!("`{self}` belongs to {}", owners.join(" and "));
        match self {
            ViewKey::LoginView => {
                format!("{belongs}; here, `redirect_to` sets where logged-in users are sent")
            }
            ViewKey::RefreshView => {
                format!("{belongs}, the only attribute that asks stale logins to log in again")
            }
            ViewKey::RedirectTo => {
                format!("{belongs}; here, `login_view` sets where anonymous visitors are sent")
            }
        }
    }
}

impl Display for ViewKey {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// The longest view, in bytes: what the runtime's `ViewText` decodes (sixteen
/// `u128` words).
pub(crate) const MAX_LEN: usize = 16 * 16;

/// A checked view argument, such as `login_view = "/admin/login"`.
pub(crate) struct View {
    pub(crate) which: ViewKey,
    /// The value as written, for error spans and the encoded type.
    pub(crate) value: LitStr,
}

/// Checks a view URL: a path starting with `/` (not `//`), or an absolute
/// `http(s)` URL with a host; no backslash, whitespace or control character.
/// The error is the `help:` line that says how to fix it.
pub(crate) fn check_url(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("write a path such as `/login`".to_owned());
    }

    if let Some(bad) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(if bad == ' ' {
            "percent-encode the space as `%20`".to_owned()
        } else {
            format!("remove the `{}` or percent-encode it", bad.escape_default())
        });
    }
    if value.contains('\\') {
        return Err(
            "browsers read `\\` as `/`, which can send users to another site; write `/`".to_owned(),
        );
    }
    if let Some(rest) = value.strip_prefix('/') {
        return if rest.starts_with('/') {
            Err("`//` starts a URL on another host; write one `/` for a path on this site, or `https://` for another site".to_owned())
        } else {
            Ok(())
        };
    }
    let scheme_end = value
        .find([':', '/', '?', '#'])
        .filter(|&end| value[end..].starts_with(':'));
    let Some(scheme_end) = scheme_end else {
        return Err(format!(
            "start the path with `/`, as in `/{value}`; a relative path would depend on the page that refuses the request"
        ));
    };
    let scheme = &value[..scheme_end];
    let rest = &value[scheme_end + 1..];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(format!(
            "only `http://` and `https://` URLs are allowed, not `{scheme}:`"
        ));
    }
    let authority = rest
        .strip_prefix("//")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    let host = authority.map(|authority| {
        let host = authority.rsplit('@').next().unwrap_or_default();
        match host.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => host,
        }
    });
    match host {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(format!(
            "an absolute URL needs a host, as in `{scheme}://example.com/login`"
        )),
    }
}

/// `value` in backquotes for a message, control characters escaped; "an
/// empty string" for `""`.
pub(crate) fn quoted(value: &str) -> String {
    if value.is_empty() {
        return "an empty string".to_owned();
    }
    let shown: String = value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("`{shown}`")
}

#[cfg(test)]
mod tests {
    use super::{ViewKey, check_url, quoted};

    #[test]
    fn quotes_values_readably() {
        assert_eq!(quoted(""), "an empty string");
        assert_eq!(quoted("/\\x y"), "`/\\x y`");
        assert_eq!(quoted("/a\n"), "`/a\\n`");
    }

    #[test]
    fn accepts_paths_and_absolute_http_urls() {
        for value in [
            "/",
            "/login",
            "/admin/login?next=%2F#top",
            "/a:b",
            "https://example.com",
            "http://example.com:8080/login",
            "HTTPS://auth.example.com/sso?x=1",
            "https://user@example.com/",
            "https://[::1]:3000/login",
        ] {
            assert_eq!(check_url(value), Ok(()), "{value}");
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
            ("https:///login", "needs a host"),
            ("https:example.com", "needs a host"),
            ("https://user@:80/", "needs a host"),
        ] {
            let error = check_url(value).expect_err(value);
            assert!(error.contains(help), "{value}: {error}");
        }
    }

    #[test]
    fn every_key_belongs_to_some_attribute() {
        assert_eq!(ViewKey::from_name("login_view"), Some(ViewKey::LoginView));
        assert_eq!(ViewKey::from_name("crate"), None);
        assert_eq!(ViewKey::from_alias("login_url"), Some(ViewKey::LoginView));
        assert_eq!(
            ViewKey::RefreshView.misplaced_help(),
            "`refresh_view` belongs to `#[fresh_login_required]`, the only attribute that asks stale logins to log in again"
        );
        assert_eq!(
            ViewKey::LoginView.misplaced_help(),
            "`login_view` belongs to `#[login_required]` and `#[fresh_login_required]`; here, `redirect_to` sets where logged-in users are sent"
        );
        for key in ViewKey::ALL {
            assert!(!key.kinds().is_empty(), "{key}");
        }
    }
}
