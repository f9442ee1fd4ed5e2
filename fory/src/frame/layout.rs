//! The frame header: encoding, and the validation a reader does before trusting a length.

use super::{fault, FrameFault, FrameLimits};
use crate::Result;

/// The four bytes every frame starts with.
pub const MAGIC: [u8; 4] = [0x89, b'F', b'R', b'M'];
/// The frame format version this crate writes and reads.
pub const VERSION: u8 = 1;
/// Alignment of every buffer's offset from the frame start, and of the frame length.
pub const ALIGN: u64 = 64;
/// Length of the fixed part of the header (before the buffer lengths).
pub const HEADER_LEN: usize = 32;

/// Rounds `n` up to a multiple of [`ALIGN`], or `None` on overflow.
#[inline]
pub(crate) fn align_up(n: u64) -> Option<u64> {
    n.checked_add(ALIGN - 1).map(|v| v & !(ALIGN - 1))
}

/// The length of the frame that holds a payload of `payload_len` bytes and buffers of
/// `buffer_lens` bytes, or `None` if it overflows `u64`.
///
/// ```
/// // 32-byte header + 8 per buffer + payload, padded to 64, then each buffer padded to 64.
/// assert_eq!(fory::frame::frame_len(10, [100u64]), Some(64 + 128));
/// assert_eq!(fory::frame::frame_len(0, [0u64; 0]), Some(64));
/// ```
pub fn frame_len(payload_len: u64, buffer_lens: impl IntoIterator<Item = u64>) -> Option<u64> {
    let mut count = 0u64;
    // Offset past the last buffer, from the first (64-aligned) offset after the payload.
    let mut pos = 0u64;
    for len in buffer_lens {
        count += 1;
        pos = align_up(pos)?.checked_add(len)?;
    }
    let head = (HEADER_LEN as u64)
        .checked_add(count.checked_mul(8)?)?
        .checked_add(payload_len)?;
    // Buffers start at the first aligned offset after the payload.
    align_up(align_up(head)?.checked_add(pos)?)
}

/// The header bytes (fixed part and buffer lengths) of a frame; `None` if lengths overflow.
pub(crate) fn encode_header(payload_len: u64, buffer_lens: &[u64]) -> Option<(Vec<u8>, u64)> {
    let total = frame_len(payload_len, buffer_lens.iter().copied())?;
    let count = u32::try_from(buffer_lens.len()).ok()?;
    let mut h = Vec::with_capacity(HEADER_LEN + 8 * buffer_lens.len());
    h.extend_from_slice(&MAGIC);
    h.push(VERSION);
    h.push(0); // flags
    h.extend_from_slice(&[0, 0]); // reserved
    h.extend_from_slice(&count.to_le_bytes());
    h.extend_from_slice(&[0, 0, 0, 0]); // reserved
    h.extend_from_slice(&payload_len.to_le_bytes());
    h.extend_from_slice(&total.to_le_bytes());
    for len in buffer_lens {
        h.extend_from_slice(&len.to_le_bytes());
    }
    Some((h, total))
}

/// What the fixed part of a header declares, checked against the limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed {
    pub count: usize,
    pub payload_len: u64,
    pub frame_len: u64,
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Validates the fixed part of a header (its first [`HEADER_LEN`] bytes). Everything a reader
/// needs before it allocates is checked here: the frame length against the limit and against
/// the least that the declared count and payload need.
pub(crate) fn parse_fixed(h: &[u8; HEADER_LEN], limits: &FrameLimits) -> Result<Fixed> {
    if h[0..4] != MAGIC {
        return Err(fault(
            0,
            FrameFault::BadMagic {
                found: [h[0], h[1], h[2], h[3]],
            },
        ));
    }
    if h[4] != VERSION {
        return Err(fault(4, FrameFault::UnsupportedVersion { found: h[4] }));
    }
    if h[5] != 0 {
        return Err(fault(5, FrameFault::UnknownFlags { bits: h[5] }));
    }
    if h[6..8] != [0, 0] {
        return Err(fault(6, reserved()));
    }
    if h[12..16] != [0, 0, 0, 0] {
        return Err(fault(12, reserved()));
    }
    let count = u32::from_le_bytes([h[8], h[9], h[10], h[11]]);
    if count > limits.max_buffers {
        return Err(fault(
            8,
            FrameFault::TooManyBuffers {
                count: count.into(),
                max: limits.max_buffers.into(),
            },
        ));
    }
    let payload_len = u64_at(h, 16);
    let frame_len = u64_at(h, 24);
    if frame_len > limits.max_frame_len {
        return Err(fault(
            24,
            FrameFault::TooLarge {
                len: frame_len,
                max: limits.max_frame_len,
            },
        ));
    }
    if frame_len > isize::MAX as u64 {
        return Err(fault(
            24,
            FrameFault::TooLarge {
                len: frame_len,
                max: isize::MAX as u64,
            },
        ));
    }
    if frame_len % ALIGN != 0 {
        return Err(fault(
            24,
            FrameFault::Inconsistent("frame length is not a multiple of 64"),
        ));
    }
    // The header and payload alone, aligned, must fit; checked before any buffer length is read.
    let least = (HEADER_LEN as u64 + 8 * u64::from(count))
        .checked_add(payload_len)
        .and_then(align_up);
    if least.is_none_or(|least| least > frame_len) {
        return Err(fault(
            16,
            FrameFault::Inconsistent("header and payload exceed the frame length"),
        ));
    }
    Ok(Fixed {
        count: count as usize,
        payload_len,
        frame_len,
    })
}

fn reserved() -> FrameFault {
    FrameFault::NonZero {
        what: "reserved field",
    }
}

/// Validates a whole frame (`frame.len() == fixed.frame_len`, header included) and reports the
/// payload's and each buffer's byte range through `part` (payload first).
pub(crate) fn validate(
    frame: &[u8],
    fixed: &Fixed,
    mut part: impl FnMut(std::ops::Range<usize>),
) -> Result<()> {
    debug_assert_eq!(frame.len() as u64, fixed.frame_len);
    let end = frame.len();
    let lens_at = HEADER_LEN;
    let payload_at = lens_at + 8 * fixed.count;
    // parse_fixed checked that header + payload fit in the frame.
    let payload_end = payload_at + fixed.payload_len as usize;
    part(payload_at..payload_end);
    let mut pos = payload_end;
    for i in 0..fixed.count {
        let len_at = lens_at + 8 * i;
        let len = u64_at(frame, len_at);
        let start = align_up(pos as u64).filter(|&s| s <= end as u64);
        let stop = start
            .and_then(|s| s.checked_add(len))
            .filter(|&e| e <= end as u64);
        let (Some(start), Some(stop)) = (start, stop) else {
            return Err(fault(
                len_at as u64,
                FrameFault::Inconsistent("a buffer extends past the frame length"),
            ));
        };
        let (start, stop) = (start as usize, stop as usize);
        zero_padding(frame, pos, start)?;
        part(start..stop);
        pos = stop;
    }
    let padded = align_up(pos as u64).unwrap_or(u64::MAX);
    if padded != end as u64 {
        return Err(fault(
            24,
            FrameFault::Inconsistent("the parts do not add up to the frame length"),
        ));
    }
    zero_padding(frame, pos, end)
}

fn zero_padding(frame: &[u8], from: usize, to: usize) -> Result<()> {
    match frame[from..to].iter().position(|&b| b != 0) {
        None => Ok(()),
        Some(i) => Err(fault(
            (from + i) as u64,
            FrameFault::NonZero { what: "padding" },
        )),
    }
}
