//! The derive input as the code generators see it: container, fields and variants with their
//! parsed attributes, built only if every check passed.

use super::attr;
use super::check;
use super::{Ctxt, Derive};
use syn::punctuated::Punctuated;
use syn::Token;

/// A struct or enum with its attributes.
pub struct Container<'a> {
    /// The type's name.
    pub ident: &'a syn::Ident,
    /// Container attributes.
    pub attrs: attr::Container,
    /// How the type is identified on the wire (`name`, `id`, or the Rust name by default).
    pub wire: WireIdent,
    /// Fields or variants.
    pub data: Data<'a>,
    /// The type's generics, as written.
    pub generics: &'a syn::Generics,
}

/// How a type is identified on the wire.
pub enum WireIdent {
    /// By namespace and type name.
    Named {
        /// May be empty.
        namespace: String,
        /// Never empty.
        type_name: String,
    },
    /// By numeric id.
    Id(u32),
}

/// Struct fields or enum variants.
pub enum Data<'a> {
    /// A struct with named fields (a unit struct has none).
    Struct(Vec<Field<'a>>),
    /// A unit-only enum.
    Enum(Vec<&'a syn::Ident>),
}

/// One struct field.
pub struct Field<'a> {
    /// The field's name.
    pub member: &'a syn::Ident,
    /// Field attributes.
    pub attrs: attr::Field,
    /// The field's type.
    pub ty: &'a syn::Type,
}

impl Field<'_> {
    /// The name on the wire: `rename`, else the Rust name without `r#`.
    pub fn wire_name(&self) -> String {
        match &self.attrs.rename {
            Some(r) => r.value.clone(),
            None => {
                let s = self.member.to_string();
                s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
            }
        }
    }

    /// Whether the field is written (everything but `skip`).
    pub fn is_serialized(&self) -> bool {
        self.attrs.skip.is_none()
    }
}

impl<'a> Container<'a> {
    /// Parses and checks `item`. Returns `None` only if the shape is unsupported (the error is
    /// in `cx`); attribute errors leave a container behind so that all of them get reported.
    pub fn from_ast(cx: &Ctxt, item: &'a syn::DeriveInput, derive: Derive) -> Option<Self> {
        let attrs = attr::Container::from_ast(cx, item);
        let data = match &item.data {
            syn::Data::Struct(data) => match &data.fields {
                syn::Fields::Named(fields) => Data::Struct(fields_from_ast(cx, &fields.named)),
                syn::Fields::Unit => Data::Struct(Vec::new()),
                syn::Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "fory derives support structs with named fields, unit structs and unit-only enums, not tuple structs",
                    );
                    return None;
                }
            },
            syn::Data::Enum(data) => Data::Enum(variants_from_ast(cx, &data.variants)),
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "fory derives support structs and unit-only enums, not unions",
                );
                return None;
            }
        };
        let wire = match (&attrs.name, &attrs.id) {
            (_, Some(id)) => WireIdent::Id(id.value),
            (Some(name), None) => WireIdent::Named {
                namespace: name.value.0.clone(),
                type_name: name.value.1.clone(),
            },
            // Without an attribute the type is registered under its Rust name, in the empty
            // namespace: the common case for a Python peer registering `f.register_type(T)`.
            (None, None) => WireIdent::Named {
                namespace: String::new(),
                type_name: item.ident.to_string(),
            },
        };
        let cont = Container {
            ident: &item.ident,
            attrs,
            wire,
            data,
            generics: &item.generics,
        };
        check::check(cx, &cont, derive);
        Some(cont)
    }

    /// Whether this container is registered by name (vs by id).
    pub fn is_named(&self) -> bool {
        matches!(self.wire, WireIdent::Named { .. })
    }
}

fn fields_from_ast<'a>(cx: &Ctxt, fields: &'a Punctuated<syn::Field, Token![,]>) -> Vec<Field<'a>> {
    fields
        .iter()
        .map(|field| Field {
            member: field.ident.as_ref().expect("named field"),
            attrs: attr::Field::from_ast(cx, field),
            ty: &field.ty,
        })
        .collect()
}

fn variants_from_ast<'a>(
    cx: &Ctxt,
    variants: &'a Punctuated<syn::Variant, Token![,]>,
) -> Vec<&'a syn::Ident> {
    variants
        .iter()
        .map(|variant| {
            attr::check_variant_attrs(cx, variant);
            if !matches!(variant.fields, syn::Fields::Unit) {
                cx.error_spanned_by(
                    &variant.fields,
                    format!(
                        "fory enums must be unit-only: variant `{}` has fields (pyfory enums are written as their ordinal)",
                        variant.ident
                    ),
                );
            }
            &variant.ident
        })
        .collect()
}
