//! Every reason why a function cannot take the guard, all reported at once.

use proc_macro2::TokenTree;
use syn::{Attribute, FnArg, PatType, Safety};

use super::item::{Handler, can_carry_guard, is_current_user};
use super::kind::GuardKind;
use crate::diagnostic::{self, Errors};

pub(crate) fn not_a_function(kind: GuardKind, keyword: &TokenTree) -> syn::Error {
    let mut message = format!("`#[{kind}]` can only be applied to an `async fn` handler");
    let item = match keyword {
        TokenTree::Ident(ident) => match ident.to_string().as_str() {
            "struct" => Some("a `struct`"),
            "enum" => Some("an `enum`"),
            "union" => Some("a `union`"),
            "trait" => Some("a `trait`"),
            "mod" => Some("a module"),
            "static" => Some("a `static`"),
            "const" => Some("a `const`"),
            "type" => Some("a type alias"),
            "use" => Some("a `use` declaration"),
            "impl" => Some("an `impl` block"),
            "extern" => Some("an `extern` block"),
            "macro_rules" => Some("a macro"),
            _ => None,
        },
        _ => None,
    };
    if let Some(item) = item {
        message.push_str(", not to ");
        message.push_str(item);
    }
    let container = matches!(keyword, TokenTree::Ident(ident)
        if ident == "impl" || ident == "mod" || ident == "trait");
    if container {
        diagnostic::error_with_help(
            keyword.span(),
            message,
            format!("put `#[{kind}]` on each handler inside the `{keyword}` instead"),
        )
    } else {
        syn::Error::new(keyword.span(), message)
    }
}

/// Pushes every reason why `handler` cannot take the guard.
pub(crate) fn check(kind: GuardKind, handler: &Handler, errors: &mut Errors) {
    let sig = &handler.sig;
    // `const async fn` is rustc's own error already.
    match (&sig.constness, &sig.asyncness) {
        (Some(const_token), None) => errors.push(diagnostic::error_with_help(
            const_token.span,
            format!("`#[{kind}]` handlers must be `async fn`, not `const fn`"),
            "replace `const` with `async`",
        )),
        (None, None) => errors.push(diagnostic::error_with_help(
            sig.fn_token.span,
            format!("`#[{kind}]` handlers must be `async fn`"),
            "add `async` before `fn`",
        )),
        (_, Some(_)) => {}
    }
    if let Safety::Unsafe(unsafe_token) = &sig.safety {
        errors.push(diagnostic::error_with_help(
            unsafe_token.span,
            format!("`#[{kind}]` handlers cannot be `unsafe fn`: axum cannot call them"),
            "remove `unsafe` and use an `unsafe` block inside the handler",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new(
            variadic.dots.spans[0],
            format!("`#[{kind}]` handlers cannot be variadic"),
        ));
    }
    if let Some(TokenTree::Punct(semi)) = handler.body.clone().into_iter().next() {
        errors.push(syn::Error::new(
            semi.span(),
            format!("`#[{kind}]` needs a handler with a body"),
        ));
    }
    let extractors = sig
        .inputs
        .iter()
        .filter(|input| matches!(input, FnArg::Typed(_)))
        .count();
    if extractors >= 16 && !sig.inputs.iter().any(can_carry_guard) {
        errors.push(diagnostic::error_with_help(
            sig.ident.span(),
            format!(
                "`#[{kind}]` needs an extractor slot of its own here, and axum handlers take at most 16 extractors"
            ),
            "the check shares a parameter without attributes that is not `State<..>`; remove the attributes of one parameter, or take fewer extractors",
        ));
    }
    for attr in &handler.attrs {
        if let Some(other) = GuardKind::of_attribute(attr) {
            errors.push(both_guards(kind, other, attr));
        }
    }
    if kind == GuardKind::Anonymous {
        for input in &sig.inputs {
            if let FnArg::Typed(PatType { ty, .. }) = input
                && is_current_user(ty)
            {
                errors.push(syn::Error::new_spanned(
                    ty,
                    diagnostic::with_help(
                        "`#[anonymous_required]` handlers run only when nobody is logged in, so `CurrentUser` would refuse every request",
                        "to see who is visiting, take `Visitor<User>` or `Option<CurrentUser<User>>` instead",
                    ),
                ));
            }
        }
    }
}

/// `#[login_required]` and another guard attribute on one handler: reported on
/// the second attribute.
fn both_guards(kind: GuardKind, other: GuardKind, attr: &Attribute) -> syn::Error {
    let (message, help) = if kind == other {
        (
            format!("`#[{kind}]` is applied twice to this handler"),
            "remove this one".to_owned(),
        )
    } else {
        let help = if kind == GuardKind::Anonymous || other == GuardKind::Anonymous {
            format!(
                "`#[{}]` lets in only visitors who are not logged in; keep the one this handler needs",
                GuardKind::Anonymous
            )
        } else {
            format!(
                "keep only `#[{}]`: a fresh login is also a login",
                GuardKind::FreshLogin
            )
        };
        (
            format!("`#[{kind}]` and `#[{other}]` cannot both be applied to one handler"),
            help,
        )
    };
    // Spans the whole `#[...]`, from `#` to the closing bracket.
    syn::Error::new_spanned(attr, diagnostic::with_help(message, help))
}
