//! `#[auth(...)]` helper attributes of `#[derive(AuthUser)]`: what each one
//! says, with the key tokens kept for error spans.

use syn::parse::{ParseStream, Parser as _};
use syn::{Attribute, Ident, Path};

use crate::diagnostic::{self, Errors};
use crate::meta;

/// Keys accepted on a field.
pub(crate) const FIELD_KEYS: &[&str] = &[
    "id",
    "active",
    "session_hash",
    "permissions",
    "password_hash",
];
/// Keys accepted on the struct.
pub(crate) const CONTAINER_KEYS: &[&str] = &["crate"];

/// `#[auth(...)]` on the struct.
#[derive(Default)]
pub(crate) struct Container {
    /// `crate = path`: where generated code finds `login_runtime`.
    pub(crate) krate: Option<Path>,
}

/// `#[auth(...)]` on a field. Each flag keeps its key for error spans.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) id: Option<Ident>,
    pub(crate) active: Option<Ident>,
    pub(crate) session_hash: Option<Ident>,
    pub(crate) permissions: Option<Ident>,
    pub(crate) password_hash: Option<Ident>,
}

pub(crate) fn container(attrs: &[Attribute], errors: &mut Errors) -> Container {
    let mut container = Container::default();
    for attr in auth_attrs(attrs) {
        let parsed = meta::list_tokens(attr, CONTAINER_KEYS, "#[auth(crate = my_crate::login)]")
            .and_then(|tokens| {
                (|input: ParseStream| {
                    meta::parse_key_list(input, CONTAINER_KEYS, errors, |key, input, errors| {
                        if key == "crate" {
                            let path =
                                meta::crate_path(key, input, "#[auth(crate = my_crate::login)]")?;
                            if container.krate.is_some() {
                                errors.push(duplicate(key));
                            } else {
                                container.krate = Some(path);
                            }
                        } else if FIELD_KEYS.iter().any(|field_key| key == field_key) {
                            meta::skip_value(input)?;
                            errors.push(diagnostic::error_with_help(
                                key.span(),
                                format!("`#[auth({key})]` belongs on a field, not on the struct"),
                                format!("move `#[auth({key})]` onto the field it describes"),
                            ));
                        } else {
                            meta::skip_value(input)?;
                            errors.push(unknown(
                                key,
                                "struct-level `auth` attribute",
                                CONTAINER_KEYS,
                            ));
                        }
                        Ok(())
                    })
                })
                .parse2(tokens)
            });
        errors.ok(parsed);
    }
    container
}

pub(crate) fn field(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut field = FieldAttrs::default();
    for attr in auth_attrs(attrs) {
        let parsed = meta::list_tokens(attr, FIELD_KEYS, "#[auth(id)]").and_then(|tokens| {
            (|input: ParseStream| {
                meta::parse_key_list(input, FIELD_KEYS, errors, |key, input, errors| {
                    let slot = if key == "id" {
                        &mut field.id
                    } else if key == "active" {
                        &mut field.active
                    } else if key == "session_hash" {
                        &mut field.session_hash
                    } else if key == "permissions" {
                        &mut field.permissions
                    } else if key == "password_hash" {
                        &mut field.password_hash
                    } else if key == "crate" {
                        meta::skip_value(input)?;
                        errors.push(diagnostic::error_with_help(
                            key.span(),
                            "`#[auth(crate = ...)]` belongs on the struct, not on a field",
                            "move it above the struct, next to `#[derive(AuthUser)]`",
                        ));
                        return Ok(());
                    } else {
                        meta::skip_value(input)?;
                        errors.push(unknown(key, "`auth` attribute", FIELD_KEYS));
                        return Ok(());
                    };
                    meta::reject_value(key, input, errors, &format!("#[auth({key})]"))?;
                    match slot {
                        Some(_) => errors.push(duplicate(key)),
                        None => *slot = Some(key.clone()),
                    }
                    Ok(())
                })
            })
            .parse2(tokens)
        });
        errors.ok(parsed);
    }
    field
}

fn auth_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("auth"))
}

fn duplicate(key: &Ident) -> syn::Error {
    diagnostic::error_with_help(
        key.span(),
        format!("duplicate `auth` attribute `{key}`"),
        format!("remove this `{key}`; it is already given"),
    )
}

/// Unknown key, with a hint for the likely intents that `did you mean` cannot
/// guess.
fn unknown(key: &Ident, what: &str, known: &[&str]) -> syn::Error {
    let name = key.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let hint = match name {
        "password" | "hash" | "secret" => Some(
            "mark the password hash field `#[auth(password_hash)]` to check passwords, and `#[auth(session_hash)]` to log users out of every session when it changes",
        ),
        "is_active" | "enabled" | "disabled" => Some("mark a `bool` field `#[auth(active)]`"),
        "user_id" | "key" | "primary_key" | "uid" => Some("mark the id field `#[auth(id)]`"),
        "roles" | "role" | "permission" | "perms" | "groups" => {
            Some("mark the field that holds the user's permissions or roles `#[auth(permissions)]`")
        }
        _ => None,
    };
    match hint {
        Some(hint) if diagnostic::did_you_mean(name, known).is_none() => {
            diagnostic::error_with_help(
                key.span(),
                format!(
                    "unknown {what} `{name}`; expected {}",
                    diagnostic::one_of(known)
                ),
                hint,
            )
        }
        _ => diagnostic::unknown_key(key.span(), what, name, known),
    }
}
