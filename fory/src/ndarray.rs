//! N-D arrays: [`ndarray::ArrayBase`] as the named extension type `fory.ndarray`.
//!
//! pyfory 1.7.7 has no xlang N-D array, so this crate defines one wire layout for it (the
//! Python side is `python/fory_ndarray.py`, which registers the same layout for
//! `numpy.ndarray`). An N-D array is a NAMED_EXT value, namespace `fory`, type name `ndarray`:
//!
//! ```text
//! type info   NAMED_EXT (32), then a field-less Ext TypeDef (compatible mode) or the
//!             namespace and type name as stream meta strings (compatible(false))
//! body        u8         element type id: the xlang scalar id (BOOL 1, INT8 2, INT16 3,
//!                        INT32 4, INT64 6, UINT8 9, UINT16 10, UINT32 11, UINT64 13,
//!                        FLOAT16 17, FLOAT32 19, FLOAT64 20)
//!             varuint32  ndim (at most 64)
//!             varuint64  ndim dims, outermost first
//!             buffer object: the elements, little-endian, C (row-major) order
//! ```
//!
//! The data is a *buffer object* ([`WriteContext::write_buffer_object`]): `varuint32 len +
//! bytes` without a buffer callback, and `u8 in_band` (+ `varuint32 len + bytes` when in-band)
//! with one, so arrays go out-of-band whenever a callback is set. As a struct field the array is
//! declared with type id UNKNOWN (0), as pyfory declares a `numpy.ndarray` field, and its type
//! info precedes the body.
//!
//! # Writing
//! Any [`ArrayBase`] whose elements are an [`Element`] (`bool`, `i8`…`i64`, `u8`…`u64`,
//! [`half::f16`], `f32`, `f64`) and of any dimension (`Ix1`…`Ix6`, `IxDyn`): owned arrays,
//! views, `ArcArray`, `CowArray`.
//! * **Standard layout** (C-contiguous): the buffer object is a view of the array's memory; the
//!   callback receives a pointer into the array itself (zero copy).
//! * **Other layouts** (transposed, sliced with steps, F-order): the elements are copied once,
//!   in C order, into the payload. A buffer object handed to the callback must borrow from the
//!   value being written, which a temporary copy cannot, so such an array is written in-band
//!   even when a callback is set (`01 len bytes`); the callback does not see it. To send one
//!   out-of-band, make it contiguous first (`let c = a.as_standard_layout();` and serialize `c`).
//!
//! # Reading
//! * [`Array<T, D>`](ndarray::Array): owned, one copy of the data.
//! * [`ArrayView<'de, T, D>`](ndarray::ArrayView): borrowed from the out-of-band buffer (or the
//!   payload, in-band) without a copy. A buffer that is not aligned for `T` is an error.
//! * [`CowArray<'de, T, D>`](ndarray::CowArray): borrowed when aligned, copied otherwise.
//!
//! Every mismatch is an [`Error::NdArray`] naming what was expected and what was found: element
//! type, rank (a fixed `D` must match; `IxDyn` takes any rank up to 64), a shape whose element
//! count overflows or whose size is not the data's size. The shape is checked against the data
//! before anything is allocated. Owned arrays and views also read a 1-D dense `*_ARRAY` body of
//! the same element type (what pyfory writes for a 1-D numpy array without `fory_ndarray`).
//!
//! ```
//! use fory::Fory;
//! use ndarray::{Array3, ArrayView3};
//!
//! let fory = Fory::default();
//! let images = Array3::<f32>::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 12 + j * 4 + k) as f32);
//! let mut buffers = Vec::new();
//! let payload = fory.serialize_with(&images, |b| buffers.push(b))?;
//! assert_eq!(buffers[0].as_slice().as_ptr(), images.as_ptr().cast::<u8>()); // zero copy
//! let view: ArrayView3<f32> = fory.deserialize_with_buffers(&payload, &buffers)?;
//! assert_eq!(view, images);
//! # Ok::<(), fory::Error>(())
//! ```

use std::sync::OnceLock;

use ::ndarray::{Array, ArrayBase, ArrayView, CowArray, Data, Dimension};

/// The `half` crate, for [`half::f16`] elements.
pub use ::half;
/// The `ndarray` crate this module implements the traits for (0.16), for version-matched use.
pub use ::ndarray as nd;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::meta_string::{self, MetaString};
use crate::serializer::{Deserialize, Serialize, TypeInfo};
use crate::type_def::{FieldType, TypeDef, TypeDefKind, TypeIdent};
use crate::types;

/// The namespace of the `fory.ndarray` extension type.
pub const NAMESPACE: &str = "fory";
/// The type name of the `fory.ndarray` extension type.
pub const TYPE_NAME: &str = "ndarray";
/// The largest rank read or written (numpy 2's `NPY_MAXDIMS`).
pub const MAX_NDIM: usize = 64;

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

/// The name of an element type id, for error messages.
fn elem_name(id: u32) -> Option<&'static str> {
    Some(match id {
        types::BOOL => "bool (BOOL = 1)",
        types::INT8 => "i8 (INT8 = 2)",
        types::INT16 => "i16 (INT16 = 3)",
        types::INT32 => "i32 (INT32 = 4)",
        types::INT64 => "i64 (INT64 = 6)",
        types::UINT8 => "u8 (UINT8 = 9)",
        types::UINT16 => "u16 (UINT16 = 10)",
        types::UINT32 => "u32 (UINT32 = 11)",
        types::UINT64 => "u64 (UINT64 = 13)",
        types::FLOAT16 => "f16 (FLOAT16 = 17)",
        types::FLOAT32 => "f32 (FLOAT32 = 19)",
        types::FLOAT64 => "f64 (FLOAT64 = 20)",
        _ => return None,
    })
}

fn elem_display(id: u32) -> String {
    elem_name(id).map_or_else(|| format!("unknown element type id {id}"), str::to_string)
}

/// The type info bytes of `fory.ndarray`, computed once.
struct WireIdent {
    ident: TypeIdent,
    type_def: Vec<u8>,
    type_def_key: usize,
    names: [(MetaString, usize); 2],
}

/// Keys of per-message dedup tables for types outside the registry (as `Value` computes them).
const DYNAMIC_KEY: usize = 1 << (usize::BITS - 1);

fn wire_ident() -> &'static WireIdent {
    static IDENT: OnceLock<WireIdent> = OnceLock::new();
    IDENT.get_or_init(|| {
        let ident = TypeIdent::Named {
            namespace: NAMESPACE.into(),
            type_name: TYPE_NAME.into(),
        };
        let type_def = TypeDef {
            kind: TypeDefKind::Ext,
            ident: ident.clone(),
            compatible: true,
            fields: Vec::new(),
        }
        .encode()
        .expect("the fory.ndarray TypeDef encodes");
        let type_def_key = DYNAMIC_KEY | (crate::hash::murmur3_lane0(&type_def, 47) as usize >> 1);
        let key = |ms: &MetaString| {
            DYNAMIC_KEY
                | (crate::hash::murmur3_lane0(&ms.bytes, 47) as usize >> 1)
                | ms.encoding.wire() as usize
        };
        let ns = meta_string::encode_namespace(NAMESPACE);
        let name = meta_string::encode_type_name(TYPE_NAME);
        let (ns_key, name_key) = (key(&ns), key(&name));
        WireIdent {
            ident,
            type_def,
            type_def_key,
            names: [(ns, ns_key), (name, name_key)],
        }
    })
}

/// Writes the `fory.ndarray` type info: NAMED_EXT, then the TypeDef or the two names.
fn write_ext_type_info(ctx: &mut WriteContext<'_, '_>) {
    let w = wire_ident();
    ctx.writer().u8(types::NAMED_EXT as u8);
    if ctx.compatible() {
        ctx.write_type_def(w.type_def_key, &w.type_def);
    } else {
        for (ms, key) in &w.names {
            ctx.write_meta_string(*key, ms);
        }
    }
}

/// Whether type info read from the wire names `fory.ndarray`.
fn is_ndarray_ident(info: &TypeInfo) -> bool {
    let w = wire_ident();
    // `fory.ndarray` is not a registered type, so its TypeDef is never a `local_def`.
    match (&info.def, &info.name) {
        (Some(def), _) => def.kind == TypeDefKind::Ext && def.ident == w.ident,
        (None, Some(name)) => name.0 == NAMESPACE && name.1 == TYPE_NAME,
        // Declared NAMED_EXT without a name: nothing to check.
        (None, None) => true,
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

fn nd_error(at: usize, what: &'static str, expected: String, found: String) -> Error {
    Error::NdArray {
        at,
        what,
        expected,
        found,
    }
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

/// A `fory.ndarray` body of any element type, as `fory::Value` holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawNdArray {
    /// The element type id (BOOL, INT8 … FLOAT64, FLOAT16).
    pub elem: u32,
    /// The shape, C order.
    pub shape: Vec<u64>,
    /// The elements, little-endian, C order.
    pub data: Vec<u8>,
}

/// Whether type info read from the wire is `fory.ndarray`.
pub(crate) fn is_ndarray(info: &TypeInfo) -> bool {
    info.type_id == types::NAMED_EXT
        && (info.def.is_some() || info.name.is_some())
        && is_ndarray_ident(info)
}

/// Reads a `fory.ndarray` body without a static element type (for `Value`, and so that a
/// struct can skip an array field it does not have).
pub(crate) fn read_untyped(ctx: &mut ReadContext<'_, '_>) -> Result<RawNdArray> {
    let at = ctx.pos();
    let elem = ctx.reader().u8()? as u32;
    if elem_name(elem).is_none() {
        return Err(nd_error(
            at,
            "element type",
            "a numeric or bool type id".into(),
            elem.to_string(),
        ));
    }
    let ndim_at = ctx.pos();
    let ndim = ctx.reader().varuint32()? as usize;
    if ndim > MAX_NDIM {
        return Err(nd_error(
            ndim_at,
            "rank",
            format!("at most {MAX_NDIM}"),
            ndim.to_string(),
        ));
    }
    let mut shape = Vec::with_capacity(ndim);
    let mut count: u64 = 1;
    for _ in 0..ndim {
        let d = ctx.reader().varuint64()?;
        count = count.checked_mul(d).ok_or_else(|| {
            nd_error(
                at,
                "shape",
                "an element count that fits u64".into(),
                format!("{shape:?}+[{d}]"),
            )
        })?;
        shape.push(d);
    }
    let need = count.checked_mul(types::primitive_size(elem) as u64);
    let data_at = ctx.pos();
    let bytes = ctx.read_buffer_object()?.bytes;
    if need != Some(bytes.len() as u64) {
        return Err(nd_error(
            data_at,
            "data size",
            format!("{need:?} bytes for shape {shape:?}"),
            format!("{} bytes", bytes.len()),
        ));
    }
    Ok(RawNdArray {
        elem,
        shape,
        data: bytes.to_vec(),
    })
}

impl RawNdArray {
    pub(crate) fn write_type_info(ctx: &mut WriteContext<'_, '_>) {
        write_ext_type_info(ctx);
    }

    pub(crate) fn write_body<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
        ctx.writer().u8(self.elem as u8);
        ctx.writer().varuint32(self.shape.len() as u32);
        for &d in &self.shape {
            ctx.writer().varuint64(d);
        }
        ctx.write_buffer_object(&self.data)
    }
}
