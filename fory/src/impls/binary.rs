//! BINARY bodies (Python `bytes`) and Pod slices sent as buffer objects.
//!
//! `Vec<u8>`, `[u8]` and `Box<[u8]>` go through `u8`'s slice hooks (see `scalar.rs`); this module
//! adds `bytes::Bytes`, borrowed `&[u8]` / `&[T]` / `Cow<[T]>` reads, and the Pod-slice buffer
//! writer used by `#[fory(out_of_band)]`.

use std::borrow::Cow;

use bytemuck::Pod;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::impls::{leaf, mismatch, scalar::dense};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types::BINARY;

/// Writes Pod elements as one buffer object of their little-endian bytes, without copying
/// (on little-endian targets the slice's memory is handed to the callback as is).
pub(crate) fn write_pod_buffer<'v, T: Pod>(
    items: &'v [T],
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    #[cfg(target_endian = "big")]
    compile_error!("out-of-band Pod buffers assume a little-endian target");
    ctx.write_buffer_object(bytemuck::cast_slice(items))
}

impl Serialize for bytes::Bytes {
    fn field_type() -> FieldType {
        leaf(BINARY)
    }
    fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
        BINARY
    }
    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        ctx.write_buffer_object(self)
    }
}

/// Shares the out-of-band buffer when the caller passed `Bytes` buffers (no copy); copies
/// otherwise.
impl<'de> Deserialize<'de> for bytes::Bytes {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        if info.type_id != BINARY {
            return Err(mismatch::<bytes::Bytes>(ctx.pos(), info.type_id));
        }
        let buf = ctx.read_buffer_object()?;
        Ok(match buf.shared {
            Some(shared) => shared,
            None => bytes::Bytes::copy_from_slice(buf.bytes),
        })
    }
}

/// Reads the bytes of a buffer-capable body: BINARY, or a dense array of the same element type.
fn read_raw<'de>(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<&'de [u8]> {
    match info.type_id {
        BINARY => Ok(ctx.read_buffer_object()?.bytes),
        id if crate::types::is_dense_array(id) => {
            let len = ctx.reader().length(1)?;
            ctx.reader().take(len)
        }
        other => Err(mismatch::<[u8]>(ctx.pos(), other)),
    }
}

/// A zero-copy view of Pod elements in a buffer.
///
/// Borrowing needs the bytes to be aligned for `T` and a whole number of elements; a buffer
/// that is not is an error (never undefined behaviour). Use `Cow<[T]>` to fall back to a copy.
pub(crate) fn borrow_pod<T: Pod>(bytes: &[u8], at: usize) -> Result<&[T]> {
    bytemuck::try_cast_slice(bytes).map_err(|e| {
        Error::OutOfBand(
            format!(
                "buffer at byte {at} cannot be viewed as [{}]: {e:?}",
                std::any::type_name::<T>()
            )
            .into(),
        )
    })
}

macro_rules! pod_views {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for &'de [$t] {
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                let at = ctx.pos();
                borrow_pod(read_raw(ctx, info)?, at)
            }
        }

        /// Borrows when the buffer is aligned, copies when it is not.
        impl<'de> Deserialize<'de> for Cow<'de, [$t]> {
            fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
                let at = ctx.pos();
                let bytes = read_raw(ctx, info)?;
                match bytemuck::try_cast_slice(bytes) {
                    Ok(s) => Ok(Cow::Borrowed(s)),
                    Err(_) => dense::from_le_bytes(bytes, at).map(Cow::Owned),
                }
            }
        }

        impl Serialize for Cow<'_, [$t]> {
            fn field_type() -> FieldType {
                <$t as Serialize>::vec_field_type()
            }
            fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
                <$t as Serialize>::slice_type_id()
            }
            fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
                <$t as Serialize>::write_slice(self, ctx, None)
            }
            fn write_data_as<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>, ty: &FieldType) -> Result<()> {
                <$t as Serialize>::write_slice(self, ctx, Some(ty))
            }
        }
    )*};
}
pod_views!(u8, i8, i16, i32, i64, u16, u32, u64, f32, f64);
