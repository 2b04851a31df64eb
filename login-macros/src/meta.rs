//! Parsing of the `key, key = value` lists shared by `#[auth(...)]` and the
//! arguments of `#[login_required(...)]` / `#[fresh_login_required(...)]`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::ext::IdentExt as _;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Path, PathSegment, Token};

use crate::diagnostic::{self, Errors};

/// `::login_runtime`, the path generated code uses unless `crate = ...` says
/// otherwise.
pub(crate) fn default_crate_path() -> Path {
    let span = Span::call_site();
    let mut segments = Punctuated::new();
    segments.push(PathSegment::from(Ident::new("login_runtime", span)));
    Path {
        leading_colon: Some(Token![::](span)),
        segments,
    }
}

/// Parses `key, key = value, ...` to the end of `input`, calling `entry` with
/// each key and the stream just after it. `entry` consumes the key's value if
/// any; it pushes recoverable errors to `errors` and returns `Err` only when
/// the rest of the list cannot be read.
///
/// `keys` lists the accepted keys for the "expected ..." message.
pub(crate) fn parse_key_list(
    input: ParseStream,
    keys: &[&str],
    errors: &mut Errors,
    mut entry: impl FnMut(&Ident, ParseStream, &mut Errors) -> syn::Result<()>,
) -> syn::Result<()> {
    while !input.is_empty() {
        if !input.peek(Ident::peek_any) {
            return Err(input.error(format!("expected {}", diagnostic::one_of(keys))));
        }
        let key = Ident::parse_any(input)?;
        entry(&key, input, errors)?;
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(())
}

/// Consumes whatever follows a key up to the next top-level `,`, so that the
/// rest of the list can still be checked after an error.
pub(crate) fn skip_value(input: ParseStream) -> syn::Result<TokenStream> {
    let mut skipped = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        skipped.extend([input.parse::<TokenTree>()?]);
    }
    Ok(skipped)
}

/// Reads the `=` after `key` for an argument that takes a value. A missing
/// `=`, or nothing after it, is pushed to `errors` (with `usage` as the fix)
/// and gives `false`; `Err` only when the rest of the list cannot be read.
pub(crate) fn value_follows(
    key: &Ident,
    name: &dyn std::fmt::Display,
    input: ParseStream,
    errors: &mut Errors,
    usage: &str,
) -> syn::Result<bool> {
    if !input.peek(Token![=]) {
        skip_value(input)?;
        errors.push(diagnostic::error_with_help(
            key.span(),
            format!("`{name}` needs a value"),
            usage,
        ));
        return Ok(false);
    }
    let eq: Token![=] = input.parse()?;
    if input.is_empty() || input.peek(Token![,]) {
        errors.push(diagnostic::error_with_help(
            eq.span,
            format!("`{name}` needs a value after `=`"),
            usage,
        ));
        return Ok(false);
    }
    Ok(true)
}

/// For a flag such as `id`: reports `= value` or `(...)` after it, spanned on
/// the value, with `usage` as the correct spelling.
pub(crate) fn reject_value(
    key: &Ident,
    input: ParseStream,
    errors: &mut Errors,
    usage: &str,
) -> syn::Result<()> {
    let value = skip_value(input)?;
    if !value.is_empty() {
        errors.push(syn::Error::new_spanned(
            value,
            format!("`{key}` takes no value; write `{usage}`"),
        ));
    }
    Ok(())
}

/// Reads `= path` after a `crate` key. The path may also be given as a string
/// (`crate = "my::path"`), as serde and tokio accept.
///
/// `usage` is the correct spelling, shown when the `= path` part is missing.
pub(crate) fn crate_path(key: &Ident, input: ParseStream, usage: &str) -> syn::Result<Path> {
    if !input.peek(Token![=]) {
        return Err(diagnostic::error_with_help(
            key.span(),
            format!("`{key}` needs the path of the `login_runtime` crate"),
            format!("write `{usage}`"),
        ));
    }
    input.parse::<Token![=]>()?;
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return lit.parse_with(Path::parse_mod_style);
    }
    let path = input.call(Path::parse_mod_style)?;
    if !input.is_empty() && !input.peek(Token![,]) {
        let rest = skip_value(input)?;
        return Err(syn::Error::new_spanned(
            rest,
            format!("expected a path after `{key} =`, such as `my_crate::login`"),
        ));
    }
    Ok(path)
}

/// The tokens inside `#[auth(...)]`, or an error for `#[auth]` or
/// `#[auth = ...]`. `keys` are the accepted keys and `example` a correct
/// attribute, for the hint.
pub(crate) fn list_tokens(
    attr: &syn::Attribute,
    keys: &[&str],
    example: &str,
) -> syn::Result<TokenStream> {
    let name = attr
        .path()
        .segments
        .last()
        .map_or_else(String::new, |segment| segment.ident.to_string());
    match &attr.meta {
        syn::Meta::List(list) => Ok(list.tokens.clone()),
        syn::Meta::Path(path) => Err(syn::Error::new_spanned(
            path,
            diagnostic::with_help(
                format!("expected `#[{name}(...)]`"),
                format!("for example `{example}`"),
            ),
        )),
        syn::Meta::NameValue(name_value) => {
            let help = match &name_value.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) if keys.contains(&value.value().as_str()) => {
                    format!("write `#[{name}({})]`", value.value())
                }
                _ => format!("for example `{example}`"),
            };
            let mut tokens = name_value.eq_token.to_token_stream();
            name_value.value.to_tokens(&mut tokens);
            Err(syn::Error::new_spanned(
                tokens,
                diagnostic::with_help(
                    format!("expected `#[{name}(...)]`, not `#[{name} = ...]`"),
                    help,
                ),
            ))
        }
    }
}

/// A path as written, without the spaces `to_string` puts around `::`.
#[cfg(test)]
pub(crate) fn display_path(path: &Path) -> String {
    quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::{crate_path, display_path, parse_key_list, reject_value};
    use crate::diagnostic;
    use syn::parse::Parser as _;

    fn keys(tokens: &str) -> syn::Result<Vec<String>> {
        let tokens: proc_macro2::TokenStream = tokens.parse().unwrap();
        diagnostic::collect(|errors| {
            let mut seen = Vec::new();
            let parsed = (|input: syn::parse::ParseStream| {
                parse_key_list(input, &["id", "crate"], errors, |key, input, errors| {
                    if key == "crate" {
                        let path = crate_path(key, input, "crate = my::path")?;
                        seen.push(format!("crate={}", display_path(&path)));
                    } else {
                        reject_value(key, input, errors, "id")?;
                        seen.push(key.to_string());
                    }
                    Ok(())
                })
            })
            .parse2(tokens);
            errors.ok(parsed)?;
            Some(seen)
        })
    }

    #[test]
    fn parses_flags_and_paths() {
        assert_eq!(keys("").unwrap(), Vec::<String>::new());
        assert_eq!(keys("id").unwrap(), ["id"]);
        assert_eq!(keys("id,").unwrap(), ["id"]);
        assert_eq!(keys("crate = ::a::b, id").unwrap(), ["crate=::a::b", "id"]);
        assert_eq!(keys("crate = \"crate::x\"").unwrap(), ["crate=crate::x"]);
    }

    #[test]
    fn reports_values_on_flags_and_keeps_going() {
        let messages: Vec<String> = keys("id = 1, id(x), crate")
            .unwrap_err()
            .into_iter()
            .map(|error| error.to_string())
            .collect();
        assert_eq!(
            messages,
            [
                "`id` takes no value; write `id`",
                "`id` takes no value; write `id`",
                "`crate` needs the path of the `login_runtime` crate\nhelp: write `crate = my::path`",
            ]
        );
    }

    #[test]
    fn rejects_junk() {
        assert!(keys("\"id\"").is_err());
        assert!(keys("id id").is_err());
        assert!(keys("crate = a b").is_err());
    }
}
