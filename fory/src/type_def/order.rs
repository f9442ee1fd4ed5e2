//! pyfory's field order, its snake_case field names, and the schema fingerprint and hash of
//! schema-consistent mode.

use crate::hash::{murmur3_lane0, FORY_HASH_SEED};
use crate::types::*;

use super::*;

/// pyfory's snake_case conversion, used for field ordering and the schema fingerprint (the wire
/// keeps the raw name). `myField` -> `my_field`, `HTTPServer` -> `http_server`, `a1B` -> `a1_b`.
pub fn to_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(c);
            prev = Some(c);
            continue;
        }
        if c.is_uppercase() {
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_lower_or_digit = prev.is_some_and(|p| p.is_lowercase() || p.is_numeric());
            let prev_upper = prev.is_some_and(|p| p.is_uppercase());
            if !out.is_empty()
                && !out.ends_with('_')
                && (prev_lower_or_digit || (prev_upper && next_is_lower))
            {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    let trimmed = out.trim_end_matches('_').len();
    out.truncate(trimmed);
    out
}

/// Sort key shared by the three groups: tag ids first (by id), then by snake_case name with the
/// raw name breaking ties.
fn id_key(id: &FieldId) -> (u8, u32, String, &str) {
    match id {
        FieldId::Tag(t) => (0, *t, String::new(), ""),
        FieldId::Name(n) => (1, 0, to_snake_case(n), n.as_str()),
    }
}

/// Puts fields into pyfory's wire order (`struct.py` `_sort_fields`):
/// 1. non-nullable primitives (BOOL..FLOAT64) by (variable-length?, size descending, type id, name);
/// 2. nullable primitives, same key;
/// 3. everything else (strings, binary, lists, sets, maps, dense arrays, enums, structs, unknown)
///    by name alone.
///
/// In every group tag-id fields precede named ones.
pub fn sort_fields(fields: &mut [FieldDef]) {
    fields.sort_by_cached_key(|f| {
        let tid = f.ty.type_id;
        let (group, numeric) = if is_primitive(tid) {
            let g = if f.ty.nullable { 1u8 } else { 0 };
            (
                g,
                (
                    is_compressed(tid) as u8,
                    usize::MAX - primitive_size(tid),
                    tid,
                ),
            )
        } else {
            (2, (0, 0, 0))
        };
        let (a, b, c, d) = id_key(&f.id);
        (group, numeric, (a, b, c, d.to_owned()))
    });
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
    let mut sorted: Vec<(_, &FieldDef)> = fields.iter().map(|f| (id_key(&f.id), f)).collect();
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
