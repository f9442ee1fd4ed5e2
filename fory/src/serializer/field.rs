//! The generic field dispatch: one field as its registered declaration says (flag, type info,
//! body), for the derive's general path, `Value` structs and skipped fields.

use std::sync::Arc;

use crate::context::{ReadContext, RefFlag, WriteContext};
use crate::error::{Error, Result};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::{self, Position};

/// Writes one field as its registered declaration `ty` says.
#[inline(always)]
pub fn write_field<'v, T: Serialize + ?Sized>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    v.write_field(ctx, ty)
}

/// [`write_field`] out of line: one copy per field type, shared by every struct that has one.
/// The general field writer (a struct whose field order the registry did not confirm) and the
/// straight-line writer (for the field types it does not inline) call it.
#[inline(never)]
pub fn write_field_shared<'v, T: Serialize + ?Sized>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    v.write_field(ctx, ty)
}

/// A field of a derived struct's straight-line writer that is not a plain scalar, string or
/// dense array: in line for a unit enum (its ordinal) and the types whose field writer is small
/// in line ([`Serialize::INLINE_FIELD`]: derived structs and unions, `Vec`), else through
/// [`write_field_shared`], so that each field type's writer is compiled once, not into every
/// struct that has one.
#[inline(always)]
pub fn write_field_straight<'v, T: Serialize + ?Sized>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    if T::UNIT_ENUM || T::INLINE_FIELD {
        v.write_field(ctx, ty)
    } else {
        write_field_shared(v, ctx, ty)
    }
}

/// [`write_field_general`] out of line: the rare path of a type whose `write_field` is a small
/// inlined fast path.
#[inline(never)]
pub fn write_field_outlined<'v, T: Serialize + ?Sized>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    write_field_general(v, ctx, ty)
}

/// The default [`Serialize::write_field`]: flag (if the declaration is nullable or tracked),
/// type info (struct fields always carry it, as pyfory writes), body.
#[inline(always)]
pub fn write_field_general<'v, T: Serialize + ?Sized>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    if ty.nullable || ty.track_ref {
        let track = ty.track_ref && ctx.track_ref();
        if !v.write_ref_flag(ctx, track)? {
            return Ok(());
        }
    } else if v.is_null() {
        return Err(Error::Unsupported("null in a non-nullable field".into()));
    }
    if types::carries_type_info(ty.type_id, Position::Field, ctx.compatible()) {
        v.write_typed_as(ctx, ty)
    } else {
        v.write_data_as(ctx, ty)
    }
}

/// Reads one field declared (on the wire) as `ty`.
#[inline]
pub fn read_field<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    T::read_field(ctx, ty)
}

/// A field of a derived struct's straight-line reader that is not a plain scalar, string or
/// dense array: in line for the types whose field reader is small in line
/// ([`Deserialize::INLINE_FIELD`]: derived structs, `Vec`), else through [`read_field_shared`].
#[inline(always)]
pub fn read_field_straight<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    if T::INLINE_FIELD {
        T::read_field(ctx, ty)
    } else {
        read_field_shared(ctx, ty)
    }
}

/// Reads one field declared as `ty`, out of line: one copy per field type, shared by every
/// struct that has one.
#[inline(never)]
pub fn read_field_shared<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    T::read_field(ctx, ty)
}

/// Reads one field declared as `ty` into `slot`, out of line: one copy per field type, shared
/// by every struct that has one. The plan-driven reader (a peer's schema) calls it, so that the
/// only field code inlined into each struct is its straight-line reader's.
#[inline(never)]
pub fn read_field_into<'de, T: Deserialize<'de>>(
    slot: &mut T,
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<()> {
    *slot = T::read_field(ctx, ty)?;
    Ok(())
}

/// [`read_field_general`] out of line: the rare path of a type whose `read_field` is a small
/// inlined fast path.
#[inline(never)]
pub fn read_field_outlined<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    read_field_general(ctx, ty)
}

/// The default [`Deserialize::read_field`]: the ref flag if the declaration has one, the type
/// info if it is carried on the wire, then the body.
#[inline]
pub fn read_field_general<'de, T: Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    ty: &Arc<FieldType>,
) -> Result<T> {
    let flag = if ty.nullable || ty.track_ref {
        ctx.read_ref_flag()?
    } else {
        RefFlag::NotNull
    };
    if types::carries_type_info(ty.type_id, Position::Field, ctx.compatible()) {
        T::read_after_flag(ctx, flag, None)
    } else {
        T::read_after_flag(ctx, flag, Some(&TypeInfo::declared(ty)))
    }
}

/// Skips one field the local type does not have.
pub fn skip_field(ctx: &mut ReadContext<'_, '_>, ty: &Arc<FieldType>) -> Result<()> {
    read_field::<crate::Value>(ctx, ty).map(drop)
}
