//! The one error type of the crate.
//!
//! Decoding errors carry the byte offset into the payload where the problem was found, so a
//! corrupt message can be diagnosed from the error alone.

use std::borrow::Cow;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while serializing or deserializing.
///
/// Offsets (`at`) are byte positions in the payload passed to `deserialize`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ended before a value was complete.
    #[error(
        "unexpected end of input at byte {at}: needed {needed} more byte(s), {remaining} left"
    )]
    UnexpectedEof {
        /// Where the read started.
        at: usize,
        /// How many bytes the read needed.
        needed: usize,
        /// How many bytes were left.
        remaining: usize,
    },
    /// A variable-length integer was malformed (too long or overflowing its width).
    #[error("malformed varint at byte {at}")]
    BadVarint {
        /// Where the varint started.
        at: usize,
    },
    /// A length prefix claims more data than the input holds.
    #[error("length {len} at byte {at} exceeds the {remaining} byte(s) left")]
    LengthOverflow {
        /// Where the length prefix was read.
        at: usize,
        /// The claimed length (in bytes or elements).
        len: u64,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// The root header bitmap has bits this implementation does not know.
    #[error("unknown header bits {bits:#04x} at byte 0")]
    UnknownHeaderBits {
        /// The offending bits.
        bits: u8,
    },
    /// The xlang bit of the header does not match this reader's mode.
    #[error("header xlang bit is {found}, but this reader only speaks xlang")]
    XlangMismatch {
        /// The value of the bit in the message.
        found: bool,
    },
    /// A ref/null flag byte had an invalid value.
    #[error("invalid ref flag {flag:#04x} at byte {at}")]
    BadRefFlag {
        /// Where the flag was read.
        at: usize,
        /// The flag byte.
        flag: u8,
    },
    /// A null was found where the target type cannot hold one.
    #[error("unexpected null at byte {at} for non-optional {expected}")]
    UnexpectedNull {
        /// Where the null flag was read.
        at: usize,
        /// The type being read.
        expected: &'static str,
    },
    /// A reference flag points to an object that was never read.
    #[error("reference id {id} at byte {at} is out of range ({count} object(s) seen)")]
    BadRefId {
        /// Where the reference was read.
        at: usize,
        /// The reference id.
        id: u64,
        /// How many referenceable objects had been read.
        count: usize,
    },
    /// The wire type does not match what the target type can read.
    #[error("type mismatch at byte {at}: expected {expected}, found type id {found}")]
    TypeMismatch {
        /// Where the type id was read.
        at: usize,
        /// What the reader wanted.
        expected: Cow<'static, str>,
        /// The wire type id.
        found: u32,
    },
    /// A type id that this implementation does not know.
    #[error("unknown type id {id} at byte {at}")]
    UnknownTypeId {
        /// Where the type id was read.
        at: usize,
        /// The id.
        id: u32,
    },
    /// A user type (by id or name) that was not registered with this `Fory`.
    #[error("type {name} is not registered")]
    UnregisteredType {
        /// The type's id or `namespace.name`.
        name: String,
    },
    /// A type was registered twice, or two types claim one id or name.
    #[error("registration conflict: {0}")]
    Registration(String),
    /// A string's bytes are not valid in their declared encoding.
    #[error("invalid {encoding} string data at byte {at}")]
    BadString {
        /// Where the string data starts.
        at: usize,
        /// The declared encoding.
        encoding: &'static str,
    },
    /// A meta string (type or field name) could not be decoded.
    #[error("invalid meta string at byte {at}: {reason}")]
    BadMetaString {
        /// Where the meta string starts.
        at: usize,
        /// What was wrong.
        reason: &'static str,
    },
    /// A back-reference into the per-message meta-string or TypeDef table is out of range.
    #[error("{table} back-reference {index} at byte {at} is out of range ({count} known)")]
    BadBackReference {
        /// Where the reference was read.
        at: usize,
        /// Which table.
        table: &'static str,
        /// The index.
        index: u64,
        /// Entries in the table.
        count: usize,
    },
    /// A TypeDef in the message is malformed.
    #[error("invalid type definition at byte {at}: {reason}")]
    BadTypeDef {
        /// Where the TypeDef starts.
        at: usize,
        /// What was wrong.
        reason: Cow<'static, str>,
    },
    /// The schema hash of a struct (compatible=false) does not match the local definition.
    #[error("schema hash mismatch for {type_name} at byte {at}: local {expected:#010x}, message {found:#010x}")]
    SchemaHashMismatch {
        /// Where the hash was read.
        at: usize,
        /// The struct's name.
        type_name: &'static str,
        /// The local hash.
        expected: u32,
        /// The hash in the message.
        found: u32,
    },
    /// A value does not fit the target type (integer overflow, unknown enum ordinal, ...).
    #[error("value at byte {at} out of range for {target}")]
    OutOfRange {
        /// Where the value was read.
        at: usize,
        /// The target type.
        target: &'static str,
    },
    /// A union case id the local enum does not have and no `#[fory(other)]` variant to keep
    /// it in (a peer with more variants).
    #[error("unknown case id {case_id} of union {union} at byte {at}")]
    UnknownUnionCase {
        /// Where the case id was read.
        at: usize,
        /// The union (the Rust enum).
        union: &'static str,
        /// The case id on the wire.
        case_id: u32,
    },
    /// Nesting went deeper than the configured limit.
    #[error("nesting deeper than {limit} at byte {at}")]
    DepthLimit {
        /// Where the limit was hit.
        at: usize,
        /// The configured limit.
        limit: u32,
    },
    /// Any other malformed input.
    #[error("invalid data at byte {at}: {reason}")]
    Invalid {
        /// Where the problem was found.
        at: usize,
        /// What was wrong.
        reason: Cow<'static, str>,
    },
    /// A value cannot be serialized (for example, a map key type the wire cannot carry).
    #[error("cannot serialize: {0}")]
    Unsupported(Cow<'static, str>),
    /// Out-of-band buffer protocol problem (missing, surplus, or misfit buffers).
    #[error("out-of-band: {0}")]
    OutOfBand(Cow<'static, str>),
    /// An N-D array (`fory.ndarray`) does not fit the target type or its own data: wrong
    /// element type or rank, a shape that overflows or disagrees with the data size, or a
    /// buffer that cannot be borrowed (misaligned).
    #[error("N-D array at byte {at}: {what}: expected {expected}, found {found}")]
    NdArray {
        /// Where the array header (or its data) was read.
        at: usize,
        /// What did not match: `"element type"`, `"rank"`, `"shape"`, `"data size"`,
        /// `"alignment"`.
        what: &'static str,
        /// What the target type or the shape requires.
        expected: String,
        /// What the message holds.
        found: String,
    },
    /// A frame ([`fory::frame`](crate::frame)) is malformed, exceeds a configured limit, or
    /// ended early. `at` is the byte offset from the start of the frame (or of the stream).
    #[error("frame at byte {at}: {fault}")]
    Frame {
        /// Where the problem was found, in bytes from the frame's (or message's) start.
        at: u64,
        /// What was wrong.
        fault: crate::frame::FrameFault,
    },
    /// The transport under a frame reader or writer failed (other than ending mid-frame,
    /// which is [`Error::Frame`] with [`FrameFault::Truncated`](crate::frame::FrameFault)).
    #[error("I/O error ({kind:?}): {message}")]
    Io {
        /// The `std::io::ErrorKind`.
        kind: std::io::ErrorKind,
        /// The error's text.
        message: String,
    },
}

impl Error {
    pub(crate) fn invalid(at: usize, reason: impl Into<Cow<'static, str>>) -> Self {
        Error::Invalid {
            at,
            reason: reason.into(),
        }
    }
}
