//! Per-message state: the writer or reader, plus the tables a message builds as it goes
//! (meta-string and TypeDef back-references, reference ids, out-of-band buffers, depth).
//!
//! * [`WriteContext`] (`write`): the writer and its tables (meta strings, TypeDefs, reference
//!   ids), the buffer callback, the limits it shares with the reader;
//! * [`ReadContext`] (`read`): the reader and its tables, the out-of-band buffers, the depth,
//!   element and copy budgets; `read/unshared`: buffer objects, and what values without
//!   identity keep for back-references.

mod read;
mod write;

pub use read::ReadContext;
pub(crate) use write::DefSlot;
pub use write::WriteContext;

pub(crate) const NULL_FLAG: u8 = 0xFD;
pub(crate) const REF_FLAG: u8 = 0xFE;
pub(crate) const NOT_NULL_FLAG: u8 = 0xFF;
pub(crate) const REF_VALUE_FLAG: u8 = 0x00;

/// Copies made for `fory::Value` back-references may total this many times the input size.
pub const MAX_COPY_FACTOR: usize = 64;
/// ... and at least this many bytes.
pub const MIN_COPY_BUDGET: usize = 1 << 20;

/// A ref/null flag as read from the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefFlag {
    /// `0xFD`: null.
    Null {
        /// Offset of the flag.
        at: usize,
    },
    /// `0xFE id`: a back-reference to an object read before.
    Ref {
        /// Offset of the flag.
        at: usize,
        /// The referenced object id.
        id: u32,
    },
    /// `0x00`: a new referenceable object, taking `slot` as its id.
    Value {
        /// The object's ref id.
        slot: u32,
    },
    /// `0xFF`: a non-null value that is not reference-tracked (also used where no flag is
    /// written at all).
    NotNull,
}
