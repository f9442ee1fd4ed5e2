//! N-D arrays: `ndarray::ArrayBase` as the named extension type `fory.ndarray`.
//!
//! The typed arrays need the `ndarray` cargo feature (on by default); without it the wire
//! layout stays, and [`Value`](crate::Value) reads and writes arrays as [`RawNdArray`].
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
//! Any `ArrayBase` whose elements are an `Element` (`bool`, `i8`…`i64`, `u8`…`u64`,
//! `half::f16`, `f32`, `f64`) and of any dimension (`Ix1`…`Ix6`, `IxDyn`): owned arrays,
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
//! * `Array<T, D>`: owned, one copy of the data.
//! * `ArrayView<'de, T, D>`: borrowed from the out-of-band buffer (or the
//!   payload, in-band) without a copy. A buffer that is not aligned for `T` is an error.
//! * `CowArray<'de, T, D>`: borrowed when aligned, copied otherwise.
//!
//! Every mismatch is an [`Error::NdArray`] naming what was expected and what was found: element
//! type, rank (a fixed `D` must match; `IxDyn` takes any rank up to 64), a shape whose element
//! count overflows or whose size is not the data's size. The shape is checked against the data
//! before anything is allocated. Owned arrays and views also read a 1-D dense `*_ARRAY` body of
//! the same element type (what pyfory writes for a 1-D numpy array without `fory_ndarray`).
//!
//! ```
//! # #[cfg(feature = "ndarray")] {
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
//! # }
//! # Ok::<(), fory::Error>(())
//! ```

use std::sync::OnceLock;

#[cfg(feature = "ndarray")]
mod typed;

/// The `half` crate, for [`half::f16`] elements.
pub use ::half;
/// The `ndarray` crate this module implements the traits for (0.16), for version-matched use.
#[cfg(feature = "ndarray")]
pub use ::ndarray as nd;
#[cfg(feature = "ndarray")]
pub use typed::Element;

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::meta_string::{self, MetaString};
use crate::serializer::TypeInfo;
use crate::type_def::{TypeDef, TypeDefKind, TypeIdent};
use crate::types;

/// The namespace of the `fory.ndarray` extension type.
pub const NAMESPACE: &str = "fory";
/// The type name of the `fory.ndarray` extension type.
pub const TYPE_NAME: &str = "ndarray";
/// The largest rank read or written (numpy 2's `NPY_MAXDIMS`).
pub const MAX_NDIM: usize = 64;

/// The name of an element type id, for error messages.
pub(crate) fn elem_name(id: u32) -> Option<&'static str> {
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
pub(crate) fn write_ext_type_info(ctx: &mut WriteContext<'_, '_>) {
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
pub(crate) fn is_ndarray_ident(info: &TypeInfo) -> bool {
    let w = wire_ident();
    // `fory.ndarray` is not a registered type, so its TypeDef is never a `local_def`.
    match (&info.def, &info.name) {
        (Some(def), _) => def.kind == TypeDefKind::Ext && def.ident == w.ident,
        (None, Some(name)) => name.0 == NAMESPACE && name.1 == TYPE_NAME,
        // Declared NAMED_EXT without a name: nothing to check.
        (None, None) => true,
    }
}

pub(crate) fn nd_error(at: usize, what: &'static str, expected: String, found: String) -> Error {
    Error::NdArray {
        at,
        what,
        expected,
        found,
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
