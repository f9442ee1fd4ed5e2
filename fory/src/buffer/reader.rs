//! [`Reader`]: reads encoded values from a borrowed payload.

use crate::error::{Error, Result};

/// Reads encoded values from a borrowed payload, tracking the offset for error reports.
#[derive(Clone)]
pub struct Reader<'de> {
    /// The whole payload (for offsets).
    data: &'de [u8],
    /// Its unread tail: a read checks only this slice's length (the offset is derived), so a
    /// fixed-size read costs one comparison.
    rest: &'de [u8],
}

macro_rules! read_le {
    ($($name:ident: $t:ty),*) => {$(
        #[doc = concat!("Reads a little-endian `", stringify!($t), "`.")]
        #[inline]
        pub fn $name(&mut self) -> Result<$t> {
            let b = self.array::<{ std::mem::size_of::<$t>() }>()?;
            Ok(<$t>::from_le_bytes(b))
        }
    )*};
}

/// The unrolled steps of the varint readers, one per listed byte index `i` (1 and up): add
/// byte `i`'s bits at `7 * i`, subtract byte `i - 1`'s continuation bit (cheaper than masking
/// every byte), and return if byte `i` ends the varint.
macro_rules! varint_steps {
    ($self:ident, $v:ident, $b:ident; $($i:literal)*) => {$(
        $v = $v
            .wrapping_add($b[$i] << (7 * $i))
            .wrapping_sub(0x80 << (7 * ($i - 1)));
        if $b[$i] < 0x80 {
            $self.advance($i + 1);
            return Ok($v);
        }
    )*};
}

impl<'de> Reader<'de> {
    /// Starts reading `data` at offset 0.
    #[inline]
    pub fn new(data: &'de [u8]) -> Self {
        Reader { data, rest: data }
    }
    /// The current offset into the payload.
    #[inline]
    pub fn pos(&self) -> usize {
        self.data.len() - self.rest.len()
    }
    /// Bytes left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }
    /// Consumes `n` bytes already checked to be there.
    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.rest = &self.rest[n..];
    }
    #[inline]
    fn eof(&self, needed: usize) -> Error {
        Error::UnexpectedEof {
            at: self.pos(),
            needed,
            remaining: self.remaining(),
        }
    }
    /// Reads `n` bytes, borrowing them from the payload.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'de [u8]> {
        if n > self.remaining() {
            return Err(self.eof(n));
        }
        let (s, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(s)
    }
    /// Moves back to `pos`, a position this reader has already been at.
    #[inline]
    pub(crate) fn rewind_to(&mut self, pos: usize) {
        debug_assert!(pos <= self.pos());
        self.rest = &self.data[pos.min(self.pos())..];
    }
    /// Consumes `byte` followed by `rest` if the unread input begins with exactly those.
    #[inline]
    pub(crate) fn skip_if_next(&mut self, byte: u8, rest: &[u8]) -> bool {
        match self.rest.split_first() {
            Some((&b, tail)) if b == byte && tail.starts_with(rest) => {
                self.advance(1 + rest.len());
                true
            }
            _ => false,
        }
    }
    /// Consumes the next `n` bytes (1 to 8) if they are the low `n` bytes of `word`
    /// (little-endian). Compared as one word, so only with 8 bytes left.
    #[inline(always)]
    pub(crate) fn skip_if_word(&mut self, word: u64, n: usize) -> bool {
        debug_assert!((1..=8).contains(&n));
        let Some(next) = self.rest.first_chunk::<8>() else {
            return false;
        };
        let mask = u64::MAX >> (64 - 8 * n.clamp(1, 8));
        if u64::from_le_bytes(*next) & mask == word {
            self.advance(n.clamp(1, 8));
            true
        } else {
            false
        }
    }
    /// Whether the unread input begins with `prefix`.
    #[inline]
    pub fn starts_with(&self, prefix: &[u8]) -> bool {
        self.rest.starts_with(prefix)
    }
    /// Reads a fixed number of bytes.
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }
    /// Reads one byte.
    #[inline]
    pub fn u8(&mut self) -> Result<u8> {
        match self.rest.first() {
            Some(&b) => {
                self.advance(1);
                Ok(b)
            }
            None => Err(self.eof(1)),
        }
    }
    /// The next two bytes, not consumed (`None` with fewer left).
    #[inline]
    pub fn peek2(&self) -> Option<[u8; 2]> {
        self.rest.first_chunk::<2>().copied()
    }
    /// The next byte, not consumed (`None` at the end): [`Reader::peek_u8`] without an error
    /// to build or drop, for the checks that take another path when the byte is not there.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }
    /// Looks at the next byte without consuming it.
    #[inline]
    pub fn peek_u8(&self) -> Result<u8> {
        self.rest.first().copied().ok_or_else(|| self.eof(1))
    }
    /// Moves past a byte already seen with [`Reader::peek_u8`].
    #[inline]
    pub(crate) fn skip_byte(&mut self) {
        debug_assert!(!self.rest.is_empty());
        self.rest = self.rest.get(1..).unwrap_or_default();
    }
    /// Reads one signed byte.
    #[inline]
    pub fn i8(&mut self) -> Result<i8> {
        Ok(self.u8()? as i8)
    }
    read_le!(u16: u16, u32: u32, u64: u64, i16: i16, i32: i32, i64: i64, f32: f32, f64: f64);

    /// Reads an unsigned LEB128 varint of at most 5 bytes.
    #[inline(always)]
    pub fn varuint32(&mut self) -> Result<u32> {
        if let Some(w) = self.rest.first_chunk::<5>() {
            // Unrolled, one byte per step (`varint_steps!`). A field's varints mostly keep their
            // width, so the branches predict well; the wrapping arithmetic is exact because the
            // result is below 2^32 whenever it is returned.
            let b = w.map(u32::from);
            let mut v = b[0];
            if v < 0x80 {
                self.advance(1);
                return Ok(v);
            }
            varint_steps!(self, v, b; 1 2 3);
            // A fifth byte may carry only the top 4 bits (else the slow path reports it).
            if b[4] <= 0x0f {
                self.advance(5);
                return Ok(v.wrapping_add(b[4] << 28).wrapping_sub(0x80 << 21));
            }
        } else if let Some(v) = self.short_varint() {
            return Ok(v);
        }
        self.varuint32_slow()
    }

    /// The commonest varints (lengths, headers, small values): one or two bytes, consumed,
    /// checking each byte's presence (so it also serves the last bytes of the input).
    #[inline(always)]
    fn short_varint(&mut self) -> Option<u32> {
        let b0 = *self.rest.first()?;
        if b0 < 0x80 {
            self.advance(1);
            return Some(b0 as u32);
        }
        let b1 = *self.rest.get(1)?;
        if b1 < 0x80 {
            self.advance(2);
            return Some((b0 & 0x7f) as u32 | (b1 as u32) << 7);
        }
        None
    }

    /// `varuint32` one byte at a time, with the 5-byte overflow check: the fallback where fewer
    /// than 5 bytes are left (a message's last field) or the fifth byte overflows. It indexes
    /// the rest of the input directly rather than building a `Result` per byte.
    #[cold]
    fn varuint32_slow(&mut self) -> Result<u32> {
        let start = self.pos();
        let rest = self.rest;
        let mut result: u32 = 0;
        for i in 0..5 {
            let Some(&b) = rest.get(i) else {
                return Err(Error::UnexpectedEof {
                    at: start,
                    needed: i + 1,
                    remaining: i,
                });
            };
            if i == 4 && b > 0x0f {
                return Err(Error::BadVarint { at: start });
            }
            result |= u32::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.advance(i + 1);
                return Ok(result);
            }
        }
        unreachable!("the fifth byte either ends the varint or fails the 0x0f check")
    }

    /// Reads a zigzag-encoded 32-bit varint.
    #[inline]
    pub fn varint32(&mut self) -> Result<i32> {
        let v = self.varuint32()?;
        Ok(((v >> 1) as i32) ^ -((v & 1) as i32))
    }

    /// Reads a 64-bit varint (at most 9 bytes; the 9th carries 8 raw bits).
    #[inline(always)]
    pub fn varuint64(&mut self) -> Result<u64> {
        if let Some(w) = self.rest.first_chunk::<9>() {
            // As in `varuint32`.
            let b = w.map(u64::from);
            let mut v = b[0];
            if v < 0x80 {
                self.advance(1);
                return Ok(v);
            }
            varint_steps!(self, v, b; 1 2 3 4 5 6 7);
            // The ninth byte carries the top 8 bits raw.
            self.advance(9);
            return Ok(v.wrapping_add(b[8] << 56).wrapping_sub(0x80 << 49));
        } else if let Some(v) = self.short_varint() {
            return Ok(v as u64);
        }
        self.varuint64_slow()
    }

    /// `varuint64` one byte at a time (fewer than 9 bytes left), as `varuint32_slow`.
    #[cold]
    fn varuint64_slow(&mut self) -> Result<u64> {
        let start = self.pos();
        let rest = self.rest;
        let mut result: u64 = 0;
        for i in 0..9 {
            let Some(&b) = rest.get(i) else {
                return Err(Error::UnexpectedEof {
                    at: start,
                    needed: i + 1,
                    remaining: i,
                });
            };
            if i == 8 {
                self.advance(9);
                return Ok(result | (u64::from(b) << 56));
            }
            result |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.advance(i + 1);
                return Ok(result);
            }
        }
        unreachable!("the ninth byte always ends the varint")
    }

    /// Reads a zigzag-encoded 64-bit varint.
    #[inline]
    pub fn varint64(&mut self) -> Result<i64> {
        let v = self.varuint64()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// Reads TAGGED_INT64.
    #[inline]
    pub fn tagged_i64(&mut self) -> Result<i64> {
        let first = self.peek_u8()?;
        if first & 1 == 0 {
            Ok((self.i32()? >> 1) as i64)
        } else {
            self.advance(1);
            self.i64()
        }
    }

    /// Reads TAGGED_UINT64.
    #[inline]
    pub fn tagged_u64(&mut self) -> Result<u64> {
        let first = self.peek_u8()?;
        if first & 1 == 0 {
            Ok((self.u32()? >> 1) as u64)
        } else {
            self.advance(1);
            self.u64()
        }
    }

    /// Reads a length prefix (varuint32) and checks that `len * unit` bytes remain.
    ///
    /// Every length that decides an allocation goes through here, so a short message can never
    /// make the reader reserve more memory than the message itself could fill.
    #[inline(always)]
    pub fn length(&mut self, unit: usize) -> Result<usize> {
        let at = self.pos();
        // Lengths below 16 Ki (one or two bytes) inline; longer ones out of line.
        let len = match self.short_varint() {
            Some(len) => len as usize,
            None => self.varuint32_out_of_line()? as usize,
        };
        if len.saturating_mul(unit.max(1)) > self.remaining() {
            return Err(self.length_overflow(at, len));
        }
        Ok(len)
    }

    #[inline(never)]
    fn varuint32_out_of_line(&mut self) -> Result<u32> {
        self.varuint32()
    }

    #[cold]
    #[inline(never)]
    fn length_overflow(&self, at: usize, len: usize) -> Error {
        Error::LengthOverflow {
            at,
            len: len as u64,
            remaining: self.remaining(),
        }
    }
}
