//! pyfory 1.7.7's field order (`struct.py` `_sort_fields`) and its snake_case field names.
//!
//! The runtime sorts a struct's fields with [`sort_key`] at registration; the derive predicts
//! the same order at compile time from the field types it can see, with the same key, so that
//! its straight-line code is in wire order (the registry confirms the prediction).

use alloc::string::String;

use crate::types::{is_compressed, is_primitive, primitive_size};

/// How a field is named in the sort: a tag id, or its name as written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName<'a> {
    /// `#[fory(id = N)]` / `pyfory.field(id=N)`.
    Tag(u32),
    /// The raw attribute name (pyfory sorts by its snake_case, the raw name breaking ties).
    Name(&'a str),
}

/// The sort key of a field: its group, then (for primitives) variable-length last, size
/// descending and type id, then tag ids before names, by id or by snake_case name.
pub type SortKey = (u8, (u8, usize, u32), (u8, u32, String, String));

/// The key that puts fields into pyfory's wire order:
/// 1. non-nullable primitives (BOOL..FLOAT64) by (variable-length?, size descending, type id,
///    name);
/// 2. nullable primitives, same key;
/// 3. everything else (strings, binary, lists, sets, maps, dense arrays, enums, structs,
///    unknown) by name alone.
///
/// In every group tag-id fields precede named ones.
pub fn sort_key(type_id: u32, nullable: bool, name: FieldName<'_>) -> SortKey {
    let (group, numeric) = if is_primitive(type_id) {
        (
            u8::from(nullable),
            (
                u8::from(is_compressed(type_id)),
                usize::MAX - primitive_size(type_id),
                type_id,
            ),
        )
    } else {
        (2, (0, 0, 0))
    };
    (group, numeric, name_key(name))
}

/// The part of [`sort_key`] that orders by name (also the order of the schema fingerprint):
/// tag ids first, by id; then names by snake_case, the raw name breaking ties.
pub fn name_key(name: FieldName<'_>) -> (u8, u32, String, String) {
    match name {
        FieldName::Tag(t) => (0, t, String::new(), String::new()),
        FieldName::Name(n) => (1, 0, to_snake_case(n), String::from(n)),
    }
}

/// pyfory's snake_case conversion, used for field ordering and the schema fingerprint (the wire
/// keeps the raw name). `myField` -> `my_field`, `HTTPServer` -> `http_server`, `a1B` -> `a1_b`.
pub fn to_snake_case(name: &str) -> String {
    let chars: alloc::vec::Vec<char> = name.chars().collect();
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
