//! The permission arguments of `#[login_required]`: `permission = ..`,
//! `permissions = [..]` and `predicate = ..`, and the hidden type that carries
//! them to the runtime's `PermissionRequired` or `PredicateRequired` guard.
//!
//! The permissions are emitted with their own tokens inside the hidden type's
//! impl, so rustc reports a misspelt variant, or a permission of another type
//! than the first, on the user's token.

use std::fmt::{self, Display};

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::ParseStream;
use syn::spanned::Spanned as _;
use syn::{
    Attribute, Expr, ExprArray, ExprLit, Ident, Lit, Path, Signature, Token, Type, Visibility,
};

use crate::diagnostic::{self, Errors};

/// A permission argument's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequirementKey {
    /// `permission = Permission::Admin`: one permission.
    Permission,
    /// `permissions = [Permission::Admin, Permission::Editor]`: all of them.
    Permissions,
    /// `predicate = can_publish` or `predicate = async can_publish`.
    Predicate,
}

impl RequirementKey {
    pub(crate) const ALL: [RequirementKey; 3] = [
        RequirementKey::Permission,
        RequirementKey::Permissions,
        RequirementKey::Predicate,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            RequirementKey::Permission => "permission",
            RequirementKey::Permissions => "permissions",
            RequirementKey::Predicate => "predicate",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|key| key.name() == name)
    }

    fn example(self) -> &'static str {
        match self {
            RequirementKey::Permission => "permission = Permission::Admin",
            RequirementKey::Permissions => "permissions = [Permission::Admin, Permission::Editor]",
            RequirementKey::Predicate => "predicate = can_publish",
        }
    }
}

impl Display for RequirementKey {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// What a handler requires beyond a login.
pub(crate) struct Requirement {
    /// The key as written, for error spans.
    pub(crate) key: Ident,
    kind: Kind,
    /// Where errors about the guard point: the value as written.
    span: Span,
}

enum Kind {
    /// Every permission of `elements`, each of type `ty`.
    Permissions {
        ty: TokenStream,
        elements: Vec<TokenStream>,
    },
    /// `function(&user)`, awaited when `asyncness` is given.
    Predicate {
        asyncness: Option<Token![async]>,
        function: Expr,
    },
}

impl Requirement {
    /// Reads `= value` after `key`. A wrong value is pushed to `errors` and
    /// gives `None`; `Err` only when the rest of the list cannot be read.
    pub(crate) fn parse(
        attribute: &str,
        which: RequirementKey,
        key: &Ident,
        input: ParseStream,
        errors: &mut Errors,
    ) -> syn::Result<Option<Self>> {
        let usage = format!("write `#[{attribute}({})]`", which.example());
        if !crate::meta::value_follows(key, &which, input, errors, &usage)? {
            return Ok(None);
        }
        if which == RequirementKey::Predicate {
            let asyncness: Option<Token![async]> = input.parse()?;
            let function: Expr = input.parse()?;
            let span = function.span();
            return Ok(Some(Requirement {
                key: key.clone(),
                kind: Kind::Predicate {
                    asyncness,
                    function,
                },
                span,
            }));
        }
        let value: Expr = input.parse()?;
        let span = value.span();
        let elements: Vec<Expr> = match (which, value) {
            (RequirementKey::Permissions, Expr::Array(ExprArray { elems, .. })) => {
                if elems.is_empty() {
                    errors.push(diagnostic::error_with_help(
                        span,
                        "`permissions = []` requires no permission",
                        "list at least one permission, or remove the argument to require only a login",
                    ));
                    return Ok(None);
                }
                elems.into_iter().collect()
            }
            (RequirementKey::Permissions, value) => {
                errors.push(syn::Error::new_spanned(
                    value,
                    diagnostic::with_help(
                        "`permissions` takes a list in brackets",
                        format!(
                            "write `#[{attribute}({})]`, or `permission = ..` for a single one",
                            RequirementKey::Permissions.example()
                        ),
                    ),
                ));
                return Ok(None);
            }
            (_, Expr::Array(array)) => {
                errors.push(syn::Error::new_spanned(
                    &array,
                    diagnostic::with_help(
                        "`permission` takes one permission",
                        format!(
                            "to require all of them, write `permissions = {}`",
                            as_written(&array)
                        ),
                    ),
                ));
                return Ok(None);
            }
            (_, value) => vec![value],
        };
        let mut ty = None;
        let mut emitted = Vec::new();
        for element in elements {
            match element_type(&element) {
                Ok(element_ty) => {
                    ty.get_or_insert(element_ty);
                    emitted.push(if is_str_literal(&element) {
                        element.into_token_stream()
                    } else {
                        let at = Span::call_site().located_at(element.span());
                        quote_spanned!(at=> &#element)
                    });
                }
                Err(error) => errors.push(error),
            }
        }
        Ok(ty.filter(|_| !emitted.is_empty()).map(|ty| Requirement {
            key: key.clone(),
            kind: Kind::Permissions {
                ty,
                elements: emitted,
            },
            span,
        }))
    }

    /// The guard type checking this requirement, with the handler's views
    /// type if it has one.
    pub(crate) fn guard(
        &self,
        krate: &Path,
        carrier: &Ident,
        views: Option<&TokenStream>,
    ) -> TokenStream {
        let at = Span::call_site().located_at(self.span);
        let guard = match self.kind {
            Kind::Permissions { .. } => Ident::new("PermissionRequired", at),
            Kind::Predicate { .. } => Ident::new("PredicateRequired", at),
        };
        views.map_or_else(
            || quote_spanned!(at=> #krate::__private::#guard<#carrier>),
            |views| quote_spanned!(at=> #krate::__private::#guard<#carrier, #views>),
        )
    }

    /// The hidden unit struct `carrier` and its impl of `RequiredPermissions`
    /// or `Predicate`. Like the views type, it has the handler's visibility
    /// and `#[cfg]`s.
    pub(crate) fn carrier(
        &self,
        krate: &Path,
        carrier: &Ident,
        vis: &Visibility,
        cfgs: &[&Attribute],
    ) -> TokenStream {
        let at = Span::call_site().located_at(self.span);
        let implementation = match &self.kind {
            Kind::Permissions { ty, elements } => quote! {
                #(#cfgs)*
                #[automatically_derived]
                impl #krate::__private::RequiredPermissions for #carrier {
                    type Permission = #ty;
                    const ALL: &'static [&'static Self::Permission] = &[#(#elements),*];
                }
            },
            Kind::Predicate {
                asyncness,
                function,
            } => {
                let user = Ident::new("__login_user", Span::mixed_site());
                let call = if asyncness.is_some() {
                    quote_spanned!(at=> (#function)(#user).await)
                } else {
                    quote_spanned!(at=> (#function)(#user))
                };
                let name = as_written(function);
                quote! {
                    #(#cfgs)*
                    #[automatically_derived]
                    impl<__LoginUser: #krate::__private::AuthUser> #krate::__private::Predicate<__LoginUser> for #carrier {
                        async fn allows(#user: &__LoginUser) -> ::core::primitive::bool {
                            match #krate::__private::user_as(#user) {
                                ::core::option::Option::Some(#user) => #call,
                                ::core::option::Option::None => {
                                    #krate::__private::predicate_for_another_user::<__LoginUser>(#name)
                                }
                            }
                        }
                    }
                }
            }
        };
        quote_spanned! {at=>
            #(#cfgs)*
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis struct #carrier;

            #implementation
        }
    }

    /// For `state = S`: a statement that compiles only if the user type of
    /// `S` has permissions of the required type, spanned on the permission so
    /// that the error points there. Predicates are checked at run time.
    pub(crate) fn state_check(&self, krate: &Path, state: &Type, carrier: &Ident) -> TokenStream {
        match self.kind {
            Kind::Permissions { .. } => {
                // Every token at the permission, so that the error points there.
                let at = Span::call_site().located_at(self.span);
                located(
                    quote! {
                        let _: fn() = #krate::__private::assert_permissions::<#state, #carrier>;
                    },
                    at,
                )
            }
            Kind::Predicate { .. } => TokenStream::new(),
        }
    }

    /// The hidden carrier type takes an item next to the handler, which an
    /// `impl` block cannot hold; a receiver is the one sure sign of one.
    pub(crate) fn check_free_function(&self, sig: &Signature, errors: &mut Errors) {
        if sig.receiver().is_some() {
            errors.push(diagnostic::error_with_help(
                self.key.span(),
                format!("`{}` needs a free function, not a method", self.key),
                "move the handler out of the `impl` block, or protect its routes with `PermissionRequired::<..>::layer(state)` on the router",
            ));
        }
    }
}

/// `tokens` with every span, inside groups too, replaced by `at`.
pub(super) fn located(tokens: TokenStream, at: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), located(group.stream(), at));
                inner.set_span(at);
                token = TokenTree::Group(inner);
            } else {
                token.set_span(at);
            }
            token
        })
        .collect()
}

/// Tokens as the user wrote them, without the spaces `to_string` adds around
/// `::`.
fn as_written(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string().replace(" :: ", "::")
}

fn is_str_literal(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Lit(ExprLit {
            lit: Lit::Str(_),
            ..
        })
    )
}

/// The type of a permission as written: `str` for a string literal, the path
/// before the last segment for `Type::Variant`, `Type::CONSTANT` or
/// `Type::Variant(..)`.
fn element_type(element: &Expr) -> syn::Result<TokenStream> {
    let path = match element {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) if lit.suffix().is_empty() => {
            let at = Span::call_site().located_at(lit.span());
            return Ok(quote_spanned!(at=> ::core::primitive::str));
        }
        Expr::Path(path) if path.qself.is_none() => &path.path,
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) if path.qself.is_none() => &path.path,
            _ => return Err(not_a_permission(element)),
        },
        _ => return Err(not_a_permission(element)),
    };
    if path.segments.len() < 2 {
        let name = path.to_token_stream().to_string();
        return Err(syn::Error::new_spanned(
            path,
            diagnostic::with_help(
                format!("write the permission with its type, as in `Permission::{name}`"),
                "the check needs the permission's type, which a name alone does not say",
            ),
        ));
    }
    let mut ty = path.clone();
    ty.segments.pop();
    ty.segments.pop_punct();
    Ok(ty.into_token_stream())
}

fn not_a_permission(element: &Expr) -> syn::Error {
    syn::Error::new_spanned(
        element,
        diagnostic::with_help(
            "a permission is an enum variant or a constant written with its type, or a string literal",
            "write, for example, `Permission::Admin` or `\"admin\"`",
        ),
    )
}
