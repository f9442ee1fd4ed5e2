//! pyfory's field order, worked out at compile time where the field types show it, so that the
//! generated code can write and read the fields straight through instead of looping over an
//! order computed at registration.
//!
//! This is a prediction, not a contract: the registry computes the real order from each field
//! type's `Serialize::field_type()` and uses the straight-line code only if the two agree (a type
//! alias for an integer, say, looks like a struct here and would not). The rules mirror
//! the runtime's `type_def::sort_fields`.

use crate::internals::ast::Field;
use crate::internals::attr::{Encoding, Spanned};

use fory_meta::order::{sort_key, FieldName, SortKey};
use fory_meta::types::*;

/// Declaration indices (among the serialized fields) in predicted wire order.
pub fn predict(fields: &[&Field]) -> Vec<usize> {
    let mut keyed: Vec<(SortKey, usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (key(f), i))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// pyfory's sort key of a field (`fory_meta::order::sort_key`, as the registry computes it):
/// a plain scalar by its type id, anything else as a non-primitive.
fn key(f: &Field) -> SortKey {
    let name = f.wire_name();
    let id = match &f.attrs.id {
        Some(Spanned { value, .. }) => FieldName::Tag(*value),
        None => FieldName::Name(&name),
    };
    match scalar(f) {
        Some((tid, nullable)) => sort_key(tid, nullable, id),
        None => sort_key(UNKNOWN, false, id),
    }
}

/// How the generated straight-line code handles a field: directly for plain scalars, `String`
/// and `Vec<scalar>` (no flag, no type-info dispatch; the registry confirms each declaration at
/// registration), through `write_field` / `read_field` otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direct {
    /// A scalar in its type's default encoding, not nullable, not ref-tracked: its type id.
    Scalar(u32),
    /// A plain `String` (STRING).
    Str,
    /// A plain `Vec` of scalars other than `u8` (BINARY, a buffer object): its dense array id.
    DenseVec(u32),
    /// Everything else.
    General,
}

impl Direct {
    /// The declared type id the registry must confirm, `0` for the general path.
    pub fn tid(self) -> u32 {
        match self {
            Direct::Scalar(tid) | Direct::DenseVec(tid) => tid,
            Direct::Str => STRING,
            Direct::General => 0,
        }
    }
}

/// Classifies a field (see [`Direct`]).
pub fn direct(f: &Field) -> Direct {
    let a = &f.attrs;
    if a.track_ref.is_some() || a.encoding.is_some() {
        return Direct::General;
    }
    if let Some((tid, false)) = scalar(f) {
        return Direct::Scalar(tid);
    }
    // Any remaining attribute changes the declaration.
    if a.list.is_some() || a.out_of_band.is_some() || a.nullable.is_some() {
        return Direct::General;
    }
    if plain_ident(f.ty).as_deref() == Some("String") {
        return Direct::Str;
    }
    match dense_array(f.ty) {
        0 => Direct::General,
        tid => Direct::DenseVec(tid),
    }
}

/// Whether a field may be a derived unit enum, which the straight-line code then writes as its
/// ordinal inside a run of scalars: a general field without attributes whose type is a plain
/// path with no generic arguments (`Player`, `media::Size`), in a struct without type or const
/// parameters (the run's room is a `const` item, which cannot name them). Whether the type is
/// an enum is its `Serialize::UNIT_ENUM`, resolved at compile time; the registry confirms the
/// declaration as it does a scalar's.
pub fn maybe_unit_enum(f: &Field, generics: &syn::Generics) -> bool {
    let a = &f.attrs;
    let attributed = a.track_ref.is_some()
        || a.encoding.is_some()
        || a.list.is_some()
        || a.out_of_band.is_some()
        || a.nullable.is_some();
    let generic =
        generics.type_params().next().is_some() || generics.const_params().next().is_some();
    if attributed || generic || direct(f) != Direct::General {
        return false;
    }
    let syn::Type::Path(p) = f.ty else {
        return false;
    };
    p.qself.is_none()
        && !p.path.is_ident("Self")
        && p.path.segments.iter().all(|s| s.arguments.is_empty())
}

/// The declared type id the registry confirms for a field (as tokens: a unit enum's is known
/// only to the compiler), `0` for the general path.
pub fn confirmed_tid(
    f: &Field,
    generics: &syn::Generics,
    p: &proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    if maybe_unit_enum(f, generics) {
        let ty = f.ty;
        quote::quote!(#p::ordinal_tid::<#ty>())
    } else {
        let tid = direct(f).tid();
        quote::quote!(#tid)
    }
}

/// The dense array type id of `Vec<scalar>` (not `u8`), `0` otherwise.
fn dense_array(ty: &syn::Type) -> u32 {
    let syn::Type::Path(p) = ty else { return 0 };
    let Some(last) = p.path.segments.last() else {
        return 0;
    };
    if p.qself.is_some() || last.ident != "Vec" {
        return 0;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return 0;
    };
    let [syn::GenericArgument::Type(elem)] = args.args.iter().collect::<Vec<_>>()[..] else {
        return 0;
    };
    match plain_ident(elem).as_deref() {
        Some("bool") => BOOL_ARRAY,
        Some("i8") => INT8_ARRAY,
        Some("i16") => INT16_ARRAY,
        Some("i32") => INT32_ARRAY,
        Some("i64") => INT64_ARRAY,
        Some("u16") => UINT16_ARRAY,
        Some("u32") => UINT32_ARRAY,
        Some("u64") => UINT64_ARRAY,
        Some("f32") => FLOAT32_ARRAY,
        Some("f64") => FLOAT64_ARRAY,
        _ => 0,
    }
}

/// The scalar type id and nullability of a field whose type is a plain scalar (or `Option` of
/// one), after its attributes; `None` for everything else.
fn scalar(f: &Field) -> Option<(u32, bool)> {
    if f.attrs.list.is_some() || f.attrs.out_of_band.is_some() {
        return None;
    }
    let (ty, mut nullable) = match option_inner(f.ty) {
        Some(inner) => (inner, true),
        None => (f.ty, false),
    };
    let name = plain_ident(ty)?;
    let default = match name.as_str() {
        "bool" => BOOL,
        "i8" => INT8,
        "i16" => INT16,
        "i32" => VARINT32,
        "i64" => VARINT64,
        "u8" => UINT8,
        "u16" => UINT16,
        "u32" => VAR_UINT32,
        "u64" => VAR_UINT64,
        "f32" => FLOAT32,
        "f64" => FLOAT64,
        _ => return None,
    };
    let tid = match (default, f.attrs.encoding.as_ref().map(|e| e.value)) {
        (t, None | Some(Encoding::Varint)) => t,
        (VARINT32, Some(Encoding::Fixed)) => INT32,
        (VARINT64, Some(Encoding::Fixed)) => INT64,
        (VARINT64, Some(Encoding::Tagged)) => TAGGED_INT64,
        (VAR_UINT32, Some(Encoding::Fixed)) => UINT32,
        (VAR_UINT64, Some(Encoding::Fixed)) => UINT64,
        (VAR_UINT64, Some(Encoding::Tagged)) => TAGGED_UINT64,
        _ => return None,
    };
    nullable |= f.attrs.nullable.is_some();
    Some((tid, nullable))
}

/// `T` of a type written `Option<T>` (any path ending in `Option`).
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// The name of a type written as a single bare identifier (`i32`, `core::primitive::i32`).
fn plain_ident(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if !last.arguments.is_empty() {
        return None;
    }
    Some(last.ident.to_string())
}
