//! Schema evolution: the read plan that maps a peer's TypeDef fields onto a local struct, and
//! which wire types a local field can read.

use super::*;

/// Builds the plan for reading a peer's struct (described by `def`) into local type `entry`:
/// fields are matched by tag id or by name; a field whose wire type the local field cannot
/// read is skipped like an unknown one, leaving the local default.
pub(crate) fn build_plan(entry: &TypeEntry, def: &TypeDef) -> ReadPlan {
    let local_order = def.fields.len() == entry.order.len()
        && def
            .fields
            .iter()
            .zip(&entry.order)
            .all(|(remote, &i)| *remote == entry.fields[i]);
    let mut taken = vec![false; entry.fields.len()];
    let steps = def
        .fields
        .iter()
        .map(|remote| {
            let ty = Arc::new(remote.ty.clone());
            let local = entry.fields.iter().enumerate().position(|(i, f)| {
                !taken[i] && field_ids_match(&f.id, &remote.id) && can_read(&f.ty, &remote.ty)
            });
            match local {
                Some(i) => {
                    taken[i] = true;
                    ReadStep::Read { local: i, ty }
                }
                None => ReadStep::Skip { ty },
            }
        })
        .collect();
    ReadPlan { steps, local_order }
}

pub(super) fn field_ids_match(local: &FieldId, remote: &FieldId) -> bool {
    match (local, remote) {
        (FieldId::Tag(a), FieldId::Tag(b)) => a == b,
        (FieldId::Name(a), FieldId::Name(b)) => {
            a == b || crate::type_def::to_snake_case(a) == crate::type_def::to_snake_case(b)
        }
        _ => false,
    }
}

/// Whether a local field of type `local` can read a value written as `remote`.
pub(crate) fn can_read(local: &FieldType, remote: &FieldType) -> bool {
    if local.type_id == remote.type_id
        || (types::is_struct(local.type_id) && types::is_struct(remote.type_id))
        || (matches!(local.type_id, types::ENUM | types::NAMED_ENUM)
            && matches!(remote.type_id, types::ENUM | types::NAMED_ENUM))
    {
        return local.generics.len() == remote.generics.len()
            && local
                .generics
                .iter()
                .zip(&remote.generics)
                .all(|(l, r)| can_read(l, r));
    }
    let int = |t: u32| matches!(t, types::INT8..=types::TAGGED_UINT64);
    if int(local.type_id) && int(remote.type_id) {
        return true;
    }
    // A dense array reads a LIST of the same element kind, and the reverse.
    let dense_elem = |t: &FieldType| -> Option<u32> {
        if types::is_dense_array(t.type_id) {
            Some(t.type_id)
        } else if t.type_id == types::LIST && t.generics.len() == 1 {
            dense_for_elem(t.generics[0].type_id)
        } else {
            None
        }
    };
    matches!((dense_elem(local), dense_elem(remote)), (Some(a), Some(b)) if a == b)
}

/// The dense array type holding elements of scalar type `elem`, if there is one.
pub(crate) fn dense_for_elem(elem: u32) -> Option<u32> {
    Some(match elem {
        types::BOOL => types::BOOL_ARRAY,
        types::INT8 => types::INT8_ARRAY,
        types::INT16 => types::INT16_ARRAY,
        types::INT32 | types::VARINT32 => types::INT32_ARRAY,
        types::INT64 | types::VARINT64 | types::TAGGED_INT64 => types::INT64_ARRAY,
        types::UINT8 => types::UINT8_ARRAY,
        types::UINT16 => types::UINT16_ARRAY,
        types::UINT32 | types::VAR_UINT32 => types::UINT32_ARRAY,
        types::UINT64 | types::VAR_UINT64 | types::TAGGED_UINT64 => types::UINT64_ARRAY,
        types::FLOAT16 => types::FLOAT16_ARRAY,
        types::FLOAT32 => types::FLOAT32_ARRAY,
        types::FLOAT64 => types::FLOAT64_ARRAY,
        _ => return None,
    })
}
