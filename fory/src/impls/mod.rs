//! `Serialize` / `Deserialize` for std and common types.

pub(crate) mod binary;
pub(crate) mod carrier;
pub(crate) mod list;
pub(crate) mod map;
pub(crate) mod pointer;
pub(crate) mod scalar;
pub(crate) mod text;
#[cfg(feature = "uuid")]
mod uuid;

use crate::error::Error;
use crate::type_def::FieldType;

/// A leaf field type.
#[inline]
pub(crate) fn leaf(type_id: u32) -> FieldType {
    FieldType {
        type_id,
        nullable: false,
        track_ref: false,
        generics: Vec::new(),
        user: None,
    }
}

/// The error for a wire type the target cannot read.
#[inline]
pub(crate) fn mismatch<T: ?Sized>(at: usize, found: u32) -> Error {
    Error::TypeMismatch {
        at,
        expected: std::any::type_name::<T>().into(),
        found,
    }
}
