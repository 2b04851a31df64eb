//! Code generation for `#[derive(AuthUser)]`. Only a checked [`Plan`] reaches
//! this phase; everything emitted uses absolute paths.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Generics, Type};

use crate::ast::Input;
use crate::valid::{self, Plan};
use crate::{diagnostic, fallback, permissions};

/// Expands `#[derive(AuthUser)]`: the impl, or the errors plus a stub impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let plan = diagnostic::collect(|errors| {
        let input = Input::from_syn(node, errors);
        valid::check(input, errors)
    });
    match plan {
        Ok(plan) => {
            let mut tokens = impl_auth_user(&plan);
            tokens.extend(permissions::impl_user_permissions(&plan));
            tokens.extend(impl_password_user(&plan));
            tokens
        }
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
        // Through a local trait that says what is wrong in the derive's terms,
        // spanned on the field's type. `do_not_recommend` makes rustc report
        // this trait rather than the `Display` bound of its one impl.
        quote_spanned!(located_at(plan.id.ty)=> {
            #[diagnostic::on_unimplemented(
                message = "the `#[auth(id)]` field has type `{Self}`, which does not implement `Display`",
                label = "`get_id()` needs this type to implement `Display`",
                note = "`get_id()` stores the id in the session as text, with `to_string()`",
                note = "implement `std::fmt::Display` for `{Self}`, or mark a field that has an integer or `String` id"
            )]
            trait AuthUserId {
                fn __login_id(&self) -> ::std::string::String;
            }
            #[diagnostic::do_not_recommend]
            impl<T: ?::core::marker::Sized + ::core::fmt::Display> AuthUserId for T {
                fn __login_id(&self) -> ::std::string::String {
                    ::std::string::ToString::to_string(self)
                }
            }
            AuthUserId::__login_id(&self.#member)
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
            // As for the id: a local trait with the derive's own message.
            quote_spanned!(located_at(session_hash.ty)=> {
                #[diagnostic::on_unimplemented(
                    message = "the `#[auth(session_hash)]` field has type `{Self}`, which is not `AsRef<[u8]>`",
                    label = "`session_hash()` needs this type to be `AsRef<[u8]>`",
                    note = "`session_hash()` returns the bytes of this field, typically the password hash",
                    note = "store the hash as a `String` or a `Vec<u8>`, or implement `AuthUser` by hand"
                )]
                trait AuthUserSessionHash {
                    fn __login_bytes(&self) -> &[::core::primitive::u8];
                }
                #[diagnostic::do_not_recommend]
                impl<T: ?::core::marker::Sized + ::core::convert::AsRef<[::core::primitive::u8]>>
                    AuthUserSessionHash for T
                {
                    fn __login_bytes(&self) -> &[::core::primitive::u8] {
                        ::core::convert::AsRef::<[::core::primitive::u8]>::as_ref(self)
                    }
                }
                ::core::option::Option::Some(AuthUserSessionHash::__login_bytes(&self.#member))
            })
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

/// `PasswordUser` for the `#[auth(password_hash)]` field, if there is one,
/// with a check that the runtime's `password` feature is on.
fn impl_password_user(plan: &Plan) -> Option<TokenStream> {
    let (role, key) = plan.password_hash.as_ref()?;
    let Plan { ident, krate, .. } = plan;
    let member = &role.member;
    let bounds = if plan.generics.params.is_empty() {
        Vec::new()
    } else {
        vec![quote!(Self: ::core::marker::Send + ::core::marker::Sync)]
    };
    let (impl_generics, ty_generics, _) = plan.generics.split_for_impl();
    let where_clause = where_clause(plan.generics, bounds);
    let feature_check = quote_spanned!(Span::call_site().located_at(key.span())=>
        const _: fn() = || {
            fn __login_password_feature<T: ?::core::marker::Sized + #krate::__private::PasswordFeature>() {}
            __login_password_feature::<()>();
        };
    );
    // A local trait, as for the id: the derive's own message on the field's type, and no list of
    // the two impls after it (`do_not_recommend`).
    let password_hash = quote_spanned!(located_at(role.ty)=> {
        #[diagnostic::on_unimplemented(
            message = "the `#[auth(password_hash)]` field has type `{Self}`, which is not `String` or `Option<String>`",
            label = "`password_hash()` needs a `String`, or an `Option<String>` for accounts without a password",
            note = "store the password hash in PHC string format (`$argon2id$...`), as `hash_password` makes it"
        )]
        trait AuthUserPasswordHash {
            fn __login_password_hash(&self) -> ::core::option::Option<&::core::primitive::str>;
        }
        #[diagnostic::do_not_recommend]
        impl AuthUserPasswordHash for ::std::string::String {
            fn __login_password_hash(&self) -> ::core::option::Option<&::core::primitive::str> {
                ::core::option::Option::Some(self.as_str())
            }
        }
        #[diagnostic::do_not_recommend]
        impl AuthUserPasswordHash for ::core::option::Option<::std::string::String> {
            fn __login_password_hash(&self) -> ::core::option::Option<&::core::primitive::str> {
                self.as_deref()
            }
        }
        AuthUserPasswordHash::__login_password_hash(&self.#member)
    });
    Some(quote! {
        #feature_check

        #[automatically_derived]
        impl #impl_generics #krate::__private::PasswordUser for #ident #ty_generics #where_clause {
            fn password_hash(&self) -> ::core::option::Option<&::core::primitive::str> {
                #password_hash
            }
        }
    })
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

#[cfg(test)]
mod tests {
    use super::derive;

    fn messages(input: &str) -> Vec<String> {
        let input = syn::parse_str(input).unwrap();
        let output = derive(&input).to_string();
        output
            .split("compile_error !")
            .skip(1)
            .map(|error| {
                let start = error.find('"').unwrap() + 1;
                let end = error.rfind('"').unwrap();
                error[start..end].to_owned()
            })
            .collect()
    }

    #[test]
    fn implements_every_method() {
        let input = syn::parse_str(
            "struct User { #[auth(id)] id: i64, #[auth(active)] on: bool, #[auth(session_hash)] h: String }",
        )
        .unwrap();
        let output = derive(&input).to_string();
        for expected in [
            "# [automatically_derived] impl :: login_runtime :: __private :: AuthUser for User",
            "fn get_id",
            "AuthUserId :: __login_id (& self . id)",
            "fn is_active (& self) -> :: core :: primitive :: bool { self . on }",
            "fn is_authenticated",
            "fn is_anonymous (& self) -> :: core :: primitive :: bool { false }",
            "AuthUserSessionHash :: __login_bytes (& self . h)",
        ] {
            assert!(output.contains(expected), "{expected} not in {output}");
        }
        assert!(!output.contains("compile_error"), "{output}");
        assert!(!output.contains("where"), "{output}");
        assert!(!output.contains("PasswordUser"), "{output}");
    }

    #[test]
    fn implements_password_user_for_the_password_hash_field() {
        let input = syn::parse_str(
            "struct User { #[auth(id)] id: i64, #[auth(password_hash, session_hash)] hash: Option<String> }",
        )
        .unwrap();
        let output = derive(&input).to_string();
        for expected in [
            "impl :: login_runtime :: __private :: PasswordUser for User",
            "AuthUserPasswordHash :: __login_password_hash (& self . hash)",
            "__login_password_feature :: < () > ()",
            "AuthUserSessionHash :: __login_bytes (& self . hash)",
        ] {
            assert!(output.contains(expected), "{expected} not in {output}");
        }
        assert!(!output.contains("compile_error"), "{output}");
    }

    #[test]
    fn bounds_generic_structs() {
        let input = syn::parse_str(
            "#[auth(crate = my::login)] struct User<T> where T: Copy { #[auth(id)] id: T }",
        )
        .unwrap();
        let output = derive(&input).to_string();
        assert!(
            output.contains("impl < T > my :: login :: __private :: AuthUser for User < T >"),
            "{output}"
        );
        assert!(
            output.contains("where T : Copy , T : :: core :: fmt :: Display , Self :"),
            "{output}"
        );
    }

    #[test]
    fn reports_every_error_with_a_stub_impl() {
        assert_eq!(
            messages(
                "#[auth(crat = x)] struct User { #[auth(ids)] id: i64, #[auth(active)] a: u8, #[auth(active)] b: bool }"
            ),
            [
                "unknown struct-level `auth` attribute `crat`; expected `crate`\\nhelp: did you mean `crate`?",
                "unknown `auth` attribute `ids`; expected one of `id`, `active`, `session_hash`, `permissions`, `password_hash`\\nhelp: did you mean `id`?",
                "a field marked `#[auth(active)]` must have type `bool`\\nhelp: `is_active()` returns this field as is; to compute it, implement `AuthUser` by hand instead of deriving it",
                "only one field can be marked `#[auth(active)]`, and field `a` already is\\nhelp: remove `active` from one of the two fields",
                "`#[derive(AuthUser)]` needs exactly one field marked `#[auth(id)]`\\nhelp: mark the field that identifies the user, for example `#[auth(id)] id: i64`",
            ]
        );
        let input = syn::parse_str("enum User { A }").unwrap();
        let output = derive(&input).to_string();
        assert!(
            output.contains("impl :: login_runtime :: __private :: AuthUser for User"),
            "{output}"
        );
        assert!(output.contains(":: core :: unreachable ! ()"), "{output}");
    }

    #[test]
    fn tuple_structs_use_the_index() {
        let input = syn::parse_str("struct User(String, #[auth(id)] u32);").unwrap();
        assert!(
            derive(&input)
                .to_string()
                .contains("__login_id (& self . 1)")
        );
    }
}
