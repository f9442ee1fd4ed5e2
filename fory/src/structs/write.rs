//! Writing struct bodies: the schema hash, the fields in wire order (straight-line or through
//! the general field writer), lists of structs with the registration looked up once.

use super::*;

/// Writes a struct body: the schema hash (non-compatible mode) and the fields in wire order.
pub fn write_struct<'v, T: StructFields>(v: &'v T, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
    let e = entry::<T>(ctx.resolver())?;
    write_struct_body(v, ctx, e)
}

/// Writes a struct body in a declared position (no type info): the schema hash in
/// schema-consistent mode, written with the first fields, then the fields.
#[inline]
pub fn write_struct_declared<'v, T: StructFields>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    let e = entry::<T>(ctx.resolver())?;
    let head = if ctx.compatible() {
        Head::NONE
    } else {
        Head::new(u64::from(e.schema_hash as u32), 4)
    };
    write_struct_fields::<T, { site::DECLARED }>(v, ctx, e, head)
}

/// Writes a struct's type info and body, looking its registration up once.
pub fn write_struct_typed<'v, T: StructFields>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    let e = entry::<T>(ctx.resolver())?;
    let head = typed_struct_head(ctx, e);
    write_struct_fields::<T, { site::TYPED }>(v, ctx, e, head)
}

/// What precedes the fields of struct `e` written with its type info: the head its first run
/// of fields stores, or the type info written at once (and no head).
#[inline(always)]
pub(super) fn typed_struct_head(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) -> Head {
    match e.struct_header {
        // Type info and schema hash, written with the first fields.
        Some((word, n)) => Head::new(word, n),
        // Compatible mode: the type id and the TypeDef marker, the direct table looked up once.
        None if is_compatible_struct(e.wire_type_id) => compatible_type_info_head(ctx, e),
        None => {
            write_entry_type_info(ctx, e);
            write_schema_hash(ctx, e);
            Head::NONE
        }
    }
}

/// A list of derived structs (`Vec<T>`, `[T]`, `[T; N]`): the body the general list writer
/// writes for them, with the registration looked up once for the whole list instead of once per
/// element. Elements are never null and share the one type, so the header is always
/// `SAME_TYPE` and the element type info follows it (pyfory always writes a struct's type
/// info). With reference tracking on, each element needs a flag, and the general writer runs.
pub fn write_struct_slice<'v, T: StructFields + Serialize>(
    items: &'v [T],
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()> {
    // A declaration that names the element type without type info is not a struct's: the
    // general writer then decides, as for any other element type.
    if ctx.track_ref() || crate::impls::list::elements_declared(ty) {
        return crate::impls::list::write_list(items, ctx, ty);
    }
    let Some(len) = crate::impls::list::write_list_len(ctx, items.len())? else {
        return Ok(());
    };
    let e = entry::<T>(ctx.resolver())?;
    let compatible = struct_slice_head(ctx, e, len)?;
    // The mode and the field plan are the same for every element: decided once.
    match (e.static_ok, compatible) {
        (true, true) => {
            for v in items {
                v.write_fields_static::<{ site::ELEMENT }>(ctx, &e.fields, Head::NONE)?;
            }
        }
        (true, false) => {
            // The schema hash that starts each body, written with its first fields.
            let hash = Head::new(u64::from(e.schema_hash as u32), 4);
            for v in items {
                v.write_fields_static::<{ site::ELEMENT_HASHED }>(ctx, &e.fields, hash)?;
            }
        }
        (false, _) => {
            ctx.leave();
            for v in items {
                write_struct_body(v, ctx, e)?;
            }
            ctx.enter()?;
        }
    }
    ctx.leave();
    ctx.leave();
    Ok(())
}

/// What precedes the elements of [`write_struct_slice`], out of line so that the element loops
/// keep the field writers inlined: the list's level and each element's, entered as the reader
/// enters them (both at once: `write_struct_body` enters its element's own), the list head and
/// the element type info, and the budget for elements without bytes (field-less structs in
/// compatible mode). Returns whether the mode is compatible.
#[inline(always)]
pub(super) fn struct_slice_head(
    ctx: &mut WriteContext<'_, '_>,
    e: &TypeEntry,
    len: u32,
) -> Result<bool> {
    ctx.enter()?;
    ctx.enter()?;
    crate::impls::list::write_list_head(ctx, len, crate::impls::list::SAME_TYPE);
    write_registered_type_info(ctx, e);
    let compatible = ctx.compatible();
    if compatible && e.fields.is_empty() {
        ctx.charge_unbacked(len, len as usize)?;
    }
    Ok(compatible)
}

/// The schema hash that starts a struct body in schema-consistent mode.
#[inline(always)]
pub(super) fn write_schema_hash(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) {
    if !ctx.compatible() {
        ctx.writer().u32(e.schema_hash as u32);
    }
}

#[inline(always)]
pub(super) fn write_struct_body<'v, T: StructFields>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    e: &TypeEntry,
) -> Result<()> {
    write_schema_hash(ctx, e);
    write_struct_fields::<T, { site::BODY }>(v, ctx, e, Head::NONE)
}

/// Writes a struct's fields in wire order.
#[inline(always)]
pub(super) fn write_struct_fields<'v, T: StructFields, const SITE: u8>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    e: &TypeEntry,
    head: Head,
) -> Result<()> {
    ctx.enter()?;
    write_struct_fields_entered::<T, SITE>(v, ctx, e, head)?;
    ctx.leave();
    Ok(())
}

/// [`write_struct_fields`] with the struct's level already entered (by a caller that entered
/// its own and the struct's at once).
#[inline(always)]
pub(super) fn write_struct_fields_entered<'v, T: StructFields, const SITE: u8>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    e: &TypeEntry,
    head: Head,
) -> Result<()> {
    if e.static_ok {
        v.write_fields_static::<SITE>(ctx, &e.fields, head)
    } else {
        if site::has_head(SITE) {
            head.write(ctx);
        }
        write_fields_general(v, ctx, e)
    }
}

/// The fields in the registry's order through the general field writer: the path of a struct
/// whose predicted order the registry did not confirm, and of `small_code` structs. Out of
/// line, so that the straight-line path it sits beside is the only copy of the field code
/// inlined into each struct's writer; for a `small_code` struct, `F` is `dyn FieldsOut`, one
/// copy for all of them.
#[inline(never)]
pub(super) fn write_fields_general<'v, F: FieldsOut + ?Sized>(
    v: &'v F,
    ctx: &mut WriteContext<'_, 'v>,
    e: &TypeEntry,
) -> Result<()> {
    for &i in &e.order {
        v.write_field_dyn(i, ctx, &e.fields[i].ty)?;
    }
    Ok(())
}
