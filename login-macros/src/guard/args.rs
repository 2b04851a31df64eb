//! Arguments of the handler attributes: `crate = path`, and the view arguments
//! each kind takes (see [`GuardKind::keys`]), and `state = Type`.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser as _};
use syn::{Expr, Ident, Lit, LitStr, Path, Token, Type};

use super::kind::GuardKind;
use super::requirement::{Requirement, RequirementKey};
use super::views::{self, View, ViewKey};
use crate::diagnostic::{self, Errors};
use crate::meta;

/// The checked arguments of a handler attribute.
pub(crate) struct Args {
    /// `crate = path`: where generated code finds `login_runtime`.
    pub(crate) krate: Path,
    /// `login_view = "..."` and the like, in the order written; each key at
    /// most once, and only the keys this kind takes.
    pub(crate) views: Vec<View>,
    /// `state = Type`: the router state, checked at compile time to hold the
    /// login manager.
    pub(crate) state: Option<Type>,
    /// `permission = ..`, `permissions = [..]` or `predicate = ..`: what the
    /// user needs beyond a login.
    pub(crate) requirement: Option<Requirement>,
    /// `forbidden = answer`: this handler's answer to a user who lacks the
    /// requirement; the key is kept for error spans.
    pub(crate) forbidden: Option<(Ident, Expr)>,
}

impl Args {
    /// Parses the tokens between the attribute's parentheses, reporting every
    /// unknown, misplaced or repeated key and every bad value at once.
    ///
    /// To add an argument, add it to the table in [`super::kind`] and a branch
    /// to [`Self::argument`].
    pub(crate) fn parse(kind: GuardKind, tokens: TokenStream) -> syn::Result<Self> {
        diagnostic::collect(|errors| {
            let mut args = Args {
                krate: meta::default_crate_path(),
                views: Vec::new(),
                state: None,
                requirement: None,
                forbidden: None,
            };
            let mut krate_given = false;
            let keys = kind.keys();
            let parsed = (|input: ParseStream| {
                meta::parse_key_list(input, &keys, errors, |key, input, errors| {
                    args.argument(kind, key, input, errors, &mut krate_given)
                })
            })
            .parse2(tokens);
            errors.ok(parsed)?;
            if let (Some((key, _)), None) = (&args.forbidden, &args.requirement) {
                errors.push(diagnostic::error_with_help(
                    key.span(),
                    "`forbidden` answers users who lack a permission, and this handler requires none",
                    "add `permission = ..`, `permissions = [..]` or `predicate = ..`, or remove `forbidden`",
                ));
            }
            Some(args)
        })
    }

    /// Reads one argument's value after its `key`.
    fn argument(
        &mut self,
        kind: GuardKind,
        key: &Ident,
        input: ParseStream,
        errors: &mut Errors,
        krate_given: &mut bool,
    ) -> syn::Result<()> {
        let name = key.to_string();
        if name == "crate" {
            let usage = format!("#[{kind}(crate = my_crate::login)]");
            let path = meta::crate_path(key, input, &usage)?;
            if std::mem::replace(krate_given, true) {
                errors.push(duplicate(kind, key));
            } else {
                self.krate = path;
            }
            return Ok(());
        }
        if name == "state" {
            let ty = state_type(kind, key, input, errors)?;
            if self.state.is_some() {
                errors.push(duplicate(kind, key));
            } else {
                self.state = ty;
            }
            return Ok(());
        }
        if let Some(which) = RequirementKey::from_name(&name).filter(|_| kind == GuardKind::Login) {
            let Some(requirement) =
                Requirement::parse(kind.attribute_name(), which, key, input, errors)?
            else {
                return Ok(());
            };
            if let Some(first) = &self.requirement {
                errors.push(diagnostic::error_with_help(
                    key.span(),
                    format!(
                        "`{key}` and `{}` cannot both be given: a handler has one requirement",
                        first.key
                    ),
                    "list several permissions in `permissions = [..]`, which requires all of them, or combine conditions in one `predicate`",
                ));
            } else {
                self.requirement = Some(requirement);
            }
            return Ok(());
        }
        if name == "forbidden" && kind == GuardKind::Login {
            if !input.peek(Token![=]) || input.peek2(Token![,]) {
                meta::skip_value(input)?;
                errors.push(diagnostic::error_with_help(
                    key.span(),
                    "`forbidden` needs the function that answers users without the permission",
                    "write `#[login_required(permission = Permission::Admin, forbidden = no_entry)]`, with `fn no_entry(request: RequestHead<'_>) -> impl IntoResponse`",
                ));
                return Ok(());
            }
            input.parse::<Token![=]>()?;
            let answer: Expr = input.parse()?;
            if self.forbidden.is_some() {
                errors.push(duplicate(kind, key));
            } else {
                self.forbidden = Some((key.clone(), answer));
            }
            return Ok(());
        }
        if RequirementKey::from_name(&name).is_some() || name == "forbidden" {
            meta::skip_value(input)?;
            errors.push(diagnostic::error_with_help(
                key.span(),
                unknown_message(kind, &name),
                if kind == GuardKind::FreshLogin {
                    format!("`{name}` belongs to `#[login_required]`; to require a fresh login and a permission, take a `PermissionRequired<..>` extractor as well")
                } else {
                    format!("`{name}` belongs to `#[login_required]`: an anonymous-only handler has no user to check")
                },
            ));
            return Ok(());
        }
        let Some(which) = ViewKey::from_name(&name) else {
            meta::skip_value(input)?;
            errors.push(unknown(kind, key));
            return Ok(());
        };
        if !which.kinds().contains(&kind) {
            meta::skip_value(input)?;
            errors.push(diagnostic::error_with_help(
                key.span(),
                unknown_message(kind, &name),
                which.misplaced_help(),
            ));
            return Ok(());
        }
        let Some(value) = view_value(kind, which, key, input, errors)? else {
            return Ok(());
        };
        if self.views.iter().any(|view| view.which == which) {
            errors.push(duplicate(kind, key));
        } else {
            self.views.push(View { which, value });
        }
        Ok(())
    }
}

/// Reads `= Type` after `state`. A missing value is pushed to `errors` and
/// gives `None`; `Err` only when the rest of the list cannot be read.
fn state_type(
    kind: GuardKind,
    key: &Ident,
    input: ParseStream,
    errors: &mut Errors,
) -> syn::Result<Option<Type>> {
    if !input.peek(Token![=]) || input.peek2(Token![,]) {
        meta::skip_value(input)?;
        errors.push(diagnostic::error_with_help(
            key.span(),
            "`state` needs the router state's type",
            format!("write `#[{kind}(state = AppState)]`"),
        ));
        return Ok(None);
    }
    input.parse::<Token![=]>()?;
    input.parse().map(Some)
}

/// Reads `= "/path"` after a view key. A missing, non-literal or malformed
/// value is pushed to `errors` and gives `None`; `Err` only when the rest of
/// the list cannot be read.
fn view_value(
    kind: GuardKind,
    which: ViewKey,
    key: &Ident,
    input: ParseStream,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    let usage = format!("write `#[{kind}({which} = \"{}\")]`", which.example());
    if !meta::value_follows(key, &which, input, errors, &usage)? {
        return Ok(None);
    }
    let must_be_a_string = format!(
        "`{which}` must be a string literal, such as `\"{}\"`",
        which.example()
    );
    if !input.peek(Lit) {
        let value = meta::skip_value(input)?;
        errors.push(syn::Error::new_spanned(
            value,
            diagnostic::with_help(
                must_be_a_string,
                "write the path itself: an attribute cannot read constants or expand macros in its arguments",
            ),
        ));
        return Ok(None);
    }
    let lit = match input.parse::<Lit>()? {
        Lit::Str(lit) if lit.suffix().is_empty() => lit,
        other @ (Lit::ByteStr(_) | Lit::CStr(_) | Lit::Str(_)) => {
            errors.push(diagnostic::error_with_help(
                other.span(),
                must_be_a_string,
                "write a plain `\"...\"` string, without prefix or suffix",
            ));
            return Ok(None);
        }
        other => {
            errors.push(syn::Error::new(other.span(), must_be_a_string));
            return Ok(None);
        }
    };
    let len = lit.value().len();
    if len > views::MAX_LEN {
        errors.push(diagnostic::error_with_help(
            lit.span(),
            format!("`{which}` is {len} bytes long; views are at most {} bytes", views::MAX_LEN),
            "shorten it, or set the view for this handler's routes with a router-level `LoginPolicy`",
        ));
        return Ok(None);
    }
    match views::check_url(&lit.value()) {
        Ok(()) => Ok(Some(lit)),
        Err(help) => {
            errors.push(diagnostic::error_with_help(
                lit.span(),
                format!(
                    "`{which}` must be a path starting with `/` or an absolute http(s) URL, got {}",
                    views::quoted(&lit.value())
                ),
                help,
            ));
            Ok(None)
        }
    }
}

fn unknown_message(kind: GuardKind, key: &str) -> String {
    format!(
        "unknown `{kind}` argument `{key}`; expected {}",
        diagnostic::one_of(&kind.keys())
    )
}

/// A key no attribute takes: "did you mean" for a typo, or the view argument
/// that a common alias stands for.
fn unknown(kind: GuardKind, key: &Ident) -> syn::Error {
    let name = key.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    if diagnostic::did_you_mean(name, &kind.keys()).is_none() {
        let alias = ViewKey::from_alias(name).or_else(|| {
            let all: Vec<&str> = [
                ViewKey::LoginView,
                ViewKey::RefreshView,
                ViewKey::RedirectTo,
            ]
            .iter()
            .map(|view| view.name())
            .collect();
            diagnostic::did_you_mean(name, &all).and_then(ViewKey::from_name)
        });
        if let Some(which) = alias {
            let help = if which.kinds().contains(&kind) {
                format!("did you mean `{which}`?")
            } else {
                which.misplaced_help()
            };
            return diagnostic::error_with_help(key.span(), unknown_message(kind, name), help);
        }
    }
    diagnostic::unknown_key(
        key.span(),
        &format!("`{kind}` argument"),
        name,
        &kind.keys(),
    )
}

fn duplicate(kind: GuardKind, key: &Ident) -> syn::Error {
    diagnostic::error_with_help(
        key.span(),
        format!("duplicate `{kind}` argument `{key}`"),
        format!("remove this `{key}`; it is already given"),
    )
}

#[cfg(test)]
mod tests {
    use super::Args;
    use crate::guard::GuardKind;
    use crate::meta::display_path;

    fn parse(kind: GuardKind, tokens: &str) -> Result<String, Vec<String>> {
        Args::parse(kind, tokens.parse().unwrap())
            .map(|args| {
                let views = args
                    .views
                    .iter()
                    .map(|view| format!(" {}={}", view.which, view.value.value()));
                display_path(&args.krate) + &views.collect::<String>()
            })
            .map_err(|error| error.into_iter().map(|error| error.to_string()).collect())
    }

    #[test]
    fn defaults_to_login_runtime() {
        assert_eq!(
            parse(GuardKind::Login, ""),
            Ok("::login_runtime".to_owned())
        );
    }

    #[test]
    fn accepts_a_crate_path() {
        assert_eq!(
            parse(GuardKind::Login, "crate = my::login"),
            Ok("my::login".to_owned())
        );
        assert_eq!(
            parse(GuardKind::Anonymous, "crate = crate::login,"),
            Ok("crate::login".to_owned())
        );
        assert_eq!(
            parse(GuardKind::Login, "crate = \"::my::login\""),
            Ok("::my::login".to_owned())
        );
    }

    #[test]
    fn accepts_the_views_of_each_kind() {
        assert_eq!(
            parse(GuardKind::Login, "login_view = \"/admin/login\""),
            Ok("::login_runtime login_view=/admin/login".to_owned())
        );
        assert_eq!(
            parse(
                GuardKind::FreshLogin,
                "refresh_view = r\"/again\", crate = x, login_view = \"https://sso.example.com/\","
            ),
            Ok("x refresh_view=/again login_view=https://sso.example.com/".to_owned())
        );
        assert_eq!(
            parse(GuardKind::Anonymous, "redirect_to = \"/dashboard\""),
            Ok("::login_runtime redirect_to=/dashboard".to_owned())
        );
    }

    #[test]
    fn reports_every_unknown_and_repeated_key() {
        assert_eq!(
            parse(
                GuardKind::FreshLogin,
                "krate = a, crate = b, foo = \"x\", crate = c, login_vew = \"/a\""
            ),
            Err(vec![
                "unknown `fresh_login_required` argument `krate`; expected one of `login_view`, `refresh_view`, `state`, `crate`\nhelp: did you mean `crate`?"
                    .to_owned(),
                "unknown `fresh_login_required` argument `foo`; expected one of `login_view`, `refresh_view`, `state`, `crate`".to_owned(),
                "duplicate `fresh_login_required` argument `crate`\nhelp: remove this `crate`; it is already given"
                    .to_owned(),
                "unknown `fresh_login_required` argument `login_vew`; expected one of `login_view`, `refresh_view`, `state`, `crate`\nhelp: did you mean `login_view`?"
                    .to_owned(),
            ])
        );
        assert_eq!(
            parse(GuardKind::Login, "login_view = \"/a\", login_view = \"/b\""),
            Err(vec![
                "duplicate `login_required` argument `login_view`\nhelp: remove this `login_view`; it is already given"
                    .to_owned()
            ])
        );
    }

    #[test]
    fn points_misplaced_views_to_their_attribute() {
        assert_eq!(
            parse(GuardKind::Login, "refresh_view = \"/again\""),
            Err(vec![
                "unknown `login_required` argument `refresh_view`; expected one of `login_view`, `permission`, `permissions`, `predicate`, `forbidden`, `state`, `crate`\nhelp: `refresh_view` belongs to `#[fresh_login_required]`, the only attribute that asks stale logins to log in again"
                    .to_owned()
            ])
        );
        assert_eq!(
            parse(GuardKind::Anonymous, "login_url = \"/login\""),
            Err(vec![
                "unknown `anonymous_required` argument `login_url`; expected one of `redirect_to`, `state`, `crate`\nhelp: `login_view` belongs to `#[login_required]` and `#[fresh_login_required]`; here, `redirect_to` sets where logged-in users are sent"
                    .to_owned()
            ])
        );
        assert_eq!(
            parse(GuardKind::Login, "login_url = \"/login\""),
            Err(vec![
                "unknown `login_required` argument `login_url`; expected one of `login_view`, `permission`, `permissions`, `predicate`, `forbidden`, `state`, `crate`\nhelp: did you mean `login_view`?"
                    .to_owned()
            ])
        );
        assert_eq!(
            parse(GuardKind::Login, "redirect_t = \"/login\""),
            Err(vec![
                "unknown `login_required` argument `redirect_t`; expected one of `login_view`, `permission`, `permissions`, `predicate`, `forbidden`, `state`, `crate`\nhelp: `redirect_to` belongs to `#[anonymous_required]`; here, `login_view` sets where anonymous visitors are sent"
                    .to_owned()
            ])
        );
    }

    #[test]
    fn rejects_bad_view_values() {
        let errors = parse(
            GuardKind::Login,
            "login_view, login_view =, login_view = LOGIN, login_view = 1, login_view = b\"/x\", login_view = \"admin\"",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "`login_view` needs a value\nhelp: write `#[login_required(login_view = \"/login\")]`",
                "`login_view` needs a value after `=`\nhelp: write `#[login_required(login_view = \"/login\")]`",
                "`login_view` must be a string literal, such as `\"/login\"`\nhelp: write the path itself: an attribute cannot read constants or expand macros in its arguments",
                "`login_view` must be a string literal, such as `\"/login\"`",
                "`login_view` must be a string literal, such as `\"/login\"`\nhelp: write a plain `\"...\"` string, without prefix or suffix",
                "`login_view` must be a path starting with `/` or an absolute http(s) URL, got `admin`\nhelp: start the path with `/`, as in `/admin`; a relative path would depend on the page that refuses the request",
            ]
        );
    }

    #[test]
    fn rejects_a_crate_key_without_a_path() {
        let errors = parse(GuardKind::Login, "crate").unwrap_err();
        assert_eq!(
            errors,
            [
                "`crate` needs the path of the `login_runtime` crate\nhelp: write `#[login_required(crate = my_crate::login)]`"
            ]
        );
        assert!(parse(GuardKind::Login, "crate = 1").is_err());
        assert!(parse(GuardKind::Login, "crate = a b").is_err());
    }

    fn requirement_errors(tokens: &str) -> Vec<String> {
        parse(GuardKind::Login, tokens).unwrap_err()
    }

    #[test]
    fn accepts_permission_arguments() {
        for tokens in [
            "permission = Permission::Admin",
            "permission = \"admin\", login_view = \"/login\"",
            "permissions = [crate::Permission::Admin, crate::Permission::Editor]",
            "predicate = can_publish, forbidden = no_entry",
            "predicate = async can_publish",
            "predicate = |user: &User| user.admin",
        ] {
            assert!(parse(GuardKind::Login, tokens).is_ok(), "{tokens}");
        }
    }

    #[test]
    fn rejects_bad_permission_arguments() {
        assert_eq!(
            requirement_errors(
                "permission = Admin, permission = [A::B], permissions = A::B, permissions = [], permission = 1"
            ),
            [
                "write the permission with its type, as in `Permission::Admin`\nhelp: the check needs the permission's type, which a name alone does not say",
                "`permission` takes one permission\nhelp: to require all of them, write `permissions = [A::B]`",
                "`permissions` takes a list in brackets\nhelp: write `#[login_required(permissions = [Permission::Admin, Permission::Editor])]`, or `permission = ..` for a single one",
                "`permissions = []` requires no permission\nhelp: list at least one permission, or remove the argument to require only a login",
                "a permission is an enum variant or a constant written with its type, or a string literal\nhelp: write, for example, `Permission::Admin` or `\"admin\"`",
            ]
        );
        assert_eq!(
            requirement_errors("permission = A::B, predicate = f"),
            [
                "`predicate` and `permission` cannot both be given: a handler has one requirement\nhelp: list several permissions in `permissions = [..]`, which requires all of them, or combine conditions in one `predicate`"
            ]
        );
        assert_eq!(
            requirement_errors("forbidden = no_entry"),
            [
                "`forbidden` answers users who lack a permission, and this handler requires none\nhelp: add `permission = ..`, `permissions = [..]` or `predicate = ..`, or remove `forbidden`"
            ]
        );
        assert_eq!(
            parse(GuardKind::FreshLogin, "permission = A::B").unwrap_err(),
            [
                "unknown `fresh_login_required` argument `permission`; expected one of `login_view`, `refresh_view`, `state`, `crate`\nhelp: `permission` belongs to `#[login_required]`; to require a fresh login and a permission, take a `PermissionRequired<..>` extractor as well"
            ]
        );
    }
}
