//! Code generation for `#[auth(permissions)]`: the `UserPermissions` impl of a
//! user whose permissions are one of its fields.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::expand::where_clause;
use crate::valid::Plan;

/// The `UserPermissions` impl, or nothing when no field is marked
/// `#[auth(permissions)]`.
pub(crate) fn impl_user_permissions(plan: &Plan) -> TokenStream {
    let Some(permissions) = &plan.permissions else {
        return TokenStream::new();
    };
    let Plan { ident, krate, .. } = plan;
    let ty = permissions.ty;
    let member = &permissions.member;
    // At the field's type: "not a collection of permissions" points there.
    let at = Span::call_site().located_at(ty.span());
    let set = quote_spanned!(at=> <#ty as #krate::__private::PermissionSet>);
    let bounds = if plan.generics.params.is_empty() {
        Vec::new()
    } else {
        vec![
            quote_spanned!(at=> #ty: #krate::__private::PermissionSet),
            quote!(Self: #krate::__private::AuthUser),
        ]
    };
    let (impl_generics, ty_generics, _) = plan.generics.split_for_impl();
    let where_clause = where_clause(plan.generics, bounds);
    // The whole impl is about the field: every error it can cause points there.
    quote_spanned! {at=>
        #[automatically_derived]
        impl #impl_generics #krate::__private::UserPermissions for #ident #ty_generics #where_clause {
            type Permission = #set::Permission;

            fn has_permission<__LoginQ>(&self, permission: &__LoginQ) -> ::core::primitive::bool
            where
                __LoginQ: ?::core::marker::Sized + ::core::cmp::Eq + ::core::hash::Hash,
                Self::Permission: ::core::borrow::Borrow<__LoginQ>,
            {
                #set::contains_permission(&self.#member, permission)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::derive;

    #[test]
    fn implements_user_permissions_for_the_marked_field() {
        let input = syn::parse_str(
            "struct User { #[auth(id)] id: i64, #[auth(permissions)] roles: Vec<Role> }",
        )
        .unwrap();
        let output = derive(&input).to_string();
        for expected in [
            "impl :: login_runtime :: __private :: UserPermissions for User {",
            "type Permission = < Vec < Role > as :: login_runtime :: __private :: PermissionSet > :: Permission ;",
            "contains_permission (& self . roles , permission)",
        ] {
            assert!(output.contains(expected), "{expected} not in {output}");
        }
    }

    #[test]
    fn emits_nothing_without_a_permissions_field() {
        let input = syn::parse_str("struct User { #[auth(id)] id: i64 }").unwrap();
        assert!(!derive(&input).to_string().contains("UserPermissions"));
    }
}
