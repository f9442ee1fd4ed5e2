//! # fory
//!
//! The [Apache Fory](https://fory.apache.org) cross-language (xlang) wire format for Rust,
//! byte-compatible with pyfory 1.7.7, including its pickle-protocol-5 style **out-of-band
//! buffers**: large byte and numeric buffers can leave the payload and travel separately
//! without being copied, and come back as borrowed views.
//!
//! ## Architecture
//! Layers, bottom up (`ARCHITECTURE.md` in the repository names the terms: room, run, head,
//! straight-line, plan, shadow):
//! * wire bytes: [`buffer`] (varints, scalars), [`string`] (string bodies), [`meta_string`]
//!   (compact names), [`type_def`] (TypeDefs, pyfory's field order, schema hash), [`types`]
//!   (type ids, and which declared positions carry type info and ref flags);
//! * per-message state: [`WriteContext`] / [`ReadContext`] ([`context`]): back-references,
//!   ref ids, out-of-band buffers, and the limits the writer and the reader share;
//! * traits and impls: [`Serialize`] / [`Deserialize`] ([`serializer`]), the std types
//!   (`impls`), [`Value`] ([`value`]), [`ndarray`], the out-of-band types ([`oob`]),
//!   timestamps, dates and durations ([`temporal`]), decimals ([`decimal`]);
//! * derive support: `structs` and `registry`, the runtime half of the generated code
//!   (reached through `__private`);
//! * entry points: [`Fory`] ([`mod@fory`]): configuration, registration, `serialize` /
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

pub mod buffer;
pub mod context;
pub mod decimal;
pub mod error;
pub mod fory;
pub mod frame;
pub(crate) mod hash;
mod impls;
pub mod meta_string;
pub mod ndarray;
pub mod oob;
mod registry;
pub mod serializer;
pub mod string;
mod structs;
pub mod temporal;
pub mod type_def;
pub mod types;
pub mod value;

pub use crate::context::{ReadContext, RefFlag, WriteContext};
pub use crate::decimal::Decimal;
pub use crate::error::{Error, Result};
pub use crate::fory::{Config, Fory, ForyBuilder};
pub use crate::ndarray::Element as NdElement;
pub use crate::oob::{AsBuffer, BufferObject, BufferRef, IntoPlacement, Placement, RawBuffer};
pub use crate::registry::Registered;
pub use crate::serializer::{Deserialize, Serialize, TypeInfo};
pub use crate::temporal::{Date, Duration, Timestamp};
pub use crate::value::Value;
pub use fory_derive::{ForyDeserialize, ForySerialize};

/// What the derive macros expand to. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::buffer::Scratch;
    pub use crate::registry::{DescriptorKind, ReadPlan, ReadStep, Registered, TypeDescriptor};
    pub use crate::serializer::field::{
        read_field, read_field_general, read_field_outlined, skip_field, write_field,
        write_field_general, write_field_outlined,
    };
    pub use crate::serializer::Serialize;
    pub use crate::structs::field_attrs;
    pub use crate::structs::{
        assert_out_of_band, ordinal_room, ordinal_tid, own_struct_type_info, put_ordinal,
        read_enum, read_struct, read_struct_after_flag, read_struct_list, user_type_id, write_enum,
        write_struct, write_struct_declared, write_struct_slice, write_struct_typed,
        write_user_type_info, DirectScalar, DirectStr, DirectVec, Head, OutOfBandField,
        StructFields, StructRead,
    };
    pub use crate::type_def::{FieldDef, FieldId, FieldType, TypeIdent, UserType};
    pub use crate::types;
    pub use std::any::TypeId;
    pub use std::default::Default;
    pub use std::option::Option;
    pub use std::result::Result as StdResult;
    pub use std::string::String;
    pub use std::sync::atomic::AtomicU64;
    pub use std::sync::Arc;
    pub use std::vec::Vec;
}
