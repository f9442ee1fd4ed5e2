//! Booleans, integers and floats, and dense arrays of them.
//!
//! Integers read from any integer wire encoding (the peer may declare `Int32`, `FixedInt32`,
//! plain `int`...), with a range check into the target width; they write the encoding their
//! declaration asks for (VARINT by default, `INT32`/`INT64` for `encoding = "fixed"`,
//! TAGGED for `encoding = "tagged"`).

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::impls::{leaf, mismatch};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::*;

/// Reads an integer of any wire encoding, widened to `i128`.
pub(crate) fn read_int(ctx: &mut ReadContext<'_, '_>, type_id: u32) -> Result<i128> {
    let r = ctx.reader();
    Ok(match type_id {
        BOOL => r.u8()? as i128,
        INT8 => r.i8()? as i128,
        INT16 => r.i16()? as i128,
        INT32 => r.i32()? as i128,
        VARINT32 => r.varint32()? as i128,
        INT64 => r.i64()? as i128,
        VARINT64 => r.varint64()? as i128,
        TAGGED_INT64 => r.tagged_i64()? as i128,
        UINT8 => r.u8()? as i128,
        UINT16 => r.u16()? as i128,
        UINT32 => r.u32()? as i128,
        VAR_UINT32 => r.varuint32()? as i128,
        UINT64 => r.u64()? as i128,
        VAR_UINT64 => r.varuint64()? as i128,
        TAGGED_UINT64 => r.tagged_u64()? as i128,
        _ => return Err(mismatch::<i128>(r.pos(), type_id)),
    })
}

/// Writes an integer in the encoding `type_id` names. The value is known to fit.
pub(crate) fn write_int(ctx: &mut WriteContext<'_, '_>, type_id: u32, v: i128) -> Result<()> {
    let w = ctx.writer();
    match type_id {
        INT8 => w.i8(v as i8),
        INT16 => w.u16(v as i16 as u16),
        INT32 => w.u32(v as i32 as u32),
        VARINT32 => w.varint32(v as i32),
        INT64 => w.u64(v as i64 as u64),
        VARINT64 => w.varint64(v as i64),
        TAGGED_INT64 => w.tagged_i64(v as i64),
        UINT8 => w.u8(v as u8),
        UINT16 => w.u16(v as u16),
        UINT32 => w.u32(v as u32),
        VAR_UINT32 => w.varuint32(v as u32),
        UINT64 => w.u64(v as u64),
        VAR_UINT64 => w.varuint64(v as u64),
        TAGGED_UINT64 => w.tagged_u64(v as u64),
        other => {
            return Err(Error::Unsupported(
                format!("integer cannot be written as type id {other}").into(),
            ))
        }
    }
    Ok(())
}

/// Dense array support shared by every Pod scalar.
pub(crate) mod dense {
    use super::*;

    /// Writes `items` as a dense array body: byte length, then the little-endian elements.
    pub(crate) fn write<T: bytemuck::Pod>(
        items: &[T],
        ctx: &mut WriteContext<'_, '_>,
    ) -> Result<()> {
        let bytes: &[u8] = bytemuck::cast_slice(items);
        let len = u32::try_from(bytes.len())
            .map_err(|_| Error::Unsupported("array longer than 4 GiB".into()))?;
        ctx.writer().varuint32(len);
        write_le(items, ctx);
        Ok(())
    }

    #[cfg(target_endian = "little")]
    fn write_le<T: bytemuck::Pod>(items: &[T], ctx: &mut WriteContext<'_, '_>) {
        ctx.writer().bytes(bytemuck::cast_slice(items));
    }

    #[cfg(target_endian = "big")]
    fn write_le<T: bytemuck::Pod>(items: &[T], ctx: &mut WriteContext<'_, '_>) {
        let size = std::mem::size_of::<T>();
        for chunk in bytemuck::cast_slice::<T, u8>(items).chunks_exact(size) {
            for b in chunk.iter().rev() {
                ctx.writer().u8(*b);
            }
        }
    }

    /// Copies little-endian element bytes into a new vector (one memcpy on little-endian).
    pub(crate) fn from_le_bytes<T: bytemuck::Pod>(bytes: &[u8], at: usize) -> Result<Vec<T>> {
        let size = std::mem::size_of::<T>();
        if bytes.len() % size != 0 {
            return Err(Error::invalid(
                at,
                format!(
                    "{} byte(s) is not a whole number of {}-byte {} elements",
                    bytes.len(),
                    size,
                    std::any::type_name::<T>()
                ),
            ));
        }
        // One pass, element by element from possibly unaligned bytes (the payload has no
        // alignment): the loop compiles to a plain copy, and unlike zero-filling a vector and
        // copying over it, touches the new memory once.
        // The element count divides by a constant (a shift); `collect` alone would divide by
        // the iterator's run-time chunk size, a `div` on every array.
        #[cfg(target_endian = "little")]
        let out = {
            let mut out = Vec::with_capacity(bytes.len() / std::mem::size_of::<T>());
            out.extend(
                bytes
                    .chunks_exact(size)
                    .map(bytemuck::pod_read_unaligned::<T>),
            );
            out
        };
        #[cfg(target_endian = "big")]
        let out = bytes
            .chunks_exact(size)
            .map(|c| {
                let mut le = c.to_vec();
                le.reverse();
                bytemuck::pod_read_unaligned(&le)
            })
            .collect();
        Ok(out)
    }

    /// Reads a dense array body.
    pub(crate) fn read<T: bytemuck::Pod>(ctx: &mut ReadContext<'_, '_>) -> Result<Vec<T>> {
        let len = ctx.reader().length(1)?;
        let at = ctx.pos();
        let bytes = ctx.reader().take(len)?;
        from_le_bytes(bytes, at)
    }
}

/// Integers write their default encoding straight to the writer; any other encoding (and every
/// read from a type id other than the default) goes through the general `write_int` /
/// `read_int`, which widen to `i128`.
macro_rules! int_impl {
    ($t:ty, $default:expr, $dense:expr, $write:ident, $read:ident) => {
        impl Serialize for $t {
            const TRACKED: bool = false;
            #[inline]
            fn field_type() -> FieldType {
                leaf($default)
            }
            #[inline]
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                $default
            }
            #[inline]
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                ctx.writer().$write(*self);
                Ok(())
            }
            #[inline]
            fn write_data_as<'v>(
                &'v self,
                ctx: &mut WriteContext<'_, 'v>,
                ty: &FieldType,
            ) -> Result<()> {
                if ty.type_id == $default {
                    ctx.writer().$write(*self);
                    Ok(())
                } else {
                    write_int(ctx, ty.type_id, *self as i128)
                }
            }
            fn vec_field_type() -> FieldType {
                leaf($dense)
            }
            fn slice_type_id() -> u32 {
                $dense
            }
            fn write_slice<'v>(
                items: &'v [Self],
                ctx: &mut WriteContext<'_, 'v>,
                ty: Option<&FieldType>,
            ) -> Result<()> {
                write_pod_slice(items, ctx, ty)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            #[inline]
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                if info.type_id == $default {
                    return ctx.reader().$read();
                }
                let at = ctx.pos();
                let v = read_int(ctx, info.type_id)?;
                <$t>::try_from(v).map_err(|_| Error::OutOfRange {
                    at,
                    target: stringify!($t),
                })
            }
            fn read_vec(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Vec<Self>> {
                read_pod_vec(ctx, info, $dense)
            }
        }
    };
}

/// Writes a slice of Pod scalars as its declaration asks: dense (default), LIST, or a BINARY
/// buffer object (`#[fory(out_of_band)]`).
pub(crate) fn write_pod_slice<'v, T: bytemuck::Pod + Serialize>(
    items: &'v [T],
    ctx: &mut WriteContext<'_, 'v>,
    ty: Option<&FieldType>,
) -> Result<()> {
    match ty.map(|t| t.type_id) {
        Some(LIST) => crate::impls::list::write_list(items, ctx, ty),
        Some(BINARY) => crate::impls::binary::write_pod_buffer(items, ctx),
        _ => dense::write(items, ctx),
    }
}

/// Reads a `Vec` of Pod scalars from a dense array, a LIST, or a BINARY buffer object.
pub(crate) fn read_pod_vec<'de, T: bytemuck::Pod + Deserialize<'de>>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
    dense_id: u32,
) -> Result<Vec<T>> {
    match info.type_id {
        id if id == dense_id => dense::read(ctx),
        LIST | SET => crate::impls::list::read_list(ctx, info),
        BINARY => {
            let at = ctx.pos();
            let buf = ctx.read_buffer_object()?;
            dense::from_le_bytes(buf.bytes, at)
        }
        other => Err(mismatch::<Vec<T>>(ctx.pos(), other)),
    }
}

int_impl!(i8, INT8, INT8_ARRAY, i8, i8);
int_impl!(i16, INT16, INT16_ARRAY, i16, i16);
int_impl!(i32, VARINT32, INT32_ARRAY, varint32, varint32);
int_impl!(i64, VARINT64, INT64_ARRAY, varint64, varint64);
int_impl!(u16, UINT16, UINT16_ARRAY, u16, u16);
int_impl!(u32, VAR_UINT32, UINT32_ARRAY, varuint32, varuint32);
int_impl!(u64, VAR_UINT64, UINT64_ARRAY, varuint64, varuint64);

/// `u8` scalars are UINT8; `Vec<u8>` and `[u8]` are BINARY (Python `bytes`), which is a buffer
/// object when a callback is set.
impl Serialize for u8 {
    const TRACKED: bool = false;
    fn field_type() -> FieldType {
        leaf(UINT8)
    }
    fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
        UINT8
    }
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        ctx.writer().u8(*self);
        Ok(())
    }
    fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
        write_int(ctx, ty.type_id, *self as i128)
    }
    fn vec_field_type() -> FieldType {
        leaf(BINARY)
    }
    fn slice_type_id() -> u32 {
        BINARY
    }
    fn write_slice<'v>(
        items: &'v [Self],
        ctx: &mut WriteContext<'_, 'v>,
        ty: Option<&FieldType>,
    ) -> Result<()> {
        match ty.map(|t| t.type_id) {
            Some(UINT8_ARRAY) => dense::write(items, ctx),
            Some(LIST) => crate::impls::list::write_list(items, ctx, ty),
            _ => ctx.write_buffer_object(items),
        }
    }
}

impl<'de> Deserialize<'de> for u8 {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let at = ctx.pos();
        let v = read_int(ctx, info.type_id)?;
        u8::try_from(v).map_err(|_| Error::OutOfRange { at, target: "u8" })
    }
    fn read_vec(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Vec<Self>> {
        match info.type_id {
            BINARY => Ok(ctx.read_buffer_object()?.bytes.to_vec()),
            _ => read_pod_vec(ctx, info, UINT8_ARRAY),
        }
    }
}

macro_rules! float_impl {
    ($t:ty, $id:expr, $dense:expr, $read:ident, $write:ident) => {
        impl Serialize for $t {
            const TRACKED: bool = false;
            fn field_type() -> FieldType {
                leaf($id)
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                $id
            }
            #[inline]
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                ctx.writer().$write(*self);
                Ok(())
            }
            fn vec_field_type() -> FieldType {
                leaf($dense)
            }
            fn slice_type_id() -> u32 {
                $dense
            }
            fn write_slice<'v>(
                items: &'v [Self],
                ctx: &mut WriteContext<'_, 'v>,
                ty: Option<&FieldType>,
            ) -> Result<()> {
                write_pod_slice(items, ctx, ty)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            #[inline]
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                let r = ctx.reader();
                match info.type_id {
                    FLOAT32 => Ok(r.f32()? as $t),
                    FLOAT64 => Ok(r.f64()? as $t),
                    other => Err(mismatch::<$t>(r.pos(), other)),
                }
            }
            fn read_vec(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Vec<Self>> {
                read_pod_vec(ctx, info, $dense)
            }
        }
    };
}

float_impl!(f32, FLOAT32, FLOAT32_ARRAY, f32, f32);
float_impl!(f64, FLOAT64, FLOAT64_ARRAY, f64, f64);

impl Serialize for bool {
    const TRACKED: bool = false;
    fn field_type() -> FieldType {
        leaf(BOOL)
    }
    fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
        BOOL
    }
    #[inline]
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        ctx.writer().u8(*self as u8);
        Ok(())
    }
    fn vec_field_type() -> FieldType {
        leaf(BOOL_ARRAY)
    }
    fn slice_type_id() -> u32 {
        BOOL_ARRAY
    }
    fn write_slice<'v>(
        items: &'v [Self],
        ctx: &mut WriteContext<'_, 'v>,
        ty: Option<&FieldType>,
    ) -> Result<()> {
        if ty.is_some_and(|t| t.type_id == LIST) {
            return crate::impls::list::write_list(items, ctx, ty);
        }
        // bool is one byte of 0 or 1, so its slice is already the wire form.
        let bytes: &[u8] = bytemuck::cast_slice(items);
        dense::write(bytes, ctx)
    }
}

impl<'de> Deserialize<'de> for bool {
    #[inline]
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        if info.type_id != BOOL {
            return Err(mismatch::<bool>(ctx.pos(), info.type_id));
        }
        Ok(ctx.reader().u8()? != 0)
    }
    fn read_vec(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Vec<Self>> {
        match info.type_id {
            BOOL_ARRAY => {
                let len = ctx.reader().length(1)?;
                Ok(ctx.reader().take(len)?.iter().map(|&b| b != 0).collect())
            }
            LIST | SET => crate::impls::list::read_list(ctx, info),
            other => Err(mismatch::<Vec<bool>>(ctx.pos(), other)),
        }
    }
}
