//! # fory
//!
//! The [Apache Fory](https://fory.apache.org) cross-language (xlang) wire format for Rust,
//! byte-compatible with pyfory 1.7.7, including its pickle-protocol-5 style **out-of-band
//! buffers**: large byte and numeric buffers can leave the payload and travel separately
//! without being copied, and come back as borrowed views.
//!
//! ## What is public
//! [`Fory`] (built by [`ForyBuilder`], configured by [`Config`]) serializes and deserializes;
//! `#[derive(ForySerialize, ForyDeserialize)]` makes a struct or enum serializable, and
//! [`Serialize`] / [`Deserialize`] are the traits it implements (a hand-written impl delegates
//! to a field's impl, see [`Serialize`]). [`Value`] ([`value`]) holds any message without a
//! Rust type. [`oob`] has the out-of-band buffer types, [`ndarray`] the N-D arrays, [`frame`]
//! carries a payload and its buffers across a process edge, and [`schema`] describes declared
//! types. Everything else (the byte layer, the derive's runtime half) is private.
//!
//! ## Architecture
//! Layers, bottom up (`ARCHITECTURE.md` in the repository names the terms: room, run, head,
//! straight-line, plan, shadow), all private modules:
//! * wire bytes: `buffer` (varints, scalars), `string` (string bodies), `meta_string`
//!   (compact names), `type_def` (TypeDefs, pyfory's field order, schema hash), `types`
//!   (type ids, and which declared positions carry type info and ref flags);
//! * per-message state: [`WriteContext`] / [`ReadContext`] (`context`): back-references,
//!   ref ids, out-of-band buffers, and the limits the writer and the reader share;
//! * traits and impls: [`Serialize`] / [`Deserialize`] (`serializer`), the std types
//!   (`impls`), [`Value`], [`ndarray`], the out-of-band types ([`oob`]), timestamps, dates
//!   and durations ([`temporal`]), decimals ([`decimal`]);
//! * derive support: `structs` and `registry`, the runtime half of the generated code
//!   (reached through `__private`);
//! * entry points: [`Fory`] (`fory`): configuration, registration, `serialize` /
//!   `deserialize`; [`frame`]: payload and buffers across a process edge.
//!
//! ## Example
//! ```
//! use fory::{Fory, ForyDeserialize, ForySerialize};
//!
//! #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
//! #[fory(name = "demo.Frame")]
//! struct Frame {
//!     label: String,
//!     #[fory(out_of_band)]
//!     samples: Vec<f32>,
//! }
//!
//! let mut fory = Fory::default();
//! fory.register::<Frame>()?;
//! let frame = Frame { label: "mic".into(), samples: vec![0.5; 4096] };
//! let mut buffers = Vec::new();
//! let payload = fory.serialize_with(&frame, |b| buffers.push(b))?;
//! assert!(payload.len() < 64); // the samples travel beside the payload
//! let back: Frame = fory.deserialize_with_buffers(&payload, &buffers)?;
//! assert_eq!(back, frame);
//! # Ok::<(), fory::Error>(())
//! ```
#![warn(missing_docs)]

mod buffer;
mod config;
mod context;
pub mod decimal;
mod error;
mod fory;
pub mod frame;
pub(crate) mod hash;
mod impls;
mod meta_string;
pub mod ndarray;
pub mod oob;
mod registry;
mod resolver;
mod serializer;
mod string;
mod structs;
pub mod temporal;
mod type_def;
mod types;
pub mod value;

pub use crate::context::{ReadContext, RefFlag, WriteContext};
pub use crate::decimal::Decimal;
pub use crate::error::{Error, Result};
pub use crate::fory::{Config, Fory, ForyBuilder};
#[cfg(feature = "ndarray")]
pub use crate::ndarray::Element as NdElement;
pub use crate::oob::{AsBuffer, BufferObject, BufferRef, IntoPlacement, Placement, RawBuffer};
pub use crate::registry::Registered;
pub use crate::serializer::{Deserialize, Serialize, TypeInfo};
pub use crate::temporal::{Date, Duration, Timestamp};
pub use crate::value::Value;
pub use fory_derive::{ForyDeserialize, ForySerialize};

pub mod schema {
    //! The schema as the wire describes it: the declared type of a field ([`FieldType`]), a
    //! struct's fields ([`FieldDef`]), and the TypeDef a compatible-mode peer sends
    //! ([`TypeDef`]). [`Serialize::field_type`](crate::Serialize::field_type) returns a [`FieldType`]; a [`Value`](crate::Value) struct keeps
    //! the [`TypeDef`] it was read with, so that it writes back byte for byte.
    //!
    //! ```
    //! use fory::schema::FieldType;
    //! use fory::Serialize;
    //!
    //! // A `Vec<String>` field is declared as a LIST of STRING, not nullable, not tracked.
    //! let ty: FieldType = <Vec<String> as Serialize>::field_type();
    //! assert_eq!(ty.generics.len(), 1);
    //! assert!(!ty.nullable);
    //! ```

    pub use crate::type_def::{
        FieldDef, FieldId, FieldType, TypeDef, TypeDefKind, TypeIdent, UserType,
    };
}

/// What the derive macros expand to, and the byte layer beneath them (for tests and tools
/// that inspect bytes). Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::buffer::{Reader, Scratch, Writer};
    pub use crate::registry::{
        field_defs, DescriptorKind, FieldSpec, ReadPlan, ReadStep, Registered, TypeDescriptor,
    };
    pub use crate::serializer::field::{
        read_field, read_field_general, read_field_into, read_field_outlined, read_field_shared,
        read_field_straight, skip_field, write_field, write_field_general, write_field_outlined,
        write_field_shared, write_field_straight,
    };
    pub use crate::serializer::{read_typed_body, read_unshared_after_flag, Serialize};
    pub use crate::structs::field_attrs;
    pub use crate::structs::{
        accepts, no_variant_accepts, read_union_after_flag, read_union_case, read_union_field,
        read_union_unit, read_union_value, unknown_union_case, write_union_case, write_union_field,
        write_union_unit, ReadAnyCase, ReadStructCase, UnionCase, UnionCaseOf, WriteAnyCase,
        WriteScalarCase, WriteStrCase, WriteStructCase,
    };
    pub use crate::structs::{
        assert_out_of_band, ordinal_room, ordinal_tid, own_struct_type_info, put_ordinal,
        read_enum, read_small_after_flag, read_small_data, read_struct, read_struct_after_flag,
        read_struct_list, site, user_type_id, write_enum, write_small_body, write_small_typed,
        write_str_shared, write_struct, write_struct_declared, write_struct_slice,
        write_struct_typed, write_user_type_info, DirectScalar, DirectStr, DirectVec, Head,
        OutOfBandField, StructFields, StructRead,
    };
    pub use crate::type_def::{FieldDef, FieldId, FieldType, TypeDef, TypeIdent, UserType};
    /// Type ids and the rules on them.
    pub mod types {
        pub use crate::types::*;
    }
    /// TypeDefs, pyfory's field order and the schema hash.
    pub mod type_def {
        pub use crate::type_def::*;
    }
    /// Compact names.
    pub mod meta_string {
        pub use crate::meta_string::*;
    }
    /// String bodies.
    pub mod string {
        pub use crate::string::*;
    }
    pub use std::any::TypeId;
    pub use std::default::Default;
    pub use std::option::Option;
    pub use std::result::Result as StdResult;
    pub use std::string::String;
    pub use std::sync::atomic::AtomicU64;
    pub use std::sync::Arc;
    pub use std::vec::Vec;
}
