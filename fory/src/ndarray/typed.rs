//! The `ndarray` crate's arrays as `fory.ndarray` (feature `ndarray`): [`Element`], the
//! [`Serialize`] impl of every [`ArrayBase`], and the owned, borrowed and copy-on-write reads.

use ::ndarray::{Array, ArrayBase, ArrayView, CowArray, Data, Dimension};

use super::{elem_name, is_ndarray_ident, nd_error, write_ext_type_info, MAX_NDIM};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::FieldType;
use crate::types;

mod sealed {
    pub trait Sealed {}
}

/// An element type of a `fory.ndarray`: a fixed-width number or `bool`, stored little-endian.
///
/// Implemented for `bool`, `i8`, `i16`, `i32`, `i64`, `u8`, `u16`, `u32`, `u64`,
/// [`half::f16`], `f32` and `f64`; sealed.
pub trait Element: Copy + Send + Sync + 'static + sealed::Sealed {
    /// The xlang scalar type id written as the element type (for example FLOAT64 = 20).
    const TYPE_ID: u32;
    /// The dense `*_ARRAY` type id of 1-D arrays of this element (read as a 1-D array).
    const DENSE_ID: u32;

    /// The elements' bytes (little-endian targets: the same memory).
    #[doc(hidden)]
    fn as_bytes(items: &[Self]) -> &[u8];

    /// A zero-copy view of `bytes` (a whole number of elements), or why it cannot be had:
    /// misaligned, or (for `bool`) a byte other than 0 or 1.
    #[doc(hidden)]
    fn view(bytes: &[u8]) -> std::result::Result<&[Self], &'static str>;

    /// A copy of `bytes` (a whole number of elements) as elements.
    #[doc(hidden)]
    fn to_vec(bytes: &[u8]) -> std::result::Result<Vec<Self>, &'static str>;
}

#[cfg(target_endian = "big")]
compile_error!("fory.ndarray assumes a little-endian target");

macro_rules! pod_element {
    ($($t:ty => $id:ident, $dense:ident;)*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const TYPE_ID: u32 = types::$id;
            const DENSE_ID: u32 = types::$dense;
            #[inline]
            fn as_bytes(items: &[Self]) -> &[u8] {
                bytemuck::cast_slice(items)
            }
            #[inline]
            fn view(bytes: &[u8]) -> std::result::Result<&[Self], &'static str> {
                bytemuck::try_cast_slice(bytes).map_err(|_| "misaligned")
            }
            fn to_vec(bytes: &[u8]) -> std::result::Result<Vec<Self>, &'static str> {
                let mut out = vec![<$t as bytemuck::Zeroable>::zeroed(); bytes.len() / std::mem::size_of::<$t>()];
                let dst: &mut [u8] = bytemuck::cast_slice_mut(&mut out);
                if dst.len() != bytes.len() {
                    return Err("not a whole number of elements");
                }
                dst.copy_from_slice(bytes);
                Ok(out)
            }
        }
    )*};
}

pod_element! {
    i8 => INT8, INT8_ARRAY;
    i16 => INT16, INT16_ARRAY;
    i32 => INT32, INT32_ARRAY;
    i64 => INT64, INT64_ARRAY;
    u8 => UINT8, UINT8_ARRAY;
    u16 => UINT16, UINT16_ARRAY;
    u32 => UINT32, UINT32_ARRAY;
    u64 => UINT64, UINT64_ARRAY;
    half::f16 => FLOAT16, FLOAT16_ARRAY;
    f32 => FLOAT32, FLOAT32_ARRAY;
    f64 => FLOAT64, FLOAT64_ARRAY;
}

impl sealed::Sealed for bool {}
impl Element for bool {
    const TYPE_ID: u32 = types::BOOL;
    const DENSE_ID: u32 = types::BOOL_ARRAY;
    #[inline]
    fn as_bytes(items: &[Self]) -> &[u8] {
        bytemuck::cast_slice(items)
    }
    fn view(bytes: &[u8]) -> std::result::Result<&[Self], &'static str> {
        bytemuck::checked::try_cast_slice(bytes).map_err(|_| "a bool byte other than 0 or 1")
    }
    fn to_vec(bytes: &[u8]) -> std::result::Result<Vec<Self>, &'static str> {
        Self::view(bytes).map(<[bool]>::to_vec)
    }
}

impl<S, T, D> Serialize for ArrayBase<S, D>
where
    S: Data<Elem = T>,
    T: Element,
    D: Dimension,
{
    /// As pyfory declares a `numpy.ndarray` field: UNKNOWN, type info precedes the value.
    fn field_type() -> FieldType {
        crate::impls::leaf(types::UNKNOWN)
    }

    fn type_id(&self, _: &WriteContext<'_, '_>) -> u32 {
        types::NAMED_EXT
    }

    fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        write_ext_type_info(ctx);
        Ok(())
    }

    fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        let ndim = self.ndim();
        if ndim > MAX_NDIM {
            return Err(Error::Unsupported(
                format!("an N-D array of rank {ndim} (more than {MAX_NDIM})").into(),
            ));
        }
        let w = ctx.writer();
        w.u8(T::TYPE_ID as u8);
        w.varuint32(ndim as u32);
        for &d in self.shape() {
            w.varuint64(d as u64);
        }
        match self.as_slice() {
            // Standard layout: the buffer object is the array's own memory.
            Some(items) => ctx.write_buffer_object(T::as_bytes(items)),
            None => {
                // One copy into C order. It cannot be handed to a callback (buffer objects
                // borrow from the value), so it is written in-band.
                let copy: Vec<T> = self.iter().copied().collect();
                let bytes = T::as_bytes(&copy);
                let len = u32::try_from(bytes.len()).map_err(|_| {
                    Error::Unsupported("buffer longer than 4 GiB cannot be in-band".into())
                })?;
                let out_of_band = ctx.out_of_band();
                let w = ctx.writer();
                if out_of_band {
                    w.u8(1);
                }
                w.varuint32(len);
                w.bytes(bytes);
                Ok(())
            }
        }
    }
}

/// `#[fory(out_of_band)]` on an array field: accepted; the array's data already is a buffer
/// object, so the attribute changes nothing on the wire.
impl<S, T, D> crate::structs::OutOfBandField for ArrayBase<S, D>
where
    S: Data<Elem = T>,
    T: Element,
    D: Dimension,
{
}

fn elem_display(id: u32) -> String {
    elem_name(id).map_or_else(|| format!("unknown element type id {id}"), str::to_string)
}

/// A validated array: its shape and its data bytes (whose size matches the shape).
struct Raw<'de, D> {
    at: usize,
    dim: D,
    bytes: &'de [u8],
}

/// Reads an N-D array of `T` with dimension `D` up to (and including) its data, checking
/// everything against the target and the data before anything is allocated.
fn read_raw<'de, T: Element, D: Dimension>(
    ctx: &mut ReadContext<'_, 'de>,
    info: &TypeInfo,
) -> Result<Raw<'de, D>> {
    let at = ctx.pos();
    match info.type_id {
        types::NAMED_EXT if is_ndarray_ident(info) => read_ext_body::<T, D>(ctx),
        id if types::is_dense_array(id) => read_dense_body::<T, D>(ctx, id),
        found => Err(Error::TypeMismatch {
            at,
            expected: format!(
                "fory.ndarray of {} (NAMED_EXT = 32)",
                elem_display(T::TYPE_ID)
            )
            .into(),
            found,
        }),
    }
}

fn read_ext_body<'de, T: Element, D: Dimension>(
    ctx: &mut ReadContext<'_, 'de>,
) -> Result<Raw<'de, D>> {
    let at = ctx.pos();
    let elem = ctx.reader().u8()? as u32;
    if elem != T::TYPE_ID {
        return Err(nd_error(
            at,
            "element type",
            elem_display(T::TYPE_ID),
            elem_display(elem),
        ));
    }
    let ndim_at = ctx.pos();
    let ndim = ctx.reader().varuint32()? as usize;
    let rank_ok = match D::NDIM {
        Some(n) => ndim == n,
        None => ndim <= MAX_NDIM,
    };
    if !rank_ok {
        let expected = match D::NDIM {
            Some(n) => n.to_string(),
            None => format!("at most {MAX_NDIM}"),
        };
        return Err(nd_error(ndim_at, "rank", expected, ndim.to_string()));
    }
    let mut dim = D::zeros(ndim);
    for d in dim.slice_mut() {
        let dim_at = ctx.pos();
        let v = ctx.reader().varuint64()?;
        *d = usize::try_from(v).map_err(|_| {
            nd_error(
                dim_at,
                "shape",
                "dims that fit usize".into(),
                format!("dim {v}"),
            )
        })?;
    }
    let need = data_size::<T>(at, dim.slice())?;
    let data_at = ctx.pos();
    let bytes = ctx.read_buffer_object()?.bytes;
    if bytes.len() != need {
        return Err(nd_error(
            data_at,
            "data size",
            format!(
                "{need} bytes (shape {:?} of {})",
                dim.slice(),
                elem_display(T::TYPE_ID)
            ),
            format!("{} bytes", bytes.len()),
        ));
    }
    Ok(Raw { at, dim, bytes })
}

/// The byte size of an array of `shape`, or an error if it overflows (ndarray also requires
/// the product of the non-zero dims to fit `isize`).
fn data_size<T: Element>(at: usize, shape: &[usize]) -> Result<usize> {
    let overflow = || {
        nd_error(
            at,
            "shape",
            format!(
                "an element count whose size in bytes fits isize ({}-byte elements)",
                std::mem::size_of::<T>()
            ),
            format!("{shape:?}"),
        )
    };
    let mut nonzero: usize = 1;
    for &d in shape {
        if d != 0 {
            nonzero = nonzero.checked_mul(d).ok_or_else(overflow)?;
        }
    }
    let nonzero_bytes = nonzero
        .checked_mul(std::mem::size_of::<T>())
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or_else(overflow)?;
    Ok(if shape.contains(&0) { 0 } else { nonzero_bytes })
}

/// A dense `*_ARRAY` body (pyfory's 1-D numpy arrays) as a 1-D array.
fn read_dense_body<'de, T: Element, D: Dimension>(
    ctx: &mut ReadContext<'_, 'de>,
    id: u32,
) -> Result<Raw<'de, D>> {
    let at = ctx.pos();
    if id != T::DENSE_ID {
        return Err(Error::TypeMismatch {
            at,
            expected: format!("dense array of {}", elem_display(T::TYPE_ID)).into(),
            found: id,
        });
    }
    if D::NDIM.is_some_and(|n| n != 1) {
        return Err(nd_error(
            at,
            "rank",
            D::NDIM.unwrap_or(1).to_string(),
            "1 (a dense array)".into(),
        ));
    }
    let len = ctx.reader().length(1)?;
    let bytes = ctx.reader().take(len)?;
    let size = std::mem::size_of::<T>();
    if bytes.len() % size != 0 {
        return Err(nd_error(
            at,
            "data size",
            format!("a multiple of {size} bytes"),
            format!("{} bytes", bytes.len()),
        ));
    }
    let mut dim = D::zeros(1);
    dim.slice_mut()[0] = bytes.len() / size;
    Ok(Raw { at, dim, bytes })
}

fn shape_error(at: usize, e: ::ndarray::ShapeError) -> Error {
    nd_error(at, "shape", "a valid shape".into(), e.to_string())
}

/// Owned: one copy of the data.
impl<'de, T: Element, D: Dimension> Deserialize<'de> for Array<T, D> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let raw = read_raw::<T, D>(ctx, info)?;
        let data = T::to_vec(raw.bytes)
            .map_err(|why| nd_error(raw.at, "data", elem_display(T::TYPE_ID), why.into()))?;
        Array::from_shape_vec(raw.dim, data).map_err(|e| shape_error(raw.at, e))
    }
}

/// Borrowed from the buffer without a copy; a buffer not aligned for `T` is an error.
impl<'de, T: Element, D: Dimension> Deserialize<'de> for ArrayView<'de, T, D> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let raw = read_raw::<T, D>(ctx, info)?;
        let items = T::view(raw.bytes).map_err(|why| {
            nd_error(
                raw.at,
                "alignment",
                format!(
                    "data aligned to {} bytes for a borrowed view of {}",
                    std::mem::align_of::<T>(),
                    elem_display(T::TYPE_ID)
                ),
                format!(
                    "{why} data at address {:#x} (use Array or CowArray to copy)",
                    raw.bytes.as_ptr() as usize
                ),
            )
        })?;
        ArrayView::from_shape(raw.dim, items).map_err(|e| shape_error(raw.at, e))
    }
}

/// Borrowed when the buffer is aligned for `T`, copied once otherwise.
impl<'de, T: Element, D: Dimension> Deserialize<'de> for CowArray<'de, T, D> {
    fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
        let raw = read_raw::<T, D>(ctx, info)?;
        match T::view(raw.bytes) {
            Ok(items) => ArrayView::from_shape(raw.dim, items)
                .map(CowArray::from)
                .map_err(|e| shape_error(raw.at, e)),
            Err(_) => {
                let data = T::to_vec(raw.bytes).map_err(|why| {
                    nd_error(raw.at, "data", elem_display(T::TYPE_ID), why.into())
                })?;
                Array::from_shape_vec(raw.dim, data)
                    .map(CowArray::from)
                    .map_err(|e| shape_error(raw.at, e))
            }
        }
    }
}
