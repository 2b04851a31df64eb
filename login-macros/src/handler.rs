//! `#[login_required]`, `#[fresh_login_required]` and `#[anonymous_required]`:
//! one code path, parameterised by [`GuardKind`].
//!
//! The handler's signature is parsed; its body stays raw tokens and is emitted
//! once, with one statement added. The only change is the guard,
//! `<crate>::__private::LoginRequired` (or `FreshLoginRequired`,
//! `AnonymousRequired`), folded into the first parameter that no attribute can
//! remove and that is not `State<..>`: `(guard, pat): (Guard, Ty)`, or a
//! parameter `guard: Guard` of its own, first after any receiver, when there is
//! none. The body starts with a use of `guard`, a mixed-site binding, so that a
//! signature that lost the guard fails to compile. With
//! view arguments the guard is `LoginRequiredWith<V>` (and so on), where `V` is
//! a hidden unit struct emitted before the function, implementing
//! `HandlerViews` with the views as constants.

use std::fmt::{self, Display};

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Abi, Attribute, FnArg, Ident, PatType, Safety, Signature, Token, Type, Visibility};

use crate::args::Args;
use crate::diagnostic::{self, Errors};
use crate::views::ViewKey;

/// Which handler attribute is expanding. `Display` is the attribute's name,
/// as messages write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GuardKind {
    Login,
    FreshLogin,
    Anonymous,
}

impl GuardKind {
    const ALL: [GuardKind; 3] = [
        GuardKind::Login,
        GuardKind::FreshLogin,
        GuardKind::Anonymous,
    ];

    fn attribute_name(self) -> &'static str {
        match self {
            GuardKind::Login => "login_required",
            GuardKind::FreshLogin => "fresh_login_required",
            GuardKind::Anonymous => "anonymous_required",
        }
    }

    /// The extractor in `__private` that enforces this kind of check; the
    /// `...With<V>` one when the handler has views of its own.
    fn guard_type(self, with_views: bool) -> &'static str {
        match (self, with_views) {
            (GuardKind::Login, false) => "LoginRequired",
            (GuardKind::Login, true) => "LoginRequiredWith",
            (GuardKind::FreshLogin, false) => "FreshLoginRequired",
            (GuardKind::FreshLogin, true) => "FreshLoginRequiredWith",
            (GuardKind::Anonymous, false) => "AnonymousRequired",
            (GuardKind::Anonymous, true) => "AnonymousRequiredWith",
        }
    }

    /// The arguments this attribute takes, in the order messages list them.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            GuardKind::Login => &["login_view", "state", "crate"],
            GuardKind::FreshLogin => &["login_view", "refresh_view", "state", "crate"],
            GuardKind::Anonymous => &["redirect_to", "state", "crate"],
        }
    }

    /// The kind an attribute such as `#[login_required]` or
    /// `#[login_runtime::fresh_login_required(...)]` stands for, judged by the
    /// last segment of its path.
    fn of_attribute(attr: &Attribute) -> Option<Self> {
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

/// Expands the attribute; on error, the item unchanged followed by the errors,
/// so that the rest of the crate and rust-analyzer keep working.
pub(crate) fn expand(kind: GuardKind, args: TokenStream, item: &TokenStream) -> TokenStream {
    let checked = diagnostic::collect(|errors| {
        let args = errors.ok(Args::parse(kind, args));
        let handler = match errors.ok(syn::parse2::<Item>(item.clone()))? {
            Item::Fn(handler) => {
                check(kind, &handler, errors);
                handler
            }
            Item::Other { keyword } => {
                errors.push(not_a_function(kind, &keyword));
                return None;
            }
        };
        Some((args?, handler))
    });
    match checked {
        Ok((args, handler)) => rewrite(kind, &args, *handler),
        Err(error) => {
            let error = error.into_compile_error();
            quote!(#item #error)
        }
    }
}

/// What the attribute was applied to.
enum Item {
    Fn(Box<Handler>),
    /// Anything else; `keyword` is the token that says what it is (`struct`,
    /// `impl`, ...).
    Other {
        keyword: TokenTree,
    },
}

struct Handler {
    attrs: Vec<Attribute>,
    vis: Visibility,
    sig: Signature,
    /// `{ ... }`, kept as tokens; or `;` for a function without a body.
    body: TokenStream,
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

fn not_a_function(kind: GuardKind, keyword: &TokenTree) -> syn::Error {
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
fn check(kind: GuardKind, handler: &Handler, errors: &mut Errors) {
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

/// `CurrentUser<...>` as written, possibly through a path such as
/// `login_runtime::CurrentUser<...>`. `Option<CurrentUser<...>>` is fine.
fn is_current_user(ty: &Type) -> bool {
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

/// The handler with the guard as its first extractor; everything else is
/// re-emitted with the user's tokens.
fn rewrite(kind: GuardKind, args: &Args, handler: Handler) -> TokenStream {
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let Signature {
        constness,
        asyncness,
        safety,
        abi,
        fn_token,
        ident,
        generics,
        paren_token,
        inputs,
        variadic: _,
        output,
    } = &sig;
    let where_clause = &generics.where_clause;

    // Generated tokens get call-site hygiene at the attribute, so lints treat
    // them as macro output and errors point at `#[login_required]`.
    let span = Span::call_site();
    let krate = &args.krate;
    let guard = Ident::new(kind.guard_type(!args.views.is_empty()), span);
    let guard = if args.views.is_empty() {
        quote! { #krate::__private::#guard }
    } else {
        let views = encoded_views(args);
        quote! { #krate::__private::#guard<#views> }
    };

    let mut parameters = TokenStream::new();
    let mut pairs = inputs.pairs().peekable();
    if let Some(receiver) = pairs.next_if(|pair| matches!(pair.value(), FnArg::Receiver(_))) {
        receiver.value().to_tokens(&mut parameters);
        match receiver.punct() {
            Some(comma) => comma.to_tokens(&mut parameters),
            None => Token![,](span).to_tokens(&mut parameters),
        }
    }
    // The guard's binding, visible to generated code only.
    let proof = Ident::new("__login_guard", Span::mixed_site());
    let pairs: Vec<_> = pairs.collect();
    // The guard rides in an extractor as a tuple, `(guard, pat): (Guard, Ty)`, so the handler keeps
    // its arity: `#[axum::debug_handler]` above this attribute calls a copy of the handler with the
    // original number of arguments, and axum's 16-extractor limit stays the user's.
    let carrier = pairs.iter().position(|pair| can_carry_guard(pair.value()));
    if carrier.is_none() {
        quote! { #proof: #guard }.to_tokens(&mut parameters);
        if !pairs.is_empty() {
            Token![,](span).to_tokens(&mut parameters);
        }
    }
    for (index, pair) in pairs.into_iter().enumerate() {
        match pair.value() {
            FnArg::Typed(PatType { pat, ty, .. }) if Some(index) == carrier => {
                quote! { (#proof, #pat): (#guard, #ty) }.to_tokens(&mut parameters);
            }
            other => other.to_tokens(&mut parameters),
        }
        if let Some(comma) = pair.punct() {
            comma.to_tokens(&mut parameters);
        }
    }
    // Uses the guard's binding, so that a signature without the guard, whatever removed it, does
    // not compile.
    let mut statements = quote! { let _ = &#proof; };
    if let Some(state) = &args.state {
        // A statement rather than an item, so that it works in `impl` blocks too.
        quote! { let _: fn() = #krate::__private::assert_login_state::<#state>; }
            .to_tokens(&mut statements);
    }
    let body = insert_after_inner_attributes(body, statements);

    let mut signature = quote! {
        #constness #asyncness #safety #abi #fn_token #ident #generics
    };
    paren_token.surround(&mut signature, |tokens| tokens.extend(parameters));
    quote! {
        #(#attrs)*
        #vis #signature #output #where_clause #body
    }
}

/// Whether the guard can share this parameter, which is the case for the first
/// one that no attribute can remove (`#[cfg]`, `#[cfg_attr]`, or an attribute
/// macro's rewrite) and that is not `State<..>`, which `#[axum::debug_handler]`
/// below this attribute looks for to infer the router state.
fn can_carry_guard(input: &FnArg) -> bool {
    match input {
        FnArg::Typed(PatType { attrs, ty, .. }) => attrs.is_empty() && !is_state(ty),
        FnArg::Receiver(_) => false,
    }
}

/// `State<...>` as written, possibly through a path such as `axum::extract::State<...>`.
fn is_state(ty: &Type) -> bool {
    last_segment_is(ty, "State")
}

/// `{ #![inner] ... }` with `statement` after its inner attributes, or the body
/// unchanged when it is not a block.
fn insert_after_inner_attributes(body: TokenStream, statement: TokenStream) -> TokenStream {
    let mut tokens = body.clone().into_iter();
    let (Some(TokenTree::Group(block)), None) = (tokens.next(), tokens.next()) else {
        return body;
    };
    if block.delimiter() != Delimiter::Brace {
        return body;
    }
    let mut inner = block.stream().into_iter().peekable();
    let mut rewritten = TokenStream::new();
    loop {
        let fork: Vec<TokenTree> = inner.clone().take(3).collect();
        match fork.as_slice() {
            [
                TokenTree::Punct(hash),
                TokenTree::Punct(bang),
                TokenTree::Group(attribute),
            ] if hash.as_char() == '#'
                && bang.as_char() == '!'
                && attribute.delimiter() == Delimiter::Bracket =>
            {
                rewritten.extend(inner.by_ref().take(3));
            }
            _ => break,
        }
    }
    rewritten.extend(statement);
    rewritten.extend(inner);
    let mut group = Group::new(block.delimiter(), rewritten);
    group.set_span(block.span());
    TokenTree::Group(group).into()
}

/// The handler's views as a type, `EncodedViews<Login, Refresh, Redirect>`,
/// each a `ViewText` of the view's bytes or `NoView`: a type needs no item next
/// to the handler, so the attribute works wherever a function can be written.
fn encoded_views(args: &Args) -> TokenStream {
    let krate = &args.krate;
    let slot = |which: ViewKey| {
        let Some(view) = args.views.iter().find(|view| view.which == which) else {
            return quote! { #krate::__private::NoView };
        };
        let text = view.value.value();
        let len = proc_macro2::Literal::usize_unsuffixed(text.len());
        let words = text.as_bytes().chunks(16).map(|chunk| {
            let mut word = [0; 16];
            word[..chunk.len()].copy_from_slice(chunk);
            let word = syn::LitInt::new(
                &format!("{:#x}", u128::from_le_bytes(word)),
                Span::call_site(),
            );
            quote! { #krate::__private::Word<#word>, }
        });
        quote! { #krate::__private::ViewText<#len, (#(#words)*)> }
    };
    let login = slot(ViewKey::LoginView);
    let refresh = slot(ViewKey::RefreshView);
    let redirect = slot(ViewKey::RedirectTo);
    quote! { #krate::__private::EncodedViews<#login, #refresh, #redirect> }
}

#[cfg(test)]
mod tests {
    use super::{GuardKind, expand};
    use quote::quote;

    fn expand_to_string(
        kind: GuardKind,
        args: proc_macro2::TokenStream,
        item: &proc_macro2::TokenStream,
    ) -> String {
        expand(kind, args, item).to_string()
    }

    #[test]
    fn display_is_the_attribute_name() {
        assert_eq!(GuardKind::Login.to_string(), "login_required");
        assert_eq!(GuardKind::FreshLogin.to_string(), "fresh_login_required");
        assert_eq!(GuardKind::Anonymous.to_string(), "anonymous_required");
    }

    #[test]
    fn writes_the_views_into_the_guard_type() {
        let expanded = expand_to_string(
            GuardKind::FreshLogin,
            quote!(refresh_view = r"/again", login_view = "/admin/login"),
            &quote! {
                #[cfg(feature = "admin")]
                pub async fn r#type(body: String) -> String { body }
            },
        );
        let expected = quote! {
            #[cfg(feature = "admin")]
            pub async fn r#type(
                (__login_guard, body): (
                    ::login_runtime::__private::FreshLoginRequiredWith<
                        ::login_runtime::__private::EncodedViews<
                            ::login_runtime::__private::ViewText<12, (
                                ::login_runtime::__private::Word<0x6e69676f6c2f6e696d64612f>,
                            )>,
                            ::login_runtime::__private::ViewText<6, (
                                ::login_runtime::__private::Word<0x6e696167612f>,
                            )>,
                            ::login_runtime::__private::NoView
                        >
                    >,
                    String
                )
            ) -> String { let _ = &__login_guard; body }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn splits_long_views_into_words() {
        let expanded = expand_to_string(
            GuardKind::Anonymous,
            quote!(redirect_to = "/0123456789abcdef"),
            &quote!(
                async fn login() {}
            ),
        );
        assert!(
            expanded.contains("ViewText < 17 , (:: login_runtime :: __private :: Word < 0x6564636261393837363534333231302f > , :: login_runtime :: __private :: Word < 0x66 > ,) >"),
            "{expanded}"
        );
        assert!(
            expanded.contains(
                "async fn login (__login_guard : :: login_runtime :: __private :: AnonymousRequiredWith <"
            ),
            "{expanded}"
        );
    }

    #[test]
    fn accepts_views_on_methods_and_rejects_current_user_when_anonymous() {
        let expanded = expand_to_string(
            GuardKind::Anonymous,
            quote!(redirect_to = "/"),
            &quote!(
                async fn login(
                    &self,
                    user: login_runtime::CurrentUser<User>,
                    maybe: Option<CurrentUser<User>>,
                ) {
                }
            ),
        );
        assert!(!expanded.contains("view arguments"), "{expanded}");
        assert_eq!(
            expanded
                .matches("`CurrentUser` would refuse every request")
                .count(),
            1,
            "{expanded}"
        );
    }

    #[test]
    fn folds_the_guard_into_the_first_extractor() {
        let expanded = expand_to_string(
            GuardKind::Login,
            quote!(),
            &quote! {
                #[doc = "x"]
                pub(crate) async fn settings<T>(user: T, body: String,) -> String where T: Send { body }
            },
        );
        let expected = quote! {
            #[doc = "x"]
            pub(crate) async fn settings<T>((__login_guard, user): (::login_runtime::__private::LoginRequired, T), body: String,) -> String where T: Send { let _ = &__login_guard; body }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn never_folds_the_guard_into_a_parameter_with_attributes_or_into_state() {
        let expanded = expand_to_string(
            GuardKind::Login,
            quote!(),
            &quote! {
                async fn report(
                    #[cfg(feature = "metrics")] Extension(m): Extension<M>,
                    State(state): axum::extract::State<S>,
                    user: CurrentUser<User>,
                ) { #![allow(unused)] m }
            },
        );
        let expected = quote! {
            async fn report(
                #[cfg(feature = "metrics")] Extension(m): Extension<M>,
                State(state): axum::extract::State<S>,
                (__login_guard, user): (::login_runtime::__private::LoginRequired, CurrentUser<User>),
            ) { #![allow(unused)] let _ = &__login_guard; m }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn gives_the_guard_a_parameter_of_its_own_when_none_can_carry_it() {
        let expanded = expand_to_string(
            GuardKind::FreshLogin,
            quote!(),
            &quote! {
                async fn report(#[cfg(any())] body: String, State(s): State<S>,) {}
            },
        );
        let expected = quote! {
            async fn report(
                __login_guard: ::login_runtime::__private::FreshLoginRequired,
                #[cfg(any())] body: String,
                State(s): State<S>,
            ) { let _ = &__login_guard; }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn injects_the_guard_after_a_receiver() {
        let expanded = expand_to_string(
            GuardKind::FreshLogin,
            quote!(crate = my::login),
            &quote!(
                async fn handler(&self) {}
            ),
        );
        let expected = quote! {
            async fn handler(&self, __login_guard: my::login::__private::FreshLoginRequired) { let _ = &__login_guard; }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn re_emits_the_item_unchanged_on_error() {
        let item = quote!(
            fn handler(a: A) -> B {
                body()
            }
        );
        let expanded = expand_to_string(GuardKind::Login, quote!(nope), &item);
        assert!(expanded.starts_with(&item.to_string()), "{expanded}");
        assert!(
            expanded.contains("handlers must be `async fn`"),
            "{expanded}"
        );
        assert!(
            expanded.contains("unknown `login_required` argument `nope`"),
            "{expanded}"
        );
    }

    #[test]
    fn recognises_other_guard_attributes_by_their_last_segment() {
        let expanded = expand_to_string(
            GuardKind::Login,
            quote!(),
            &quote!(
                #[login_runtime::fresh_login_required]
                async fn handler() {}
            ),
        );
        assert!(
            expanded.contains(
                "`#[login_required]` and `#[fresh_login_required]` cannot both be applied"
            ),
            "{expanded}"
        );
    }
}
