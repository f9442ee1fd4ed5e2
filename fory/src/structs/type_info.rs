//! The type info of registered structs, enums and unions: precomputed words for types by id, the
//! TypeDef marker (compatible mode), names as meta strings (schema-consistent, by name).

use super::*;

/// The type id a registered type writes (`0` when unregistered; writing then fails).
pub fn user_type_id<T: Registered>(ctx: &WriteContext<'_, '_>) -> u32 {
    entry::<T>(ctx.resolver()).map_or(0, |e| e.wire_type_id)
}

/// Writes the type info of a registered struct or enum.
pub fn write_user_type_info<T: Registered>(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let e = entry::<T>(ctx.resolver())?;
    write_registered_type_info(ctx, e);
    Ok(())
}

/// The type info of registered type `e`, in either mode: a precomputed word (by id), the type
/// id and TypeDef marker (compatible struct), or the general writer.
#[inline(always)]
pub(super) fn write_registered_type_info(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) {
    match e.id_type_info {
        Some((word, n)) => ctx.writer().word(word, n),
        None if is_compatible_struct(e.wire_type_id) => write_compatible_type_info(ctx, e),
        None => write_entry_type_info(ctx, e),
    }
}

/// Writes the type info of registered type `e`.
#[inline]
pub(super) fn write_entry_type_info(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) {
    if let Some((word, n)) = e.id_type_info {
        ctx.writer().word(word, n);
        return;
    }
    ctx.writer().u8(e.wire_type_id as u8);
    match (&e.ident, e.wire_type_id) {
        (TypeIdent::Id(id), types::STRUCT | types::ENUM | types::TYPED_UNION) => {
            ctx.writer().varuint32(*id)
        }
        (_, types::COMPATIBLE_STRUCT | types::NAMED_COMPATIBLE_STRUCT) => {
            ctx.write_type_def(e.index, &e.type_def)
        }
        (_, types::NAMED_STRUCT | types::NAMED_ENUM | types::NAMED_UNION) => {
            if ctx.compatible() {
                ctx.write_type_def(e.index, &e.type_def)
            } else if let Some(((ns, ns_key), (name, name_key))) = &e.names {
                ctx.write_meta_string(*ns_key, ns);
                ctx.write_meta_string(*name_key, name);
            }
        }
        _ => {}
    }
}

/// The type info of a compatible struct, the writer's direct table looked up once. After the
/// type's first value in the message it is the type id and a one-byte back-reference (the
/// marker `id << 1 | 1`, below 128), returned as a head for the caller to store with the
/// fields; otherwise it is written here (the TypeDef itself, or the general writer) and the
/// head is empty.
#[inline(always)]
pub(super) fn compatible_type_info_head(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) -> Head {
    match ctx.direct_type_def_slot(e.index) {
        DefSlot::Written(id) if id < 64 => Head::new(
            u64::from(e.wire_type_id as u16 | ((id as u16) << 1 | 1) << 8),
            2,
        ),
        DefSlot::New => {
            ctx.writer().u8(e.wire_type_id as u8);
            ctx.write_new_type_def(e.index, &e.type_def);
            Head::NONE
        }
        DefSlot::Written(_) | DefSlot::Unknown => {
            write_entry_type_info(ctx, e);
            Head::NONE
        }
    }
}

/// [`compatible_type_info_head`] with the head written at once.
#[inline(always)]
pub(super) fn write_compatible_type_info(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry) {
    compatible_type_info_head(ctx, e).write(ctx);
}

/// Whether `wire_type_id` is a struct whose type info carries its TypeDef.
#[inline(always)]
pub(super) fn is_compatible_struct(wire_type_id: u32) -> bool {
    matches!(
        wire_type_id,
        types::COMPATIBLE_STRUCT | types::NAMED_COMPATIBLE_STRUCT
    )
}

/// Writes the type info of the registered type a declaration names (`FieldType::user`), for a
/// value that is not there to write its own (a list whose elements are all null: pyfory writes
/// the declared element type's info). `false` when the declaration names no registered type.
pub(crate) fn write_declared_type_info(ctx: &mut WriteContext<'_, '_>, ty: &FieldType) -> bool {
    let ident = match &ty.user {
        Some(crate::type_def::UserType::Id(id)) => TypeIdent::Id(*id),
        Some(crate::type_def::UserType::Named(n)) => TypeIdent::Named {
            namespace: n.0.clone(),
            type_name: n.1.clone(),
        },
        None => return false,
    };
    let fory = ctx.resolver();
    match fory
        .registry()
        .by_ident(crate::registry::Space::of(ty.type_id), &ident)
    {
        Some(e) => {
            write_registered_type_info(ctx, e);
            true
        }
        None => false,
    }
}
