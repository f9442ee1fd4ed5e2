//! pyfory's field order, its snake_case field names, and the schema fingerprint and hash of
//! schema-consistent mode.

use crate::hash::{murmur3_lane0, FORY_HASH_SEED};
use crate::types::*;

use super::*;

pub use fory_meta::order::to_snake_case;
use fory_meta::order::{name_key, sort_key, FieldName};

/// Puts fields into pyfory's wire order (`struct.py` `_sort_fields`; the key is
/// [`fory_meta::order::sort_key`], which the derive's prediction uses too).
pub fn sort_fields(fields: &mut [FieldDef]) {
    fields.sort_by_cached_key(|f| sort_key(f.ty.type_id, f.ty.nullable, field_name(&f.id)));
}

fn field_name(id: &FieldId) -> FieldName<'_> {
    match id {
        FieldId::Tag(t) => FieldName::Tag(*t),
        FieldId::Name(n) => FieldName::Name(n),
    }
}

/// Type ids the fingerprint collapses to 0: every user type (and unknown), since the hash only
/// describes the struct's own shape.
fn fingerprint_type_id(tid: u32) -> u32 {
    match tid {
        UNKNOWN
        | ENUM
        | NAMED_ENUM
        | STRUCT
        | COMPATIBLE_STRUCT
        | NAMED_STRUCT
        | NAMED_COMPATIBLE_STRUCT
        | EXT
        | NAMED_EXT
        | UNION
        | TYPED_UNION
        | NAMED_UNION => UNKNOWN,
        t => t,
    }
}

fn fingerprint_type(out: &mut String, ty: &FieldType, top: bool) {
    use std::fmt::Write as _;
    let (r, n) = if top {
        (ty.track_ref as u8, ty.nullable as u8)
    } else {
        // Nested arguments always contribute `,0,0` in pyfory.
        (0, 0)
    };
    let _ = write!(out, "{},{r},{n}", fingerprint_type_id(ty.type_id));
    let arity = match ty.type_id {
        LIST | SET => 1,
        MAP => 2,
        _ => return,
    };
    out.push('[');
    for i in 0..arity {
        if i > 0 {
            out.push('|');
        }
        match ty.generics.get(i) {
            Some(g) => fingerprint_type(out, g, false),
            None => out.push_str("0,0,0"),
        }
    }
    out.push(']');
}

/// The schema fingerprint string pyfory hashes in non-compatible mode
/// (`compute_struct_fingerprint`): `<tag id | snake_name>,<type id>,<ref>,<nullable>[<args>];`
/// per field, tag ids first, then by snake_case name.
pub fn schema_fingerprint(fields: &[FieldDef]) -> String {
    let mut sorted: Vec<(_, &FieldDef)> = fields
        .iter()
        .map(|f| (name_key(field_name(&f.id)), f))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for ((_, tag, snake, _), f) in sorted {
        match f.id {
            FieldId::Tag(_) => out.push_str(&tag.to_string()),
            FieldId::Name(_) => out.push_str(&snake),
        }
        out.push(',');
        fingerprint_type(&mut out, &f.ty, true);
        out.push(';');
    }
    out
}

/// The int32 schema hash written before struct values when `compatible=False`: the low 32 bits
/// of MurmurHash3 lane 0 (seed 47) of [`schema_fingerprint`], or 47 for a struct without fields.
pub fn schema_hash(fields: &[FieldDef]) -> i32 {
    let fp = schema_fingerprint(fields);
    if fp.is_empty() {
        return FORY_HASH_SEED as i32;
    }
    murmur3_lane0(fp.as_bytes(), FORY_HASH_SEED) as u32 as i32
}
