//! The type-erased path of `#[fory(small_code)]` structs: everything a derived struct's reader
//! and writer do besides its own fields, compiled once for all such structs instead of once per
//! struct. The struct is reached through [`FieldsOut`] / [`FieldsIn`] (its field table, one
//! virtual call per field) and named by a [`TypeRef`]; its fields are written in the registry's
//! order and read through a plan, as the general paths of every struct are.
//!
//! It takes the general decisions only (the type info is read whole, a body is read with a
//! plan), which are what the straight-line paths shortcut: the bytes are the same.

use super::*;
use crate::resolver::TypeRef;

/// A derived struct's fields as the shared loops reach them, without its type.
pub(crate) trait FieldsOut {
    fn write_field_dyn<'v>(
        &'v self,
        index: usize,
        ctx: &mut WriteContext<'_, 'v>,
        ty: &FieldType,
    ) -> Result<()>;
}

impl<T: StructFields> FieldsOut for T {
    #[inline]
    fn write_field_dyn<'v>(
        &'v self,
        index: usize,
        ctx: &mut WriteContext<'_, 'v>,
        ty: &FieldType,
    ) -> Result<()> {
        self.write_field(index, ctx, ty)
    }
}

/// The reading half of [`FieldsOut`].
pub(crate) trait FieldsIn<'de> {
    fn read_field_dyn(
        &mut self,
        local: usize,
        ctx: &mut ReadContext<'_, 'de>,
        ty: &Arc<FieldType>,
    ) -> Result<()>;
}

impl<'de, T: StructRead<'de>> FieldsIn<'de> for T {
    #[inline]
    fn read_field_dyn(
        &mut self,
        local: usize,
        ctx: &mut ReadContext<'_, 'de>,
        ty: &Arc<FieldType>,
    ) -> Result<()> {
        self.read_field_at(local, ctx, ty)
    }
}

/// `Serialize::write_typed` of a `small_code` struct.
#[inline]
pub fn write_small_typed<'v, T: StructFields>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    write_small(v, ctx, &TypeRef::of::<T>(), true)
}

/// `Serialize::write_data` and `write_data_as` of a `small_code` struct: its body, the same in
/// a declared position (the schema hash in schema-consistent mode, then the fields).
#[inline]
pub fn write_small_body<'v, T: StructFields>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    write_small(v, ctx, &TypeRef::of::<T>(), false)
}

/// Writes a struct's type info (when `typed`), then its body.
#[inline(never)]
fn write_small<'v>(
    v: &'v dyn FieldsOut,
    ctx: &mut WriteContext<'_, 'v>,
    t: &TypeRef,
    typed: bool,
) -> Result<()> {
    let e = ctx.resolver().entry_of_ref(t)?;
    if typed {
        typed_struct_head(ctx, e).write(ctx);
    } else {
        write_schema_hash(ctx, e);
    }
    ctx.enter()?;
    write_fields_general(v, ctx, e)?;
    ctx.leave();
    Ok(())
}

/// `Deserialize::read_after_flag` of a `small_code` struct.
#[inline]
pub fn read_small_after_flag<'de, T: StructRead<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<T> {
    let mut out = T::fields_default();
    match read_small(&mut out, ctx, &TypeRef::of::<T>(), flag, declared) {
        Ok(()) => Ok(out),
        Err(e) => Err(e),
    }
}

/// `Deserialize::read_data` of a `small_code` struct.
#[inline]
pub fn read_small_data<'de, T: StructRead<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
) -> Result<T> {
    read_small_after_flag(ctx, RefFlag::NotNull, Some(info))
}

/// Reads a body whose ref flag was `flag`, after its type info (`declared`, or read here),
/// into `out`, whose fields start at their defaults.
#[inline(never)]
fn read_small<'de>(
    out: &mut dyn FieldsIn<'de>,
    ctx: &mut ReadContext<'_, 'de>,
    t: &TypeRef,
    flag: RefFlag,
    declared: Option<&TypeInfo>,
) -> Result<()> {
    let read;
    let info = match (flag, declared) {
        // Ref tracking on: a struct is neither a buffer object nor a temporal body, so there
        // is nothing to keep for a back-reference.
        (RefFlag::NotNull | RefFlag::Value { .. }, Some(info)) => info,
        (RefFlag::NotNull | RefFlag::Value { .. }, None) => {
            read = ctx.read_type_info()?;
            &read
        }
        (RefFlag::Null { at }, _) => {
            return Err(crate::serializer::unshared_flag_error(
                at,
                None,
                t.rust_name,
            ))
        }
        (RefFlag::Ref { at, id }, _) => {
            return Err(crate::serializer::unshared_flag_error(
                at,
                Some(id),
                t.rust_name,
            ))
        }
    };
    let at = ctx.pos();
    let e = ctx.resolver().entry_of_ref(t)?;
    let peer = body_plan(ctx, e, info, at)?;
    ctx.enter()?;
    read_plan_into::<dyn FieldsIn<'de>>(out, ctx, peer.as_deref().unwrap_or(&e.local_plan))?;
    ctx.leave();
    Ok(())
}

/// Reads the steps of `plan` into `out`, whose fields start at their defaults: the plan path
/// of every struct ([`StructRead::read_fields`], where it is inlined) and of `small_code`
/// structs (through `dyn FieldsIn`, compiled once).
#[inline(always)]
pub(super) fn read_plan_into<'de, F: FieldsIn<'de> + ?Sized>(
    out: &mut F,
    ctx: &mut ReadContext<'_, 'de>,
    plan: &ReadPlan,
) -> Result<()> {
    for step in &plan.steps {
        match step {
            ReadStep::Read { local, ty } => out.read_field_dyn(*local, ctx, ty)?,
            ReadStep::Skip { ty } => crate::serializer::field::skip_field(ctx, ty)?,
        }
    }
    Ok(())
}
