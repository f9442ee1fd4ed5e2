//! Unions (enums with data): the body is the case id, then the case value written as a full
//! xlang value (ref flag, type info, body), as pyfory 1.7.7's `UnionSerializer` writes it:
//!
//! ```text
//! | case_id: varuint32 | ref flag | case value type info | case value body |
//! ```
//!
//! A unit variant is its case id and a null flag (`0xFD`), as pyfory writes a case whose value
//! is `None`. The case value is one level of nesting for the depth limit, on both sides.

mod read;
mod write;

pub use read::*;
pub use write::*;

use super::*;
