//! The model of what a handler attribute was applied to: a function whose
//! signature is parsed and whose body stays raw tokens, or anything else.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Abi, Attribute, FnArg, PatType, Signature, Token, Type, Visibility};

/// What the attribute was applied to.
pub(crate) enum Item {
    Fn(Box<Handler>),
    /// Anything else; `keyword` is the token that says what it is (`struct`,
    /// `impl`, ...).
    Other {
        keyword: TokenTree,
    },
}

pub(crate) struct Handler {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// `{ ... }`, kept as tokens; or `;` for a function without a body.
    pub(crate) body: TokenStream,
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if !peek_signature(input) {
            loop {
                let keyword: TokenTree = input.parse()?;
                let is_qualifier = matches!(&keyword, TokenTree::Ident(ident)
                    if ident == "unsafe" || ident == "default" || ident == "auto");
                if !is_qualifier || input.is_empty() {
                    input.parse::<TokenStream>()?;
                    return Ok(Item::Other { keyword });
                }
            }
        }
        Ok(Item::Fn(Box::new(Handler {
            attrs,
            vis,
            sig: input.parse()?,
            body: input.parse()?,
        })))
    }
}

/// Whether a function signature starts here: `const`, `async`, `unsafe`,
/// `extern "abi"` in that order, then `fn`.
fn peek_signature(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<Option<Token![const]>>().is_ok()
        && fork.parse::<Option<Token![async]>>().is_ok()
        && fork.parse::<Option<Token![unsafe]>>().is_ok()
        && fork.parse::<Option<Abi>>().is_ok()
        && fork.peek(Token![fn])
}

/// Whether the guard can share this parameter, which is the case for the first
/// one that no attribute can remove (`#[cfg]`, `#[cfg_attr]`, or an attribute
/// macro's rewrite) and that is not `State<..>`, which `#[axum::debug_handler]`
/// below this attribute looks for to infer the router state.
pub(crate) fn can_carry_guard(input: &FnArg) -> bool {
    match input {
        FnArg::Typed(PatType { attrs, ty, .. }) => attrs.is_empty() && !is_state(ty),
        FnArg::Receiver(_) => false,
    }
}

/// `State<...>` as written, possibly through a path such as `axum::extract::State<...>`.
fn is_state(ty: &Type) -> bool {
    last_segment_is(ty, "State")
}

/// `CurrentUser<...>` as written, possibly through a path such as
/// `login_runtime::CurrentUser<...>`. `Option<CurrentUser<...>>` is fine.
pub(crate) fn is_current_user(ty: &Type) -> bool {
    last_segment_is(ty, "CurrentUser")
}

/// Whether `ty` is a path whose last segment is `name`, as in `name<..>`.
fn last_segment_is(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Paren(paren) => last_segment_is(&paren.elem, name),
        Type::Group(group) => last_segment_is(&group.elem, name),
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == name),
        _ => false,
    }
}
