//! What the derive's field attributes do to a declared type (`nullable`, `ref`, `encoding`,
//! `list`, `out_of_band`), and the marker trait that checks `out_of_band` fields at compile time.

use super::*;

/// Field-attribute adjustments of a declared type, used by the derive.
pub mod field_attrs {
    use super::*;

    /// `#[fory(nullable)]`: a null flag precedes the value.
    pub fn nullable(mut ty: FieldType) -> FieldType {
        ty.nullable = true;
        ty
    }

    /// `#[fory(ref)]`: a ref flag precedes the value, so shared `Rc`/`Arc` values are written
    /// once when ref tracking is on.
    pub fn tracked(mut ty: FieldType) -> FieldType {
        ty.track_ref = true;
        ty
    }

    /// `#[fory(encoding = "...")]` on an integer field: `"varint"`, `"fixed"` or `"tagged"`.
    /// Returns `None` for an encoding the type does not have.
    pub fn with_encoding(mut ty: FieldType, encoding: &str) -> Option<FieldType> {
        ty.type_id = match (ty.type_id, encoding) {
            (types::INT32 | types::VARINT32, "fixed") => types::INT32,
            (types::INT32 | types::VARINT32, "varint") => types::VARINT32,
            (types::INT64 | types::VARINT64 | types::TAGGED_INT64, "fixed") => types::INT64,
            (types::INT64 | types::VARINT64 | types::TAGGED_INT64, "varint") => types::VARINT64,
            (types::INT64 | types::VARINT64 | types::TAGGED_INT64, "tagged") => types::TAGGED_INT64,
            (types::UINT32 | types::VAR_UINT32, "fixed") => types::UINT32,
            (types::UINT32 | types::VAR_UINT32, "varint") => types::VAR_UINT32,
            (types::UINT64 | types::VAR_UINT64 | types::TAGGED_UINT64, "fixed") => types::UINT64,
            (types::UINT64 | types::VAR_UINT64 | types::TAGGED_UINT64, "varint") => {
                types::VAR_UINT64
            }
            (types::UINT64 | types::VAR_UINT64 | types::TAGGED_UINT64, "tagged") => {
                types::TAGGED_UINT64
            }
            _ => return None,
        };
        Some(ty)
    }

    /// `#[fory(list)]` on a numeric `Vec`: a LIST of scalars instead of a dense array (for
    /// peers that declare `List[int]`).
    pub fn as_list(ty: FieldType) -> Option<FieldType> {
        let elem = match ty.type_id {
            types::BOOL_ARRAY => types::BOOL,
            types::INT8_ARRAY => types::INT8,
            types::INT16_ARRAY => types::INT16,
            types::INT32_ARRAY => types::VARINT32,
            types::INT64_ARRAY => types::VARINT64,
            types::UINT8_ARRAY | types::BINARY => types::UINT8,
            types::UINT16_ARRAY => types::UINT16,
            types::UINT32_ARRAY => types::VAR_UINT32,
            types::UINT64_ARRAY => types::VAR_UINT64,
            types::FLOAT32_ARRAY => types::FLOAT32,
            types::FLOAT64_ARRAY => types::FLOAT64,
            types::LIST => return Some(ty),
            _ => return None,
        };
        Some(FieldType {
            type_id: types::LIST,
            nullable: ty.nullable,
            track_ref: ty.track_ref,
            generics: vec![crate::impls::leaf(elem)],
            user: None,
        })
    }

    /// `#[fory(out_of_band)]`: the field is a BINARY buffer object. A type declared UNKNOWN
    /// whose body already carries a buffer object (an N-D array, `fory.ndarray`) keeps its
    /// declaration: the attribute changes nothing on the wire for it.
    pub fn out_of_band(ty: FieldType) -> FieldType {
        if ty.type_id == types::UNKNOWN {
            return ty;
        }
        FieldType {
            type_id: types::BINARY,
            nullable: ty.nullable,
            track_ref: ty.track_ref,
            generics: Vec::new(),
            user: None,
        }
    }

    /// Applies an attribute adjustment that can fail, panicking with the field's name at
    /// registration time if the type cannot take it (the derive checks what it can at compile
    /// time; this catches the rest, such as `encoding` through a type alias).
    pub fn expect(ty: Option<FieldType>, rust_type: &str, field: &str, attr: &str) -> FieldType {
        ty.unwrap_or_else(|| {
            panic!("#[fory({attr})] does not apply to field `{field}` of type {rust_type}")
        })
    }
}

/// Types that `#[fory(out_of_band)]` accepts: contiguous runs of `bytemuck::Pod` elements.
#[diagnostic::on_unimplemented(
    message = "`#[fory(out_of_band)]` needs a contiguous slice of Pod elements, not `{Self}`",
    note = "use Vec<T>, Box<[T]>, &[T], Cow<[T]> (T: bytemuck::Pod) or bytes::Bytes"
)]
pub trait OutOfBandField {}

impl<T: bytemuck::Pod> OutOfBandField for Vec<T> {}
impl<T: bytemuck::Pod> OutOfBandField for Box<[T]> {}
impl<T: bytemuck::Pod> OutOfBandField for &[T] {}
impl<T: bytemuck::Pod> OutOfBandField for std::borrow::Cow<'_, [T]> {}
impl OutOfBandField for bytes::Bytes {}
impl<T: OutOfBandField> OutOfBandField for Option<T> {}

/// Compile-time check emitted by the derive for `#[fory(out_of_band)]` fields.
pub fn assert_out_of_band<T: OutOfBandField + ?Sized>() {}
