//! Which handler attribute is expanding, and the one table of the arguments
//! each takes.

use std::fmt::{self, Display};

use syn::Attribute;

/// Every argument of the handler attributes and the attributes that take it,
/// in the order messages list them.
const ARGUMENTS: [(&str, &[GuardKind]); 9] = [
    ("login_view", &[GuardKind::Login, GuardKind::FreshLogin]),
    ("refresh_view", &[GuardKind::FreshLogin]),
    ("redirect_to", &[GuardKind::Anonymous]),
    ("permission", &[GuardKind::Login]),
    ("permissions", &[GuardKind::Login]),
    ("predicate", &[GuardKind::Login]),
    ("forbidden", &[GuardKind::Login]),
    ("state", &GuardKind::ALL),
    ("crate", &GuardKind::ALL),
];

/// Which handler attribute is expanding. `Display` is the attribute's name,
/// as messages write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GuardKind {
    Login,
    FreshLogin,
    Anonymous,
}

impl GuardKind {
    pub(crate) const ALL: [GuardKind; 3] = [
        GuardKind::Login,
        GuardKind::FreshLogin,
        GuardKind::Anonymous,
    ];

    pub(crate) fn attribute_name(self) -> &'static str {
        match self {
            GuardKind::Login => "login_required",
            GuardKind::FreshLogin => "fresh_login_required",
            GuardKind::Anonymous => "anonymous_required",
        }
    }

    /// The extractor in `__private` that enforces this kind of check, generic
    /// over the handler's views.
    pub(crate) fn guard_type(self) -> &'static str {
        match self {
            GuardKind::Login => "LoginRequired",
            GuardKind::FreshLogin => "FreshLoginRequired",
            GuardKind::Anonymous => "AnonymousRequired",
        }
    }

    /// The arguments this attribute takes, in the order messages list them.
    pub(crate) fn keys(self) -> Vec<&'static str> {
        ARGUMENTS
            .iter()
            .filter(|(_, kinds)| kinds.contains(&self))
            .map(|(key, _)| *key)
            .collect()
    }

    /// The attributes that take the argument `key`.
    pub(crate) fn taking(key: &str) -> &'static [GuardKind] {
        ARGUMENTS
            .iter()
            .find(|(name, _)| *name == key)
            .map_or(&[], |(_, kinds)| kinds)
    }

    /// The kind an attribute such as `#[login_required]` or
    /// `#[login_runtime::fresh_login_required(...)]` stands for, judged by the
    /// last segment of its path.
    pub(crate) fn of_attribute(attr: &Attribute) -> Option<Self> {
        let last = attr.path().segments.last()?;
        Self::ALL
            .into_iter()
            .find(|kind| last.ident == kind.attribute_name())
    }
}

impl Display for GuardKind {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.attribute_name())
    }
}

#[cfg(test)]
mod tests {
    use super::GuardKind;

    #[test]
    fn display_is_the_attribute_name() {
        assert_eq!(GuardKind::Login.to_string(), "login_required");
        assert_eq!(GuardKind::FreshLogin.to_string(), "fresh_login_required");
        assert_eq!(GuardKind::Anonymous.to_string(), "anonymous_required");
    }

    #[test]
    fn lists_the_arguments_of_each_attribute() {
        assert_eq!(
            GuardKind::Login.keys(),
            [
                "login_view",
                "permission",
                "permissions",
                "predicate",
                "forbidden",
                "state",
                "crate"
            ]
        );
        assert_eq!(
            GuardKind::FreshLogin.keys(),
            ["login_view", "refresh_view", "state", "crate"]
        );
        assert_eq!(
            GuardKind::Anonymous.keys(),
            ["redirect_to", "state", "crate"]
        );
        assert_eq!(GuardKind::taking("refresh_view"), [GuardKind::FreshLogin]);
        assert!(GuardKind::taking("nope").is_empty());
    }
}
