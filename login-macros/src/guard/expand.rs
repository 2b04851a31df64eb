//! The handler with the guard in its signature; everything else is re-emitted
//! with the user's tokens.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;
use syn::{Attribute, FnArg, Ident, PatType, Signature, Token};

use super::args::Args;
use super::item::{Handler, can_carry_guard, is_current_user};
use super::kind::GuardKind;
use super::requirement::located;
use super::views::ViewKey;

/// The handler with the guard as its first extractor; everything else is
/// re-emitted with the user's tokens.
pub(crate) fn rewrite(kind: GuardKind, args: &Args, handler: Handler) -> TokenStream {
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
    let (carrier_items, guard, requirement_check) = guard(kind, args, ident, &attrs, &vis);

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
    // The guard rides on an extractor the handler already has, so the handler keeps its arity:
    // `#[axum::debug_handler]` above this attribute calls a copy of the handler with the original
    // number of arguments, and axum's 16-extractor limit stays the user's.
    let carrier = pairs.iter().position(|pair| can_carry_guard(pair.value()));
    if carrier.is_none() {
        quote! { #proof: #guard }.to_tokens(&mut parameters);
        if !pairs.is_empty() {
            Token![,](span).to_tokens(&mut parameters);
        }
    }
    let mut statements = TokenStream::new();
    let checks_login =
        kind == GuardKind::Login && args.views.is_empty() && args.requirement.is_none();
    for (index, pair) in pairs.into_iter().enumerate() {
        match pair.value() {
            FnArg::Typed(PatType { pat, ty, .. }) if Some(index) == carrier => {
                if checks_login && is_current_user(ty) {
                    let (parameter, binding) = current_user_as_the_check(krate, pat, ty);
                    parameters.extend(parameter);
                    statements.extend(binding);
                } else {
                    quote! { (#proof, #pat): (#guard, #ty) }.to_tokens(&mut parameters);
                }
            }
            other => other.to_tokens(&mut parameters),
        }
        if let Some(comma) = pair.punct() {
            comma.to_tokens(&mut parameters);
        }
    }
    // Either way the body uses the guard's binding, so that a signature without the guard,
    // whatever removed it, does not compile.
    if statements.is_empty() {
        quote! { let _ = &#proof; }.to_tokens(&mut statements);
    }
    if let Some(state) = &args.state {
        // A statement rather than an item, so that it works in `impl` blocks too.
        quote! { let _: fn() = #krate::__private::assert_login_state::<#state>; }
            .to_tokens(&mut statements);
    }
    statements.extend(requirement_check);
    let body = insert_after_inner_attributes(body, statements);

    let mut signature = quote! {
        #constness #asyncness #safety #abi #fn_token #ident #generics
    };
    paren_token.surround(&mut signature, |tokens| tokens.extend(parameters));
    quote! {
        #carrier_items
        #(#attrs)*
        #vis #signature #output #where_clause #body
    }
}

/// The guard type, with the items it needs next to the handler and the
/// statement that checks a permission against `state = S`.
fn guard(
    kind: GuardKind,
    args: &Args,
    ident: &Ident,
    attrs: &[Attribute],
    vis: &syn::Visibility,
) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let span = Span::call_site();
    let krate = &args.krate;
    let views = (!args.views.is_empty()).then(|| encoded_views(args));
    let Some(requirement) = &args.requirement else {
        let guard = Ident::new(kind.guard_type(), span);
        let guard = views.map_or_else(
            || quote! { #krate::__private::#guard },
            |views| quote! { #krate::__private::#guard<#views> },
        );
        return (TokenStream::new(), guard, None);
    };
    let carrier = Ident::new(&format!("__login_requires_{}", ident.unraw()), span);
    let cfgs: Vec<&Attribute> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect();
    let mut items = requirement.carrier(krate, &carrier, vis, &cfgs);
    let views = if let Some((_, answer)) = &args.forbidden {
        items.extend(forbidden_views(
            krate,
            &carrier,
            answer,
            views.as_ref(),
            &cfgs,
        ));
        Some(carrier.to_token_stream())
    } else {
        views
    };
    let check = args
        .state
        .as_ref()
        .map(|state| requirement.state_check(krate, state, &carrier));
    (
        items,
        requirement.guard(krate, &carrier, views.as_ref()),
        check,
    )
}

/// `HandlerViews` on the carrier, for `forbidden = answer`: the handler's
/// answer to users without the permission, and its views if it has any.
fn forbidden_views(
    krate: &syn::Path,
    carrier: &Ident,
    answer: &syn::Expr,
    views: Option<&TokenStream>,
    cfgs: &[&Attribute],
) -> TokenStream {
    let at = Span::call_site().located_at(answer.span());
    let private = quote! { #krate::__private };
    let delegated = views.map(|views| {
        quote! {
            const LOGIN_VIEW: ::core::option::Option<&'static ::core::primitive::str> =
                <#views as #private::HandlerViews>::LOGIN_VIEW;
        }
    });
    quote_spanned! {at=>
        #(#cfgs)*
        #[automatically_derived]
        impl #private::HandlerViews for #carrier {
            #delegated
            const FORBIDDEN: ::core::option::Option<fn(#private::RequestHead<'_>) -> #private::Response> =
                ::core::option::Option::Some(|request| {
                    #private::IntoResponse::into_response((#answer)(request))
                });
        }
    }
}

/// A plain `#[login_required]` adds no guard where it would ride on `CurrentUser`: extracting
/// `CurrentUser` refuses anonymous visitors with the guard's answer. The parameter becomes
/// `__login_guard: LoginChecked<Ty>`, which compiles only for the runtime's `CurrentUser`, so a
/// type of another crate with that name cannot drop the check; the body binds the pattern.
fn current_user_as_the_check(
    krate: &syn::Path,
    pat: &syn::Pat,
    ty: &syn::Type,
) -> (TokenStream, TokenStream) {
    // Located at the type, where an error that it is not the runtime's belongs; the type's own
    // tokens keep their spans.
    let first = ty.span();
    let last = ty
        .to_token_stream()
        .into_iter()
        .last()
        .map_or(first, |token| token.span());
    let proof = Ident::new("__login_guard", Span::mixed_site().located_at(first));
    let mut checked = located(
        quote! { #krate::__private::LoginChecked< },
        Span::call_site().located_at(first),
    );
    ty.to_tokens(&mut checked);
    checked.extend(located(quote! { > }, Span::call_site().located_at(last)));
    (quote! { #proof: #checked }, quote! { let #pat = #proof; })
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
    use crate::guard::{GuardKind, expand};
    use quote::quote;

    fn expand_to_string(
        kind: GuardKind,
        args: proc_macro2::TokenStream,
        item: &proc_macro2::TokenStream,
    ) -> String {
        expand(kind, args, item).to_string()
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
                    ::login_runtime::__private::FreshLoginRequired<
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
                "async fn login (__login_guard : :: login_runtime :: __private :: AnonymousRequired <"
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
                __login_guard: ::login_runtime::__private::LoginChecked<CurrentUser<User> >,
            ) { #![allow(unused)] let user = __login_guard; m }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn relies_on_current_user_as_the_check_and_binds_its_pattern_in_the_body() {
        let expanded = expand_to_string(
            GuardKind::Login,
            quote!(),
            &quote! {
                async fn rename(CurrentUser(mut user): login_runtime::CurrentUser<User>, session: AuthSession<User>) {}
            },
        );
        let expected = quote! {
            async fn rename(
                __login_guard: ::login_runtime::__private::LoginChecked<login_runtime::CurrentUser<User> >,
                session: AuthSession<User>
            ) { let CurrentUser(mut user) = __login_guard; }
        };
        assert_eq!(expanded, expected.to_string());
    }

    #[test]
    fn keeps_the_guard_beside_current_user_when_it_checks_more() {
        for (kind, args) in [
            (GuardKind::FreshLogin, quote!()),
            (GuardKind::Login, quote!(login_view = "/admin/login")),
            (GuardKind::Login, quote!(predicate = is_admin)),
        ] {
            let expanded = expand_to_string(
                kind,
                args,
                &quote!(
                    async fn admin(user: CurrentUser<User>) {}
                ),
            );
            assert!(expanded.contains("(__login_guard , user) :"), "{expanded}");
            assert!(!expanded.contains("LoginChecked"), "{expanded}");
        }
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
