//! `#[login_required]`, `#[fresh_login_required]` and `#[anonymous_required]`:
//! one code path, parameterised by [`GuardKind`], laid out by phase: the
//! attribute's arguments ([`args`], with [`views`]), the model of the item
//! ([`item`]), the checks ([`check`]) and the rewritten handler ([`expand`]).
//!
//! The handler's signature is parsed; its body stays raw tokens and is emitted
//! once, with one statement added. The only change is the guard,
//! `<crate>::__private::LoginRequired` (or `FreshLoginRequired`,
//! `AnonymousRequired`), folded into the first parameter that no attribute can
//! remove and that is not `State<..>`: `(guard, pat): (Guard, Ty)`, or a
//! parameter `guard: Guard` of its own, first after any receiver, when there is
//! none. The body starts with a use of `guard`, a mixed-site binding, so that a
//! signature that lost the guard fails to compile. With view arguments the
//! guard is `LoginRequired<V>` (and so on), where `V` spells the views in its
//! const parameters.

mod args;
mod check;
mod expand;
mod item;
mod kind;
mod requirement;
mod views;

use proc_macro2::TokenStream;
use quote::quote;

use self::args::Args;
use self::item::Item;
pub(crate) use self::kind::GuardKind;
use crate::diagnostic;

/// Expands the attribute; on error, the item unchanged followed by the errors,
/// so that the rest of the crate and rust-analyzer keep working.
pub(crate) fn expand(kind: GuardKind, args: TokenStream, item: &TokenStream) -> TokenStream {
    let checked = diagnostic::collect(|errors| {
        let args = errors.ok(Args::parse(kind, args));
        let handler = match errors.ok(syn::parse2::<Item>(item.clone()))? {
            Item::Fn(handler) => {
                check::check(kind, &handler, errors);
                if let Some(requirement) = args.as_ref().and_then(|args| args.requirement.as_ref())
                {
                    requirement.check_free_function(&handler.sig, errors);
                }
                handler
            }
            Item::Other { keyword } => {
                errors.push(check::not_a_function(kind, &keyword));
                return None;
            }
        };
        Some((args?, handler))
    });
    match checked {
        Ok((args, handler)) => expand::rewrite(kind, &args, *handler),
        Err(error) => {
            let error = error.into_compile_error();
            quote!(#item #error)
        }
    }
}
