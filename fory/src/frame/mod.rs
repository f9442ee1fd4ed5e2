//! Frames: one message (payload plus its out-of-band buffers) as one self-describing byte
//! range, for files, pipes, sockets and memory maps.
//!
//! A frame is a small header, the payload, then every buffer at a 64-byte-aligned offset from
//! the frame's start, so a reader that places the frame at a 64-byte-aligned address (an
//! [`mmap`](https://docs.rs/memmap2), or [`FrameBuf`]'s own allocation) borrows `&[T]` of any
//! Pod element type from it without a copy.
//!
//! ## Byte layout (version 1, all integers little-endian)
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | magic `89 46 52 4D` (`\x89FRM`) |
//! | 4 | 1 | version, `1` |
//! | 5 | 1 | flags: none defined in version 1; a reader rejects any set bit |
//! | 6 | 2 | reserved, zero |
//! | 8 | 4 | `n`, the number of buffers (u32) |
//! | 12 | 4 | reserved, zero |
//! | 16 | 8 | payload length (u64) |
//! | 24 | 8 | frame length (u64): every byte of the frame, padding included; a multiple of 64 |
//! | 32 | 8·n | each buffer's length (u64) |
//! | 32 + 8·n | payload length | the payload (what [`Fory::serialize_with`] returned) |
//! | | | zero padding to the next multiple of 64, then buffer 0, zero padding, buffer 1, … |
//! | | | zero padding after the last buffer (or the payload) up to the frame length |
//!
//! Every length is 64 bits, so messages and buffers over 4 GiB fit. A reader validates the
//! whole header before it trusts a length: magic, version, flags, reserved bytes, the buffer
//! count and the frame length against [`FrameLimits`] (before allocating anything), then the
//! sum of the aligned parts, computed with checked arithmetic, against the declared frame
//! length, and that every padding byte is zero. Any failure is
//! [`Error::Frame`](crate::Error::Frame) with the byte offset and a [`FrameFault`]; nothing
//! panics on bad input. Because the frame length is a multiple of 64, frames written one after
//! another each start 64-byte-aligned, and a file of frames can be mapped and read in place
//! ([`FrameIter`]).
//!
//! ## Writing and reading
//!
//! ```
//! use fory::frame::{FrameBuf, FrameLimits, FrameRef};
//! let fory = fory::Fory::default();
//! let samples: Vec<f64> = (0..1000).map(f64::from).collect();
//! let value = fory::RawBuffer(&samples[..]);
//!
//! // One vectored write: header, payload, padding and the value's own memory.
//! let mut wire = Vec::new();
//! fory.serialize_to_writer(&value, &mut wire)?;
//!
//! // From any `Read`: one 64-byte-aligned allocation, then borrowed views into it.
//! let frame = FrameBuf::read_from(&mut wire.as_slice(), &FrameLimits::default())?.unwrap();
//! let back: fory::RawBuffer<&[f64]> = frame.deserialize(&fory)?;
//! assert_eq!(back.0, &samples[..]);
//!
//! // In place, from bytes that are already in memory at a 64-byte-aligned address (a memory
//! // map, a receive buffer): no copy at all. `frame.as_bytes()` is such a buffer.
//! let (view, used) = FrameRef::parse(frame.as_bytes(), &FrameLimits::default())?;
//! assert_eq!(used, wire.len());
//! let back: fory::RawBuffer<&[f64]> = view.deserialize(&fory)?;
//! assert_eq!(back.0.as_ptr(), view.buffers()[0].as_ptr().cast());
//! # Ok::<(), fory::Error>(())
//! ```
//!
//! [`Fory::serialize_with`]: crate::Fory::serialize_with

mod aligned;
#[cfg(feature = "tokio")]
mod codec;
mod layout;
mod read;
#[cfg(feature = "tokio")]
mod tokio;
mod write;
#[cfg(feature = "zmq")]
pub mod zmq;

pub use layout::{frame_len, ALIGN, HEADER_LEN, MAGIC, VERSION};
pub use read::{FrameBuf, FrameIter, FrameReader, FrameRef};
pub use write::{write_all_vectored, write_frame};

#[cfg(feature = "tokio")]
pub use self::codec::FrameCodec;
#[cfg(feature = "tokio")]
pub use self::tokio::{read_frame_async, write_all_vectored_async, write_frame_async};

/// What is wrong with a frame (the `fault` of [`Error::Frame`](crate::Error::Frame)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameFault {
    /// The first four bytes are not [`MAGIC`].
    #[error("bad magic {found:02x?}, expected {MAGIC:02x?}")]
    BadMagic {
        /// The bytes found.
        found: [u8; 4],
    },
    /// A version this reader does not know.
    #[error("unsupported version {found} (this reader knows {VERSION})")]
    UnsupportedVersion {
        /// The version byte.
        found: u8,
    },
    /// Flag bits this version does not define.
    #[error("unknown flag bits {bits:#04x}")]
    UnknownFlags {
        /// The unknown bits.
        bits: u8,
    },
    /// A reserved header field or a padding byte is not zero.
    #[error("non-zero {what}")]
    NonZero {
        /// `"reserved field"` or `"padding"`.
        what: &'static str,
    },
    /// More buffers than [`FrameLimits::max_buffers`] (or than the platform can index).
    #[error("{count} buffers exceed the limit of {max}")]
    TooManyBuffers {
        /// The declared count.
        count: u64,
        /// The limit.
        max: u64,
    },
    /// A frame longer than [`FrameLimits::max_frame_len`] (or than the address space).
    #[error("frame length {len} exceeds the limit of {max}")]
    TooLarge {
        /// The declared length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// The declared lengths do not add up to the declared frame length.
    #[error("inconsistent lengths: {0}")]
    Inconsistent(&'static str),
    /// The input (or the stream) ended before the frame did.
    #[error("truncated: the frame needs {needed} bytes, only {available} arrived")]
    Truncated {
        /// Bytes the frame (or its header) needs.
        needed: u64,
        /// Bytes that were there.
        available: u64,
    },
    /// In-place input not at a 64-byte-aligned address (see [`FrameLimits::require_alignment`]).
    #[error("in-place input at an address {offset} bytes past a 64-byte boundary")]
    Misaligned {
        /// `address % 64`.
        offset: usize,
    },
    /// The allocation for a frame of this length failed.
    #[error("cannot allocate {len} bytes")]
    Alloc {
        /// The requested length.
        len: u64,
    },
    /// A multipart message with the wrong number of parts (the ZeroMQ form).
    #[error("expected {expected} parts, found {found}")]
    PartCount {
        /// Parts the payload's out-of-band buffers call for (1 + buffers), if known.
        expected: usize,
        /// Parts received.
        found: usize,
    },
}

/// Limits a frame reader checks before it allocates or trusts a length.
///
/// ```
/// let limits = fory::frame::FrameLimits { max_frame_len: 1 << 20, ..Default::default() };
/// assert_eq!(limits.max_buffers, 65_536);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameLimits {
    /// Longest frame accepted, in bytes. Default 4 GiB; raise it for larger messages (the
    /// format has 64-bit lengths).
    pub max_frame_len: u64,
    /// Most buffers accepted in one frame. Default 65 536.
    pub max_buffers: u32,
    /// Whether [`FrameRef::parse`] refuses input that is not at a 64-byte-aligned address
    /// (default `true`, as Arrow's `with_require_alignment`). When `false`, misaligned input is
    /// accepted and typed reads of its buffers (`&[f64]`, array views) fail with an alignment
    /// error while `Cow` fields copy; [`FrameBuf::copy_from_slice`] is the aligned alternative.
    pub require_alignment: bool,
}

impl Default for FrameLimits {
    fn default() -> Self {
        FrameLimits {
            max_frame_len: 1 << 32,
            max_buffers: 1 << 16,
            require_alignment: true,
        }
    }
}

pub(crate) fn fault(at: u64, fault: FrameFault) -> crate::Error {
    crate::Error::Frame { at, fault }
}

pub(crate) fn io_error(e: std::io::Error) -> crate::Error {
    crate::Error::Io {
        kind: e.kind(),
        message: e.to_string(),
    }
}

/// Moves the offset of a frame error by `base` bytes (frames read from the middle of a file
/// or stream report offsets from its start).
pub(crate) fn shift(e: crate::Error, base: u64) -> crate::Error {
    match e {
        crate::Error::Frame { at, fault } => crate::Error::Frame {
            at: at.saturating_add(base),
            fault,
        },
        other => other,
    }
}
