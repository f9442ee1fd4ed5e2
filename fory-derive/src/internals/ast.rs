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
    /// A struct with named fields, a tuple struct (fields named by index) or a unit struct
    /// (no fields).
    Struct(Vec<Field<'a>>),
    /// A unit-only enum: an xlang ENUM, written as its ordinal.
    Enum(Vec<&'a syn::Ident>),
    /// An enum with at least one variant that has data: an xlang union.
    Union(Vec<Variant<'a>>),
}

/// One variant of a union.
pub struct Variant<'a> {
    /// The variant's name.
    pub ident: &'a syn::Ident,
    /// Variant attributes.
    pub attrs: attr::Variant,
    /// What it holds.
    pub style: VariantStyle<'a>,
    /// The case id (`id`, else the position among the cases); unused for `other`.
    pub case_id: u32,
}

/// The shape of a union variant.
pub enum VariantStyle<'a> {
    /// No data: the case value is null.
    Unit,
    /// One field (`V(T)` or `V { x: T }`): the case value.
    Payload {
        /// `0` or the field's name.
        member: syn::Member,
        /// The payload type.
        ty: &'a syn::Type,
    },
    /// The `#[fory(other)]` catch-all: case id and value (`V(u32, Value)` or two named fields).
    Other {
        /// The field holding the case id.
        case: syn::Member,
        /// The field holding the value.
        value: syn::Member,
    },
}

/// One struct field.
pub struct Field<'a> {
    /// The field's name, or its index in a tuple struct.
    pub member: syn::Member,
    /// Field attributes.
    pub attrs: attr::Field,
    /// The field's type.
    pub ty: &'a syn::Type,
}

impl Field<'_> {
    /// The name on the wire: `rename`, else the Rust name without `r#`, or a tuple field's
    /// index (`0`, `1`, ..., as Apache Fory's Rust derive names them).
    pub fn wire_name(&self) -> String {
        match &self.attrs.rename {
            Some(r) => r.value.clone(),
            None => self.rust_name(),
        }
    }

    /// The field's Rust name (without `r#`) or index, for messages.
    pub fn rust_name(&self) -> String {
        match &self.member {
            syn::Member::Named(ident) => {
                let s = ident.to_string();
                s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
            }
            syn::Member::Unnamed(index) => index.index.to_string(),
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
                syn::Fields::Unnamed(fields) => Data::Struct(fields_from_ast(cx, &fields.unnamed)),
            },
            syn::Data::Enum(data) => enum_from_ast(cx, &data.variants),
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "fory derives support structs and enums, not Rust unions (an enum with data is an xlang union)",
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
        .enumerate()
        .map(|(i, field)| Field {
            member: member(field, i),
            attrs: attr::Field::from_ast(cx, field),
            ty: &field.ty,
        })
        .collect()
}

fn member(field: &syn::Field, i: usize) -> syn::Member {
    match &field.ident {
        Some(ident) => syn::Member::Named(ident.clone()),
        None => syn::Member::Unnamed(syn::Index {
            index: i as u32,
            span: syn::spanned::Spanned::span(&field.ty),
        }),
    }
}

/// A unit-only enum stays an xlang ENUM (pyfory `enum.Enum`); an enum with any variant that
/// has data is a union.
fn enum_from_ast<'a>(cx: &Ctxt, variants: &'a Punctuated<syn::Variant, Token![,]>) -> Data<'a> {
    let attrs: Vec<attr::Variant> = variants
        .iter()
        .map(|v| attr::Variant::from_ast(cx, v))
        .collect();
    if variants
        .iter()
        .all(|v| matches!(v.fields, syn::Fields::Unit))
    {
        for (v, a) in variants.iter().zip(&attrs) {
            for span in [
                a.id.as_ref().map(|s| s.span),
                a.other.as_ref().map(|s| s.span),
            ]
            .into_iter()
            .flatten()
            {
                cx.syn_error(syn::Error::new(
                    span,
                    format!(
                        "`{}` is a unit-only enum, written as its ordinal (an xlang ENUM, pyfory `enum.Enum`); variant attributes apply to enums with data (unions)",
                        v.ident
                    ),
                ));
            }
        }
        return Data::Enum(variants.iter().map(|v| &v.ident).collect());
    }
    let mut next_case = 0u32;
    let out = variants
        .iter()
        .zip(attrs)
        .map(|(v, attrs)| {
            let fields: Vec<&syn::Field> = v.fields.iter().collect();
            let style = if attrs.other.is_some() {
                if fields.len() != 2 {
                    cx.error_spanned_by(
                        &v.ident,
                        format!(
                            "the `other` variant `{}` holds the case id and the value of an unknown case: write it `{}(u32, fory::Value)`",
                            v.ident, v.ident
                        ),
                    );
                }
                VariantStyle::Other {
                    case: fields.first().map_or(syn::Member::Unnamed(0.into()), |f| member(f, 0)),
                    value: fields.get(1).map_or(syn::Member::Unnamed(1.into()), |f| member(f, 1)),
                }
            } else {
                match fields.as_slice() {
                    [] => VariantStyle::Unit,
                    [f] => VariantStyle::Payload {
                        member: member(f, 0),
                        ty: &f.ty,
                    },
                    _ => {
                        cx.error_spanned_by(
                            &v.fields,
                            format!(
                                "variant `{}` has {} fields; a union case holds one value: wrap the fields in a struct that derives ForySerialize/ForyDeserialize and hold that (the xlang spec forbids synthesising one)",
                                v.ident,
                                fields.len()
                            ),
                        );
                        VariantStyle::Unit
                    }
                }
            };
            let case_id = match (&attrs.id, &style) {
                (_, VariantStyle::Other { .. }) => 0,
                (Some(id), _) => id.value,
                (None, _) => next_case,
            };
            if !matches!(style, VariantStyle::Other { .. }) {
                next_case += 1;
            }
            Variant {
                ident: &v.ident,
                attrs,
                style,
                case_id,
            }
        })
        .collect();
    Data::Union(out)
}
