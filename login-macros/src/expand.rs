//! Code generation for `#[derive(AuthUser)]`. Only a checked [`Plan`] reaches
//! this phase; everything emitted uses absolute paths.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Generics, Type};

use crate::ast::Input;
use crate::valid::{self, Plan};
use crate::{diagnostic, fallback};

/// Expands `#[derive(AuthUser)]`: the impl, or the errors plus a stub impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let plan = diagnostic::collect(|errors| {
        let input = Input::from_syn(node, errors);
        valid::check(input, errors)
    });
    match plan {
        Ok(plan) => impl_auth_user(&plan),
        Err(error) => fallback::expand(node, &error),
    }
}

fn impl_auth_user(plan: &Plan) -> TokenStream {
    let Plan { ident, krate, .. } = plan;
    let auth_user = quote!(#krate::__private::AuthUser);

    let mut bounds = Vec::new();
    if !plan.generics.params.is_empty() {
        let id_ty = plan.id.ty;
        bounds.push(quote_spanned!(located_at(id_ty)=> #id_ty: ::core::fmt::Display));
        if let Some(session_hash) = &plan.session_hash {
            let ty = session_hash.ty;
            bounds.push(quote_spanned!(located_at(ty)=>
                #ty: ::core::convert::AsRef<[::core::primitive::u8]>
            ));
        }
        bounds.push(self_bounds());
    }
    let (impl_generics, ty_generics, _) = plan.generics.split_for_impl();
    let where_clause = where_clause(plan.generics, bounds);

    let get_id = {
        let member = &plan.id.member;
        // Through a function bounded by `Display`, so that a wrong id type is
        // reported as "`T` doesn't implement `Display`" on the field's type.
        quote_spanned!(located_at(plan.id.ty)=> {
            fn __login_id<T: ?::core::marker::Sized + ::core::fmt::Display>(id: &T) -> ::std::string::String {
                ::std::string::ToString::to_string(id)
            }
            __login_id(&self.#member)
        })
    };
    let is_active = plan.active.as_ref().map_or_else(
        || quote!(true),
        |active| {
            let member = &active.member;
            quote_spanned!(located_at(active.ty)=> self.#member)
        },
    );
    let session_hash = plan.session_hash.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |session_hash| {
            let member = &session_hash.member;
            quote_spanned!(located_at(session_hash.ty)=>
                ::core::option::Option::Some(
                    ::core::convert::AsRef::<[::core::primitive::u8]>::as_ref(&self.#member)
                )
            )
        },
    );

    quote! {
        #[automatically_derived]
        impl #impl_generics #auth_user for #ident #ty_generics #where_clause {
            fn get_id(&self) -> ::std::string::String {
                #get_id
            }

            fn is_active(&self) -> ::core::primitive::bool {
                #is_active
            }

            fn is_authenticated(&self) -> ::core::primitive::bool {
                #auth_user::is_active(self)
            }

            fn is_anonymous(&self) -> ::core::primitive::bool {
                false
            }

            fn session_hash(&self) -> ::core::option::Option<&[::core::primitive::u8]> {
                #session_hash
            }
        }
    }
}

/// The supertraits of `AuthUser`, as a bound on `Self`: for a generic struct
/// they hold only for some parameters, and saying so makes the impl
/// conditional instead of an error.
pub(crate) fn self_bounds() -> TokenStream {
    quote! {
        Self: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static
    }
}

/// The struct's own `where` clause followed by `extra` predicates.
pub(crate) fn where_clause(generics: &Generics, extra: Vec<TokenStream>) -> TokenStream {
    let mut predicates: Vec<TokenStream> = generics
        .where_clause
        .iter()
        .flat_map(|clause| clause.predicates.iter().map(ToTokens::to_token_stream))
        .collect();
    predicates.extend(extra);
    if predicates.is_empty() {
        TokenStream::new()
    } else {
        quote!(where #(#predicates,)*)
    }
}

/// Call-site hygiene at the user's tokens: errors point at `ty`, lints treat
/// the code as generated.
fn located_at(ty: &Type) -> Span {
    Span::call_site().located_at(ty.span())
}
