//! Arguments of `#[login_required(...)]` and `#[fresh_login_required(...)]`.

use proc_macro2::TokenStream;
use syn::Path;
use syn::parse::{ParseStream, Parser as _};

use crate::diagnostic;
use crate::handler::GuardKind;
use crate::meta;

/// The checked arguments of a handler attribute.
pub(crate) struct Args {
    /// `crate = path`: where generated code finds `login_runtime`.
    pub(crate) krate: Path,
}

impl Args {
    /// Every accepted key, as listed in messages. To add an argument, add its
    /// key here, a field above, and a branch in [`Args::parse`].
    pub(crate) const KEYS: &'static [&'static str] = &["crate"];

    /// Parses the tokens between the attribute's parentheses, reporting every
    /// unknown or repeated key at once.
    pub(crate) fn parse(kind: GuardKind, tokens: TokenStream) -> syn::Result<Self> {
        diagnostic::collect(|errors| {
            let mut krate: Option<Path> = None;
            let parsed = (|input: ParseStream| {
                meta::parse_key_list(input, Self::KEYS, errors, |key, input, errors| {
                    if key == "crate" {
                        let path = meta::crate_path(
                            key,
                            input,
                            &format!("#[{kind}(crate = my_crate::login)]"),
                        )?;
                        if krate.is_some() {
                            errors.push(duplicate(kind, key));
                        } else {
                            krate = Some(path);
                        }
                    } else {
                        meta::skip_value(input)?;
                        errors.push(diagnostic::unknown_key(
                            key.span(),
                            &format!("`{kind}` argument"),
                            &key.to_string(),
                            Self::KEYS,
                        ));
                    }
                    Ok(())
                })
            })
            .parse2(tokens);
            errors.ok(parsed)?;
            Some(Args {
                krate: krate.unwrap_or_else(meta::default_crate_path),
            })
        })
    }
}

fn duplicate(kind: GuardKind, key: &syn::Ident) -> syn::Error {
    diagnostic::error_with_help(
        key.span(),
        format!("duplicate `{kind}` argument `{key}`"),
        format!("remove this `{key}`; it is already given"),
    )
}

#[cfg(test)]
mod tests {
    use super::Args;
    use crate::handler::GuardKind;
    use crate::meta::display_path;

    fn parse(kind: GuardKind, tokens: &str) -> Result<String, Vec<String>> {
        Args::parse(kind, tokens.parse().unwrap())
            .map(|args| display_path(&args.krate))
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
            parse(GuardKind::Login, "crate = crate::login,"),
            Ok("crate::login".to_owned())
        );
        assert_eq!(
            parse(GuardKind::Login, "crate = \"::my::login\""),
            Ok("::my::login".to_owned())
        );
    }

    #[test]
    fn reports_every_unknown_and_repeated_key() {
        assert_eq!(
            parse(GuardKind::FreshLogin, "krate = a, crate = b, foo = \"x\", crate = c"),
            Err(vec![
                "unknown `fresh_login_required` argument `krate`; expected `crate`\nhelp: did you mean `crate`?"
                    .to_owned(),
                "unknown `fresh_login_required` argument `foo`; expected `crate`".to_owned(),
                "duplicate `fresh_login_required` argument `crate`\nhelp: remove this `crate`; it is already given"
                    .to_owned(),
            ])
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
}
