//! Byte-level reading and writing: little-endian scalars and Fory's variable-length integers.
//!
//! Varints follow pyfory 1.7.7: `varuint32` is LEB128 (at most 5 bytes); `varuint64` uses 7 bits
//! per byte for the first 8 bytes and a raw 9th byte for the last 8 bits, so any `u64` fits in 9
//! bytes. Signed varints are zigzag-encoded first.
//!
//! * [`Writer`] (`writer`): appends to a caller-owned `Vec<u8>` with its growth policy, and
//!   [`Scratch`], the room a run of fields is written into; the string write path is in
//!   [`crate::string`], next to the read path;
//! * [`Reader`] (`reader`): reads from a borrowed payload, tracking offsets for errors.

mod reader;
#[cfg(test)]
mod tests;
mod writer;

pub use crate::string::{SHORT_STR_ROOM, SMALL_BYTES};
pub use reader::Reader;
pub use writer::{Scratch, Writer};

/// The LEB128 bytes of `v` (below 2^56) packed little-endian into one word, and their count.
///
/// Building the bytes in a register and storing the word at once avoids writing a stack buffer
/// byte by byte and reading it back, which stalls on store forwarding.
#[inline(always)]
pub(crate) fn spread_7bit(v: u64) -> (u64, usize) {
    debug_assert!(v < 1 << 56);
    // Spread the 56 bits into 8 groups of 7, one per byte, halving the group size each step.
    let x = (v & 0x0fff_ffff) | ((v & 0x00ff_ffff_f000_0000) << 4);
    let x = (x & 0x0000_3fff_0000_3fff) | ((x & 0x0fff_c000_0fff_c000) << 2);
    let word = (x & 0x007f_007f_007f_007f) | ((x & 0x3f80_3f80_3f80_3f80) << 1);
    let bits = 64 - (v | 1).leading_zeros() as usize;
    let n = bits.div_ceil(7);
    // Continuation bit on every byte but the last.
    let continued = 0x8080_8080_8080_8080u64 & ((1u64 << (8 * (n - 1))) - 1);
    (word | continued, n)
}
