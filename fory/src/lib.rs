//! fory: the Apache Fory xlang wire format for Rust, with out-of-band buffers.
#![warn(missing_docs)]

pub mod buffer;
pub mod error;
pub(crate) mod hash;
pub mod meta_string;
pub mod string;
pub mod type_def;
pub mod types;

pub use error::{Error, Result};
