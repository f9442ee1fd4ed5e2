//! Writing union bodies: the general case writer, and the ones the derive picks by the case
//! type ([`UnionCase`]) that store the case id and the flag with what follows them.

use super::*;
use crate::context::{NOT_NULL_FLAG, NULL_FLAG};

/// Writes a union body: `case_id`, then `value` with its ref flag and type info. The flag is
/// a ref flag (`0x00`) only when ref tracking is on and the value is a tracked kind (pyfory's
/// `need_to_write_ref` of the case type's serializer: containers, binary, structs; never
/// scalars and strings); otherwise `0xFF`, or `0xFD` for a null.
#[inline]
pub fn write_union_case<'v, T: Serialize + ?Sized>(
    ctx: &mut WriteContext<'_, 'v>,
    case_id: u32,
    value: &'v T,
) -> Result<()> {
    ctx.writer().varuint32(case_id);
    ctx.enter()?;
    let track = ctx.track_ref() && value.tracked();
    if value.write_ref_flag(ctx, track)? {
        value.write_typed(ctx)?;
    }
    ctx.leave();
    Ok(())
}

/// [`write_union_case`] out of line: the rare path of the case writers below.
#[inline(never)]
fn write_union_case_outlined<'v, T: Serialize + ?Sized>(
    ctx: &mut WriteContext<'_, 'v>,
    case_id: u32,
    value: &'v T,
) -> Result<()> {
    write_union_case(ctx, case_id, value)
}

/// The error at the depth limit, where [`write_union_case`] reports it: after the case id.
#[cold]
#[inline(never)]
fn case_depth_limit(ctx: &mut WriteContext<'_, '_>, case_id: u32) -> Result<()> {
    ctx.writer().varuint32(case_id);
    ctx.enter()
}

/// The first two bytes of a union body whose case value is neither null nor tracked: the case
/// id (below 128, so one byte) and the flag `0xFF`, little-endian.
#[inline]
const fn case_prefix(case_id: u32) -> u16 {
    case_id as u16 | (NOT_NULL_FLAG as u16) << 8
}

/// [`write_union_case`] for a case value of a derived struct, whose case id is below 128
/// (`prefix`: [`case_prefix`]). The flag is `0xFF` unless ref tracking is on, so the case id
/// and the flag join the struct's type info in the head that [`write_struct_typed`] stores with
/// the first fields: the union costs no stores or room checks of its own; and the case value's
/// level and the struct's are entered at once. With ref tracking on or fewer than two levels
/// left before the depth limit, [`write_union_case`] writes it (and reports the limit where it
/// is reached). One copy per struct type, shared by every union with a case of it.
#[inline(never)]
pub fn write_union_struct<'v, T: StructFields + Serialize>(
    ctx: &mut WriteContext<'_, 'v>,
    prefix: u16,
    value: &'v T,
) -> Result<()> {
    if ctx.track_ref() && value.tracked() || !ctx.try_enter_two() {
        // With the struct's own writer (`write_struct_typed`) after the flag.
        return write_union_case(ctx, u32::from(prefix as u8), value);
    }
    let e = entry::<T>(ctx.resolver())?;
    let head = match typed_head(ctx, e) {
        Some((word, n)) if n <= 6 => Head::new(u64::from(prefix) | word << 16, n + 2),
        _ => struct_case_head_outlined(ctx, e, prefix).bounded(),
    };
    // Both levels entered, so the struct's fields cannot fail at its own level (where the
    // general path would report the limit before the case id): their errors are the same.
    write_struct_fields_entered::<T, { site::UNION_CASE }>(value, ctx, e, head)?;
    ctx.leave_two();
    Ok(())
}

/// The head [`write_struct_typed`] stores with a struct's first fields, when it has one: the
/// type info and schema hash of a struct by id (schema-consistent mode), or the type id and
/// TypeDef back-reference of a compatible struct already in the message (as
/// [`compatible_type_info_head`] makes it). `None` when the type info is written on its own.
#[inline]
fn typed_head(ctx: &WriteContext<'_, '_>, e: &TypeEntry) -> Option<(u64, usize)> {
    match e.struct_header {
        Some(h) => Some(h),
        None if is_compatible_struct(e.wire_type_id) => match ctx.direct_type_def_slot(e.index) {
            DefSlot::Written(id) if id < 64 => Some((
                u64::from(e.wire_type_id as u16 | ((id as u16) << 1 | 1) << 8),
                2,
            )),
            _ => None,
        },
        None => None,
    }
}

/// The case id and flag (`prefix`), then what [`write_struct_typed`] writes before the fields
/// of `e` when [`typed_head`] cannot take them: the type info on its own (the first value of
/// a compatible struct in the message, a struct by name), or a head too long for them. Out of
/// line, and one copy for every struct type.
#[inline(never)]
fn struct_case_head_outlined(ctx: &mut WriteContext<'_, '_>, e: &TypeEntry, prefix: u16) -> Head {
    ctx.writer().u16(prefix);
    typed_struct_head(ctx, e)
}

/// [`write_union_case`] for a case value of a plain scalar (never null, never tracked, its
/// type info its type id): `head` (the case id below 128, the flag and the type id, three
/// bytes) and the value, stored at once. One copy per scalar type.
#[inline(never)]
pub fn write_union_scalar<'v, T: DirectScalar + Serialize + Copy>(
    ctx: &mut WriteContext<'_, 'v>,
    head: u32,
    value: &'v T,
) -> Result<()> {
    let case_id = head & 0x7f;
    if T::TRACKED && ctx.track_ref() {
        return write_union_case_outlined(ctx, case_id, value);
    }
    if ctx.enter().is_err() {
        return case_depth_limit(ctx, case_id);
    }
    // Room: the head, the widest scalar (9), slack for the whole-word stores (8).
    ctx.writer().run::<{ 3 + 9 + 8 }>(|s| {
        s.word(u64::from(head), 3);
        value.put(s);
    });
    ctx.leave();
    Ok(())
}

/// [`write_union_case`] for a case value of a `String` (never null, never tracked, its type
/// info STRING) whose case id is below 128 (`prefix`: [`case_prefix`]): case id, flag, type
/// id and a short string stored at once; a long string after them. One copy, shared by every
/// union with a string case.
#[inline(never)]
pub fn write_union_string<'v>(
    ctx: &mut WriteContext<'_, 'v>,
    prefix: u16,
    value: &'v String,
) -> Result<()> {
    if ctx.enter().is_err() {
        return case_depth_limit(ctx, u32::from(prefix as u8));
    }
    let head = u64::from(prefix) | u64::from(types::STRING) << 16;
    if value.is_short() {
        // Room: the head, the short string, slack for the whole-word stores (8).
        ctx.writer()
            .run::<{ 3 + crate::buffer::SHORT_STR_ROOM + 8 }>(|s| {
                s.word(head, 3);
                value.put_short(s);
            });
    } else {
        ctx.writer().word(head, 3);
        value.put(ctx);
    }
    ctx.leave();
    Ok(())
}

/// A union's case value, for the derive to pick its writer by the case type: the derive calls
/// `(&&&&UnionCase(v)).write_case(ctx, case_id)` with every `Write*Case` trait in scope, and
/// method lookup takes the first of [`WriteStructCase`] (a derived struct),
/// [`WriteScalarCase`] (a plain scalar), [`WriteStrCase`] (a `String`) and [`WriteAnyCase`]
/// (anything else: [`write_union_case`]) that the case type has, at the derive's expansion
/// site (autoref specialization: each takes one reference fewer in its receiver). A case type
/// that is a generic parameter has none of the first three, and takes the general writer; so
/// do `Option`, `Value`, pointers and every type whose flag is not always `0xFF`.
#[doc(hidden)]
pub struct UnionCase<'v, T: ?Sized>(pub &'v T);

macro_rules! case_writers {
    ($($(#[$doc:meta])* $tr:ident;)*) => {$(
        $(#[$doc])*
        #[doc(hidden)]
        pub trait $tr<'v> {
            /// Writes the union body: `case_id` and the case value.
            fn write_case(&self, ctx: &mut WriteContext<'_, 'v>, case_id: u32) -> Result<()>;
        }
    )*};
}

case_writers! {
    /// [`UnionCase`] of a derived struct: [`write_union_struct`].
    WriteStructCase;
    /// [`UnionCase`] of a plain scalar: [`write_union_scalar`].
    WriteScalarCase;
    /// [`UnionCase`] of a `String`: [`write_union_string`].
    WriteStrCase;
    /// [`UnionCase`] of any other type: [`write_union_case`].
    WriteAnyCase;
}

// The case id is a constant of the derive's: the checks on it fold away.

impl<'v, T: StructFields + Serialize> WriteStructCase<'v> for &&&UnionCase<'v, T> {
    #[inline]
    fn write_case(&self, ctx: &mut WriteContext<'_, 'v>, case_id: u32) -> Result<()> {
        if case_id < 0x80 {
            write_union_struct(ctx, case_prefix(case_id), self.0)
        } else {
            write_union_case_outlined(ctx, case_id, self.0)
        }
    }
}

impl<'v, T: DirectScalar + Serialize + Copy> WriteScalarCase<'v> for &&UnionCase<'v, T> {
    #[inline]
    fn write_case(&self, ctx: &mut WriteContext<'_, 'v>, case_id: u32) -> Result<()> {
        let type_id = self.0.type_id(ctx);
        if case_id < 0x80 && type_id < 0x100 {
            write_union_scalar(ctx, u32::from(case_prefix(case_id)) | type_id << 16, self.0)
        } else {
            write_union_case_outlined(ctx, case_id, self.0)
        }
    }
}

impl<'v> WriteStrCase<'v> for &UnionCase<'v, String> {
    #[inline]
    fn write_case(&self, ctx: &mut WriteContext<'_, 'v>, case_id: u32) -> Result<()> {
        if case_id < 0x80 && !<String as Serialize>::TRACKED {
            write_union_string(ctx, case_prefix(case_id), self.0)
        } else {
            write_union_case_outlined(ctx, case_id, self.0)
        }
    }
}

impl<'v, T: Serialize + ?Sized> WriteAnyCase<'v> for UnionCase<'v, T> {
    #[inline]
    fn write_case(&self, ctx: &mut WriteContext<'_, 'v>, case_id: u32) -> Result<()> {
        write_union_case(ctx, case_id, self.0)
    }
}

/// [`Serialize::write_field`] of a union: a plain UNION field (no flag, no type info on the
/// wire) is its body; any other declaration takes the general path.
#[inline]
pub fn write_union_field<'v, T: Serialize>(
    v: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
    ty: &FieldType,
) -> Result<()> {
    if ty.type_id != types::UNION || ty.nullable || ty.track_ref {
        return crate::serializer::field::write_field_outlined(v, ctx, ty);
    }
    v.write_data(ctx)
}

/// Writes the body of a unit variant: `case_id` and a null case value. Out of line, so that a
/// union's writer stays small enough to be inlined where it is a field.
#[inline(never)]
pub fn write_union_unit(ctx: &mut WriteContext<'_, '_>, case_id: u32) {
    let w = ctx.writer();
    if case_id < 0x80 {
        w.u16(case_id as u16 | u16::from(NULL_FLAG) << 8);
    } else {
        w.varuint32(case_id);
        w.u8(NULL_FLAG);
    }
}
