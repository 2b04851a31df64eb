//! What `#[derive(AuthUser)]` emits when the input is wrong: the errors, plus
//! a stub impl so that code using the type as a user does not fail too.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput};

use crate::{attr, diagnostic, expand, meta};

pub(crate) fn expand(node: &DeriveInput, error: &syn::Error) -> TokenStream {
    // A broken `crate = ...` has already been reported; fall back to the default.
    let krate = diagnostic::collect(|errors| Some(attr::container(&node.attrs, errors).krate))
        .ok()
        .flatten()
        .unwrap_or_else(meta::default_crate_path);
    let ident = &node.ident;
    let (impl_generics, ty_generics, _) = node.generics.split_for_impl();
    let bounds = if node.generics.params.is_empty() {
        Vec::new()
    } else {
        vec![expand::self_bounds()]
    };
    let where_clause = expand::where_clause(&node.generics, bounds);
    let error = error.to_compile_error();
    let password_user = has_password_hash(node).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #krate::__private::PasswordUser for #ident #ty_generics #where_clause {
                fn password_hash(&self) -> ::core::option::Option<&::core::primitive::str> {
                    ::core::unreachable!()
                }
            }
        }
    });
    quote! {
        #error

        #[automatically_derived]
        impl #impl_generics #krate::__private::AuthUser for #ident #ty_generics #where_clause {
            fn get_id(&self) -> ::std::string::String {
                ::core::unreachable!()
            }
        }

        #password_user
    }
}

/// Whether a field asks for `#[auth(password_hash)]`, so that code checking
/// passwords does not fail too.
fn has_password_hash(node: &DeriveInput) -> bool {
    let Data::Struct(data) = &node.data else {
        return false;
    };
    data.fields.iter().any(|field| {
        diagnostic::collect(|errors| Some(attr::field(&field.attrs, errors).password_hash))
            .ok()
            .flatten()
            .is_some()
    })
}
