//! Rules across fields: exactly one id, at most one `active` (a `bool`), one
//! `session_hash`, one `permissions` and one `password_hash`, structs only. Produces the
//! [`Plan`] that `expand` follows.

use syn::{Generics, Ident, Member, Path, Type};

use crate::ast::{Field, Input, Shape};
use crate::diagnostic::{self, Errors};
use crate::meta;

/// A checked `#[derive(AuthUser)]` input: everything code generation needs.
pub(crate) struct Plan<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) krate: Path,
    pub(crate) id: Role<'a>,
    pub(crate) active: Option<Role<'a>>,
    pub(crate) session_hash: Option<Role<'a>>,
    pub(crate) permissions: Option<Role<'a>>,
    /// With the key, which the `password` feature check points at.
    pub(crate) password_hash: Option<(Role<'a>, Ident)>,
}

/// The field that plays a role such as "the id".
pub(crate) struct Role<'a> {
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
}

/// Checks `input`, pushing every problem to `errors`. Returns `None` only
/// after pushing at least one error.
pub(crate) fn check<'a>(input: Input<'a>, errors: &mut Errors) -> Option<Plan<'a>> {
    let fields = match input.shape {
        Shape::Struct(fields) => fields,
        Shape::NotStruct { keyword } => {
            errors.push(diagnostic::error_with_help(
                keyword,
                "`#[derive(AuthUser)]` supports structs only",
                "implement `AuthUser` by hand for this type, or derive it on a struct that wraps it",
            ));
            return None;
        }
    };

    let mut id: Option<&Field> = None;
    let mut active: Option<&Field> = None;
    let mut session_hash: Option<&Field> = None;
    let mut permissions: Option<&Field> = None;
    let mut password_hash: Option<(&Field, &Ident)> = None;
    for field in &fields {
        if let Some(key) = &field.attrs.id {
            claim(&mut id, field, key, errors);
        }
        if let Some(key) = &field.attrs.active {
            claim(&mut active, field, key, errors);
            if !is_bool(field.ty) {
                errors.push(syn::Error::new_spanned(
                    field.ty,
                    diagnostic::with_help(
                        "a field marked `#[auth(active)]` must have type `bool`",
                        "`is_active()` returns this field as is; to compute it, implement `AuthUser` by hand instead of deriving it",
                    ),
                ));
            }
        }
        if let Some(key) = &field.attrs.session_hash {
            claim(&mut session_hash, field, key, errors);
        }
        if let Some(key) = &field.attrs.permissions {
            claim(&mut permissions, field, key, errors);
        }
        if let Some(key) = &field.attrs.password_hash {
            let mut slot = password_hash.map(|(field, _)| field);
            claim(&mut slot, field, key, errors);
            password_hash = password_hash.or(Some((field, key)));
        }
    }

    let Some(id) = id else {
        errors.push(diagnostic::error_with_help(
            input.ident.span(),
            "`#[derive(AuthUser)]` needs exactly one field marked `#[auth(id)]`",
            "mark the field that identifies the user, for example `#[auth(id)] id: i64`",
        ));
        return None;
    };
    Some(Plan {
        ident: input.ident,
        generics: input.generics,
        krate: input.attrs.krate.unwrap_or_else(meta::default_crate_path),
        id: role(id),
        active: active.map(role),
        session_hash: session_hash.map(role),
        permissions: permissions.map(role),
        password_hash: password_hash.map(|(field, key)| (role(field), key.clone())),
    })
}

/// Makes `field` the one playing a role, or reports, on this field's `key`,
/// that another field already does.
fn claim<'f, 'a>(
    slot: &mut Option<&'f Field<'a>>,
    field: &'f Field<'a>,
    key: &Ident,
    errors: &mut Errors,
) {
    match slot {
        Some(first) => errors.push(diagnostic::error_with_help(
            key.span(),
            format!(
                "only one field can be marked `#[auth({key})]`, and {} already is",
                first.describe()
            ),
            format!("remove `{key}` from one of the two fields"),
        )),
        None => *slot = Some(field),
    }
}

fn role<'a>(field: &Field<'a>) -> Role<'a> {
    Role {
        member: field.member.clone(),
        ty: field.ty,
    }
}

/// `bool`, `core::primitive::bool` or `std::primitive::bool`, written out.
fn is_bool(ty: &Type) -> bool {
    match ty {
        Type::Paren(paren) => is_bool(&paren.elem),
        Type::Group(group) => is_bool(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|segment| {
                    if segment.arguments.is_none() {
                        segment.ident.to_string()
                    } else {
                        String::new()
                    }
                })
                .collect();
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            matches!(
                segments.as_slice(),
                ["bool"] | ["core" | "std", "primitive", "bool"]
            ) && (path.path.leading_colon.is_none() || segments.len() == 3)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_bool;

    #[test]
    fn bool_is_recognised_syntactically() {
        for ty in [
            "bool",
            "(bool)",
            "core::primitive::bool",
            "::std::primitive::bool",
        ] {
            assert!(is_bool(&syn::parse_str(ty).unwrap()), "{ty}");
        }
        for ty in [
            "Bool",
            "::bool",
            "Option<bool>",
            "&bool",
            "my::bool",
            "primitive::bool",
        ] {
            assert!(!is_bool(&syn::parse_str(ty).unwrap()), "{ty}");
        }
    }
}
