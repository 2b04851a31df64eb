//! The typed model of a `#[derive(AuthUser)]` input. It borrows the original
//! syntax so that every later error can point at the user's tokens.

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Generics, Ident, Index, Member, Type};

use crate::attr::{self, Container, FieldAttrs};
use crate::diagnostic::Errors;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) attrs: Container,
    pub(crate) shape: Shape<'a>,
}

pub(crate) enum Shape<'a> {
    Struct(Vec<Field<'a>>),
    /// An enum or a union, which the derive rejects; `keyword` is the `enum`
    /// or `union` token.
    NotStruct {
        keyword: Span,
    },
}

pub(crate) struct Field<'a> {
    /// `self.<member>` reaches the field: its name, or its index in a tuple
    /// struct.
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// Reads the struct and every `#[auth(...)]` on it, pushing malformed
    /// attributes to `errors` and carrying on.
    pub(crate) fn from_syn(node: &'a DeriveInput, errors: &mut Errors) -> Self {
        let attrs = attr::container(&node.attrs, errors);
        let shape = match &node.data {
            Data::Struct(data) => Shape::Struct(
                data.fields
                    .iter()
                    .enumerate()
                    .map(|(index, field)| Field::from_syn(index, field, errors))
                    .collect(),
            ),
            Data::Enum(data) => Shape::NotStruct {
                keyword: data.enum_token.span,
            },
            Data::Union(data) => Shape::NotStruct {
                keyword: data.union_token.span,
            },
        };
        Input {
            ident: &node.ident,
            generics: &node.generics,
            attrs,
            shape,
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(index: usize, field: &'a syn::Field, errors: &mut Errors) -> Self {
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(Index {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                span: field.ty.span(),
            }),
        };
        Field {
            member,
            ty: &field.ty,
            attrs: attr::field(&field.attrs, errors),
        }
    }

    /// "field `name`" or "field 0", for messages that refer to another field.
    pub(crate) fn describe(&self) -> String {
        match &self.member {
            Member::Named(ident) => format!("field `{ident}`"),
            Member::Unnamed(index) => format!("field {}", index.index),
        }
    }
}
