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

/// Checks a view URL with the rules the runtime applies to its settings. The
/// error is the `help:` line that says how to fix it.
pub(crate) fn check_url(value: &str) -> Result<(), String> {
    login_view_url::check(value).map_err(|error| error.to_string())
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
    fn rejects_what_the_runtime_rejects_with_a_fix() {
        assert_eq!(check_url("/login"), Ok(()));
        assert_eq!(
            check_url("https://user@:80/").unwrap_err(),
            "an absolute URL needs a host, as in `https://example.com/login`"
        );
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
