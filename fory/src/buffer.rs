//! Byte-level reading and writing: little-endian scalars and Fory's variable-length integers.
//!
//! Varints follow pyfory 1.7.7: `varuint32` is LEB128 (at most 5 bytes); `varuint64` uses 7 bits
//! per byte for the first 8 bytes and a raw 9th byte for the last 8 bits, so any `u64` fits in 9
//! bytes. Signed varints are zigzag-encoded first.

use crate::error::{Error, Result};

/// Appends encoded values to a `Vec<u8>` that the caller owns (and may reuse).
///
/// The writer keeps its own end position, and the vector's length runs ahead of it: the bytes
/// past `pos` are *room*, initialized (zeros, or bytes a failed write left) and free to
/// overwrite. A write then only compares its size with the room left and stores; `Vec::push`
/// and friends would update the length and check the capacity at every field, and a run of
/// fields or a short string would have to fill and then truncate its worst-case room each
/// time. The room is filled once, in steps that grow with the message (so the fill costs at most
/// about as much again as the bytes written), and bulk data longer than the room is appended
/// straight from the source, never filled first. Dropping the writer cuts the vector back to
/// the bytes written.
pub struct Writer<'a> {
    buf: &'a mut Vec<u8>,
    /// End of the bytes written; `pos <= buf.len()` always.
    pos: usize,
}

/// The least room a refill provides: enough for the largest run of fields the derive batches
/// (three short strings and scalars), so that a small message's refill stays a constant fill.
const MIN_ROOM: usize = 256;
/// The most room a refill provides beyond the write that asked: a large message refills in
/// steps of this size, each a `memset` that costs little next to the bytes it makes room for.
const MAX_ROOM: usize = 4096;

impl Drop for Writer<'_> {
    #[inline]
    fn drop(&mut self) {
        self.buf.truncate(self.pos);
    }
}

impl<'a> Writer<'a> {
    /// Wraps `buf`, appending after whatever it already holds. When the writer is dropped,
    /// `buf` holds its old contents followed by everything written.
    #[inline]
    pub fn new(buf: &'a mut Vec<u8>) -> Self {
        let pos = buf.len();
        Writer { buf, pos }
    }
    /// Wraps `buf` to replace its contents: the old bytes are not kept but serve as room, so a
    /// vector reused for messages of similar size is rarely filled again.
    ///
    /// The old bytes alone would leave no room at the end of a message as long as the last
    /// one: its last run of fields, which asks for its worst case, would refill there (a cold
    /// call, a truncate and a fill, in every message). So the room is extended first by
    /// `MIN_ROOM` (or half as many) zeros when the vector's spare capacity holds them: no
    /// allocation, a few constant-size stores, and a vector that served as a writer's buffer
    /// before keeps that much spare from its last refill.
    #[inline]
    pub fn replacing(buf: &'a mut Vec<u8>) -> Self {
        let spare = buf.capacity() - buf.len();
        if spare >= MIN_ROOM {
            buf.extend_from_slice(&[0; MIN_ROOM]);
        } else if spare >= MIN_ROOM / 2 {
            buf.extend_from_slice(&[0; MIN_ROOM / 2]);
        } else if spare >= MIN_ROOM / 4 {
            buf.extend_from_slice(&[0; MIN_ROOM / 4]);
        }
        Writer { buf, pos: 0 }
    }
    /// Bytes written so far (including what the vector held before).
    #[inline]
    pub fn len(&self) -> usize {
        self.pos
    }
    /// Whether nothing has been written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }
    /// Makes room for `n` more bytes.
    #[inline]
    pub fn reserve(&mut self, n: usize) {
        if self.buf.len() - self.pos < n {
            self.refill(n);
        }
    }
    /// The bytes written so far.
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.pos]
    }
    /// Overwrites a byte already written (used to patch headers).
    #[inline]
    pub fn set_u8(&mut self, pos: usize, v: u8) {
        assert!(pos < self.pos, "set_u8 past the bytes written");
        self.buf[pos] = v;
    }

    /// Extends the room to at least `n` bytes: by [`MIN_ROOM`] in a small message, else (to
    /// amortize the fill) by about as much again as has been written, up to [`MAX_ROOM`].
    #[cold]
    #[inline(never)]
    fn refill(&mut self, n: usize) {
        self.buf.truncate(self.pos);
        if n <= MIN_ROOM && self.pos < MAX_ROOM {
            // A small message (or the end of one written again into the previous message's
            // vector, whose length is then just short of the last fields' worst case):
            // constant-size stores, no `memset` call; half as many for all but the largest
            // runs.
            if n <= MIN_ROOM / 2 {
                self.buf.extend_from_slice(&[0; MIN_ROOM / 2]);
            } else {
                self.buf.extend_from_slice(&[0; MIN_ROOM]);
            }
        } else {
            let room = n.max(self.pos.clamp(MIN_ROOM, MAX_ROOM));
            self.buf.resize(self.pos + room, 0);
        }
    }

    /// `N` bytes of room at the end position (nothing is counted as written).
    #[inline(always)]
    fn room<const N: usize>(&mut self) -> &mut [u8; N] {
        if self.buf.len() - self.pos < N {
            self.refill(N);
        }
        let pos = self.pos;
        (&mut self.buf[pos..pos + N]).try_into().expect("N bytes")
    }

    /// Writes a fixed-size array of bytes.
    #[inline(always)]
    fn array<const N: usize>(&mut self, v: [u8; N]) {
        *self.room::<N>() = v;
        self.pos += N;
    }

    /// Writes the low `n` bytes (at most 8) of `word`, little-endian, in one store.
    #[inline]
    pub(crate) fn word(&mut self, word: u64, n: usize) {
        debug_assert!(n <= 8);
        *self.room::<8>() = word.to_le_bytes();
        self.pos += n.min(8);
    }

    /// Writes one byte.
    #[inline]
    pub fn u8(&mut self, v: u8) {
        self.array([v]);
    }
    /// Writes one signed byte.
    #[inline]
    pub fn i8(&mut self, v: i8) {
        self.array([v as u8]);
    }
    /// Writes raw bytes.
    #[inline]
    pub fn bytes(&mut self, v: &[u8]) {
        let pos = self.pos;
        match self.buf.get_mut(pos..pos + v.len()) {
            Some(room) => {
                room.copy_from_slice(v);
                self.pos += v.len();
            }
            None => self.append(v),
        }
    }
    /// [`Writer::bytes`] past the room: appended to the vector directly (one copy, no fill).
    #[inline(never)]
    fn append(&mut self, v: &[u8]) {
        self.buf.truncate(self.pos);
        self.buf.extend_from_slice(v);
        self.pos = self.buf.len();
    }
    /// Writes a little-endian `u16`.
    #[inline]
    pub fn u16(&mut self, v: u16) {
        self.array(v.to_le_bytes());
    }
    /// Writes a little-endian `i16`.
    #[inline]
    pub fn i16(&mut self, v: i16) {
        self.u16(v as u16);
    }
    /// Writes a little-endian `u32`.
    #[inline]
    pub fn u32(&mut self, v: u32) {
        self.array(v.to_le_bytes());
    }
    /// Writes a little-endian `u64`.
    #[inline]
    pub fn u64(&mut self, v: u64) {
        self.array(v.to_le_bytes());
    }
    /// Writes a little-endian `f32`.
    #[inline]
    pub fn f32(&mut self, v: f32) {
        self.array(v.to_le_bytes());
    }
    /// Writes a little-endian `f64`.
    #[inline]
    pub fn f64(&mut self, v: f64) {
        self.array(v.to_le_bytes());
    }

    /// Writes an unsigned LEB128 varint of at most 5 bytes.
    #[inline]
    pub fn varuint32(&mut self, v: u32) {
        if v < 0x80 {
            self.u8(v as u8);
            return;
        }
        self.run::<16>(|s| s.varuint32(v));
    }

    /// Writes a string body: the header (byte length and encoding) and the bytes, as Latin-1
    /// when every byte is ASCII (the same bytes; what pyfory writes), else as UTF-8. A short
    /// string is checked while it is copied, with no separate scan and no `memcpy` call.
    #[inline]
    pub fn str_body(&mut self, s: &str, latin1: u64, utf8: u64) {
        let b = s.as_bytes();
        if b.len() <= SMALL_BYTES {
            self.short_str_body(b, latin1, utf8);
        } else {
            self.long_str_body(b, latin1, utf8);
        }
    }

    /// [`Writer::str_body`] past [`SMALL_BYTES`]: a scan, then a `memcpy`. Kept out of line so
    /// that the short path, inlined at every string field, stays small.
    #[inline(never)]
    fn long_str_body(&mut self, b: &[u8], latin1: u64, utf8: u64) {
        let encoding = if b.is_ascii() { latin1 } else { utf8 };
        self.varuint64(((b.len() as u64) << 2) | encoding);
        self.bytes(b);
    }

    /// [`Writer::str_body`] for at most [`SMALL_BYTES`] bytes: the header is then below 2^9,
    /// so one or two varint bytes, stored as one 2-byte word; the bytes are copied and checked
    /// for ASCII in one pass, and the encoding (the low 2 bits of the header, so of its first
    /// byte) patched to UTF-8 if a non-ASCII byte was seen.
    #[inline(always)]
    fn short_str_body(&mut self, b: &[u8], latin1: u64, utf8: u64) {
        let n = short_str_into(self.room::<SHORT_STR_ROOM>(), b, latin1, utf8);
        self.pos += n;
    }

    /// Writes a run of scalars with `f` into `N` bytes of room, keeping what `f` wrote.
    #[inline(always)]
    pub fn run<const N: usize>(&mut self, f: impl FnOnce(&mut Scratch<'_>)) {
        let mut s = Scratch {
            out: self.room::<N>(),
            len: 0,
        };
        f(&mut s);
        self.pos += s.len;
    }

    /// Writes a zigzag-encoded signed varint of at most 5 bytes.
    #[inline]
    pub fn varint32(&mut self, v: i32) {
        self.varuint32(((v << 1) ^ (v >> 31)) as u32);
    }

    /// Writes a 64-bit varint: 7 bits per byte for 8 bytes, then the last 8 bits raw.
    #[inline]
    pub fn varuint64(&mut self, v: u64) {
        if v < 0x80 {
            self.u8(v as u8);
            return;
        }
        // At most 9 bytes, written as two words: 16 bytes of room.
        self.run::<16>(|s| s.varuint64(v));
    }

    /// Writes a zigzag-encoded signed 64-bit varint.
    #[inline]
    pub fn varint64(&mut self, v: i64) {
        self.varuint64(((v << 1) ^ (v >> 63)) as u64);
    }

    /// Writes TAGGED_INT64: 4 bytes (`v << 1`) for values in `[-2^30, 2^30)`, else `0x01` + 8 bytes.
    #[inline]
    pub fn tagged_i64(&mut self, v: i64) {
        if (-(1i64 << 30)..(1i64 << 30)).contains(&v) {
            self.u32(((v as i32) << 1) as u32);
        } else {
            self.u8(1);
            self.u64(v as u64);
        }
    }

    /// Writes TAGGED_UINT64: 4 bytes (`v << 1`) for values below 2^31, else `0x01` + 8 bytes.
    #[inline]
    pub fn tagged_u64(&mut self, v: u64) {
        if v < (1u64 << 31) {
            self.u32((v as u32) << 1);
        } else {
            self.u8(1);
            self.u64(v);
        }
    }
}

/// A run of plain scalar fields written into room reserved in a [`Writer`] up front
/// ([`Writer::run`]).
///
/// Writing each field to the `Vec` directly costs a capacity check and a length update per
/// field, and the compiler reloads the vector's pointer and length after every byte store
/// (a `u8` store may alias them). Here the room is a plain slice and the length lives in a
/// register; every value is stored as a whole 8-byte word of which only the real length is kept,
/// so the room must be the run's worst-case size plus 8 bytes of slack (the derive computes it
/// from [`DirectScalar::MAX`]). Too little room is a bug in the caller and panics (index out of
/// bounds), never UB.
///
/// [`DirectScalar::MAX`]: crate::__private::DirectScalar::MAX
pub struct Scratch<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl Scratch<'_> {
    /// Writes a string body of at most [`SMALL_BYTES`] bytes (more panics), exactly as
    /// [`Writer::str_body`] does; it takes [`SHORT_STR_ROOM`] bytes of the run's room.
    #[inline(always)]
    pub fn short_str(&mut self, b: &[u8], latin1: u64, utf8: u64) {
        let at = self.len;
        let room = (&mut self.out[at..at + SHORT_STR_ROOM])
            .try_into()
            .expect("SHORT_STR_ROOM bytes");
        self.len += short_str_into(room, b, latin1, utf8);
    }
    /// Stores the low `n` bytes of `word` (little-endian).
    #[inline(always)]
    pub(crate) fn word(&mut self, word: u64, n: usize) {
        self.out[self.len..self.len + 8].copy_from_slice(&word.to_le_bytes());
        self.len += n;
    }
    /// Writes one byte.
    #[inline(always)]
    pub fn u8(&mut self, v: u8) {
        self.word(v as u64, 1);
    }
    /// Writes a little-endian `u16`.
    #[inline(always)]
    pub fn u16(&mut self, v: u16) {
        self.word(v as u64, 2);
    }
    /// Writes a little-endian `u32`.
    #[inline(always)]
    pub fn u32(&mut self, v: u32) {
        self.word(v as u64, 4);
    }
    /// Writes a little-endian `u64`.
    #[inline(always)]
    pub fn u64(&mut self, v: u64) {
        self.word(v, 8);
    }
    /// Writes an unsigned LEB128 varint of at most 5 bytes.
    #[inline(always)]
    pub fn varuint32(&mut self, v: u32) {
        // Branches on the width: a field's values mostly keep their width from message to
        // message, so these predict well and cost fewer instructions than the branch-free
        // `spread_7bit`.
        let v = v as u64;
        if v < 1 << 7 {
            self.word(v, 1);
        } else if v < 1 << 14 {
            self.word((v & 0x7f) | 0x80 | (v >> 7) << 8, 2);
        } else if v < 1 << 21 {
            let w = (v & 0x7f) | ((v << 1) & 0x7f00) | (v >> 14) << 16;
            self.word(w | 0x8080, 3);
        } else if v < 1 << 28 {
            let w = (v & 0x7f) | ((v << 1) & 0x7f00) | ((v << 2) & 0x7f_0000) | (v >> 21) << 24;
            self.word(w | 0x80_8080, 4);
        } else {
            let w = (v & 0x7f)
                | ((v << 1) & 0x7f00)
                | ((v << 2) & 0x7f_0000)
                | ((v << 3) & 0x7f00_0000)
                | (v >> 28) << 32;
            self.word(w | 0x8080_8080, 5);
        }
    }
    /// Writes a zigzag-encoded signed varint of at most 5 bytes.
    #[inline(always)]
    pub fn varint32(&mut self, v: i32) {
        self.varuint32(((v << 1) ^ (v >> 31)) as u32);
    }
    /// Writes a 64-bit varint: 7 bits per byte for 8 bytes, then the last 8 bits raw (at most
    /// 9 bytes).
    #[inline(always)]
    pub fn varuint64(&mut self, v: u64) {
        if v < 1 << 28 {
            self.varuint32(v as u32);
        } else if v < 1 << 56 {
            let (word, n) = spread_7bit(v);
            self.word(word, n);
        } else {
            // Eight 7-bit groups, all continued, then the top 8 bits raw.
            let (word, _) = spread_7bit(v & ((1 << 56) - 1));
            self.word(word | 0x8080_8080_8080_8080, 8);
            self.u8((v >> 56) as u8);
        }
    }
    /// Writes a zigzag-encoded signed 64-bit varint.
    #[inline(always)]
    pub fn varint64(&mut self, v: i64) {
        self.varuint64(((v << 1) ^ (v >> 63)) as u64);
    }
}

/// Copies `b` (at most [`SMALL_BYTES`]) to the front of `out` with constant-size moves (the
/// last one overlapping, as `memcpy` does inside) instead of a `memcpy` call, which costs more
/// than the copy for short strings. Returns whether every byte was ASCII, seen on the way.
/// `out` must have room for 16 bytes past `b`'s length rounded down to 16.
#[inline(always)]
fn copy_checking_ascii(out: &mut [u8], b: &[u8]) -> bool {
    /// Copies the `K` bytes of `b` at `i` to `out`, returning them as the low bytes of a word.
    #[inline(always)]
    fn put<const K: usize>(out: &mut [u8], b: &[u8], i: usize) -> u128 {
        let w: [u8; K] = b[i..i + K].try_into().expect("K bytes");
        out[i..i + K].copy_from_slice(&w);
        let mut wide = [0u8; 16];
        wide[..K].copy_from_slice(&w);
        u128::from_le_bytes(wide)
    }
    /// Copies `b` (`K..=4K` bytes) in `K`-byte words, OR-ing them together. Written out rather
    /// than as a loop, which the compiler turns back into a `memcpy` call.
    #[inline(always)]
    fn words<const K: usize>(out: &mut [u8], b: &[u8]) -> u128 {
        let n = b.len();
        let mut acc = put::<K>(out, b, 0);
        if n > 2 * K {
            acc |= put::<K>(out, b, K);
            if n > 3 * K {
                acc |= put::<K>(out, b, 2 * K);
            }
        }
        acc | put::<K>(out, b, n - K)
    }
    let n = b.len();
    let acc = if n >= 16 {
        words::<16>(out, b)
    } else if n >= 8 {
        words::<8>(out, b)
    } else if n >= 4 {
        words::<4>(out, b)
    } else if n > 0 {
        // One to three bytes: first, middle and last cover them all (a loop here becomes a
        // `memcpy` call).
        let (first, mid, last) = (b[0], b[n / 2], b[n - 1]);
        out[0] = first;
        out[n / 2] = mid;
        out[n - 1] = last;
        u128::from(first | mid | last)
    } else {
        0
    };
    acc & 0x8080_8080_8080_8080_8080_8080_8080_8080 == 0
}

/// The longest string [`Writer::str_body`] copies without a `memcpy` call.
pub const SMALL_BYTES: usize = 64;

/// The room a string body of at most [`SMALL_BYTES`] bytes needs: a two-byte header and the
/// bytes (the copy's last word ends at the last byte, so no slack past them).
pub const SHORT_STR_ROOM: usize = 2 + SMALL_BYTES;

/// Writes a string body of at most [`SMALL_BYTES`] bytes to the front of `room` and returns its
/// length. The header is then below 2^9, so one or two varint bytes, stored as one 2-byte word;
/// the bytes are copied and checked for ASCII in one pass, and the encoding (the low 2 bits of
/// the header, so of its first byte) is patched from `latin1` to `utf8` if a non-ASCII byte was
/// seen.
#[inline(always)]
fn short_str_into(room: &mut [u8; SHORT_STR_ROOM], b: &[u8], latin1: u64, utf8: u64) -> usize {
    let n = b.len();
    debug_assert!(n <= SMALL_BYTES);
    let h = ((n as u64) << 2) | latin1;
    let (head, head_len) = if h < 0x80 {
        (h, 1)
    } else {
        ((h & 0x7f) | 0x80 | (h >> 7) << 8, 2)
    };
    room[..2].copy_from_slice(&(head as u16).to_le_bytes());
    if !copy_checking_ascii(&mut room[head_len..], b) {
        room[0] |= utf8 as u8;
    }
    head_len + n
}

/// The LEB128 bytes of `v` (below 2^56) packed little-endian into one word, and their count.
///
/// Building the bytes in a register and storing the word at once avoids writing a stack buffer
/// byte by byte and reading it back, which stalls on store forwarding.
#[inline(always)]
fn spread_7bit(v: u64) -> (u64, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn enc64(v: u64) -> Vec<u8> {
        let mut b = Vec::new();
        Writer::new(&mut b).varuint64(v);
        b
    }

    /// The word-at-once encoder against the plain LEB128 definition, at every width boundary.
    #[test]
    fn varints_match_plain_leb128() {
        fn leb(mut v: u64, max: usize) -> Vec<u8> {
            let mut out = Vec::new();
            while out.len() < max - 1 && v >= 0x80 {
                out.push((v as u8) | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
            out
        }
        for shift in 0..64 {
            for v in [1u64 << shift, (1u64 << shift) - 1, (1u64 << shift) + 1] {
                let mut b = Vec::new();
                Writer::new(&mut b).varuint64(v);
                let want = if v >> 56 != 0 {
                    let mut w: Vec<u8> = leb(v & ((1 << 56) - 1), 9)
                        .iter()
                        .copied()
                        .chain(std::iter::repeat(0x80))
                        .take(8)
                        .map(|x| x | 0x80)
                        .collect();
                    w.push((v >> 56) as u8);
                    w
                } else {
                    leb(v, 9)
                };
                assert_eq!(b, want, "varuint64 {v:#x}");
                if let Ok(v32) = u32::try_from(v) {
                    let mut b = Vec::new();
                    Writer::new(&mut b).varuint32(v32);
                    assert_eq!(b, leb(v, 5), "varuint32 {v:#x}");
                }
            }
        }
    }

    #[test]
    fn varuint64_boundaries_roundtrip() {
        for v in [
            0,
            1,
            127,
            128,
            1 << 56,
            (1 << 56) - 1,
            u64::MAX,
            u64::MAX >> 1,
        ] {
            let b = enc64(v);
            assert!(b.len() <= 9);
            let mut r = Reader::new(&b);
            assert_eq!(r.varuint64().unwrap(), v);
            assert_eq!(r.remaining(), 0);
        }
        assert_eq!(enc64(u64::MAX).len(), 9);
    }

    #[test]
    fn varint64_extremes() {
        for v in [i64::MIN, i64::MAX, -65, 0, -1, 1 << 56] {
            let mut b = Vec::new();
            Writer::new(&mut b).varint64(v);
            assert_eq!(Reader::new(&b).varint64().unwrap(), v);
        }
        let mut b = Vec::new();
        Writer::new(&mut b).varint64(i64::MAX);
        assert_eq!(b, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    }

    #[test]
    fn varuint32_rejects_overflowing_fifth_byte() {
        let bad = [0xff, 0xff, 0xff, 0xff, 0x10];
        assert_eq!(
            Reader::new(&bad).varuint32(),
            Err(Error::BadVarint { at: 0 })
        );
        let max = [0xff, 0xff, 0xff, 0xff, 0x0f];
        assert_eq!(Reader::new(&max).varuint32().unwrap(), u32::MAX);
    }

    fn boundary_values() -> impl Iterator<Item = u64> {
        (0..64).flat_map(|s| [1u64 << s, (1u64 << s) - 1, (1u64 << s) + 1])
    }

    /// The unrolled reader (5 or 9 bytes available) and the short and byte-at-a-time readers
    /// (varint at the very end) decode the same value and consume the same bytes.
    #[test]
    fn fast_and_slow_varint_reads_agree() {
        for v in boundary_values() {
            let exact = enc64(v);
            let mut padded = exact.clone();
            padded.extend_from_slice(&[0xff; 8]);
            for input in [&exact, &padded] {
                let mut r = Reader::new(input);
                assert_eq!(r.varuint64().unwrap(), v, "varuint64 {v:#x}");
                assert_eq!(r.pos(), exact.len());
            }
            if let Ok(v32) = u32::try_from(v) {
                let mut exact = Vec::new();
                Writer::new(&mut exact).varuint32(v32);
                let mut padded = exact.clone();
                padded.extend_from_slice(&[0xff; 8]);
                for input in [&exact, &padded] {
                    let mut r = Reader::new(input);
                    assert_eq!(r.varuint32().unwrap(), v32, "varuint32 {v:#x}");
                    assert_eq!(r.pos(), exact.len());
                }
            }
        }
        // An overflowing fifth byte is an error on the fast path too.
        let bad = [0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0, 0];
        assert_eq!(
            Reader::new(&bad).varuint32(),
            Err(Error::BadVarint { at: 0 })
        );
    }

    /// A varint cut off by the end of the input is an EOF error at its first byte, whichever
    /// path (short, byte-at-a-time) sees it.
    #[test]
    fn truncated_varints_are_eof_at_their_start() {
        /// `encoded` after one other byte, cut at every length inside the varint.
        fn every_cut(encoded: &[u8], read: fn(&mut Reader<'_>) -> Result<u64>, what: &str) {
            let b = [&[0x07], encoded].concat();
            for cut in 2..b.len() {
                let mut r = Reader::new(&b[..cut]);
                r.u8().unwrap();
                assert!(
                    matches!(read(&mut r), Err(Error::UnexpectedEof { at: 1, .. })),
                    "{what} cut to {cut}"
                );
            }
        }
        // Under miri, every fifth value still covers each varint width.
        let step = if cfg!(miri) { 5 } else { 1 };
        for v in boundary_values().step_by(step) {
            every_cut(&enc64(v), |r| r.varuint64(), &format!("varuint64 {v:#x}"));
            if let Ok(v32) = u32::try_from(v) {
                let mut b = Vec::new();
                Writer::new(&mut b).varuint32(v32);
                let read: fn(&mut Reader<'_>) -> Result<u64> = |r| r.varuint32().map(u64::from);
                every_cut(&b, read, &format!("varuint32 {v:#x}"));
            }
        }
    }

    /// `replacing` extends its room only into the vector's spare capacity (never allocating,
    /// whatever the spare), and the extension never shows in the output.
    #[test]
    fn replacing_extends_room_within_capacity() {
        for old_len in [0, 1, 40, 300] {
            for spare in [0, 1, 63, 64, 65, 127, 128, 255, 256, 257, 1000] {
                let mut v = Vec::with_capacity(old_len + spare);
                v.resize(old_len, 0xaa);
                let cap = v.capacity();
                {
                    let mut w = Writer::replacing(&mut v);
                    assert_eq!(w.buf.capacity(), cap, "old {old_len}, spare {spare}");
                    assert!(w.buf.len() >= old_len);
                    w.u32(0x0403_0201);
                    w.varuint64(u64::MAX);
                }
                assert_eq!(v[..4], [1, 2, 3, 4]);
                assert_eq!(v[4..], [0xff; 9]);
                assert_eq!(v.len(), 4 + 9);
            }
        }
    }

    /// The writer's room (bytes past its end that the vector already holds) never shows: any
    /// mix of small writes, bulk writes longer than the room, strings, runs and patches leaves
    /// exactly the bytes a plain `Vec` append would, after old contents that may be large (or in
    /// their place, for `replacing`), and in a reused vector whose spare capacity held other
    /// bytes.
    #[test]
    fn room_never_shows_in_the_output() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Miri (CI runs this module under it) gets fewer and smaller cases; the bulk write
        // stays past `MAX_ROOM`, so the append path is still taken.
        let (cases, max_prefix, bulk) = if cfg!(miri) {
            (12, 600, MAX_ROOM + 100)
        } else {
            (300, 5000, 9000)
        };
        let mut reused = Vec::new();
        for case in 0..cases {
            let prefix = vec![0xEE; (next() % max_prefix) as usize * (case % 2)];
            reused.clear();
            reused.extend_from_slice(&prefix);
            // `replacing`: the old bytes are room, not output.
            let replace = case % 3 == 2;
            let mut want = if replace { Vec::new() } else { prefix.clone() };
            let mut w = if replace {
                Writer::replacing(&mut reused)
            } else {
                Writer::new(&mut reused)
            };
            for _ in 0..(next() % 200) {
                let r = next();
                match r % 6 {
                    0 => {
                        w.u8(r as u8);
                        want.push(r as u8);
                    }
                    1 => {
                        w.u64(r);
                        want.extend_from_slice(&r.to_le_bytes());
                    }
                    2 => {
                        let n = if r % 16 == 0 {
                            bulk
                        } else {
                            (r >> 8) as usize % 300
                        };
                        let data: Vec<u8> = (0..n).map(|i| (i as u64 ^ r) as u8).collect();
                        w.bytes(&data);
                        want.extend_from_slice(&data);
                    }
                    3 => {
                        let t: String = (0..(r >> 8) % 80)
                            .map(|i| (b'a' + (i % 26) as u8) as char)
                            .collect();
                        w.str_body(&t, 0, 2);
                        want.extend_from_slice(&enc64((t.len() as u64) << 2));
                        want.extend_from_slice(t.as_bytes());
                    }
                    4 => {
                        w.varuint64(r >> (r % 64));
                        want.extend_from_slice(&enc64(r >> (r % 64)));
                    }
                    _ => {
                        if !w.is_empty() {
                            let at = (r >> 8) as usize % w.len();
                            w.set_u8(at, r as u8);
                            want[at] = r as u8;
                        }
                    }
                }
                assert_eq!(w.len(), want.len());
                if !cfg!(miri) {
                    assert_eq!(w.as_slice(), &want[..]);
                }
            }
            assert_eq!(w.as_slice(), &want[..]);
            drop(w);
            assert_eq!(reused, want, "case {case}");
            // Leave other bytes in the spare capacity for the next case.
            reused.resize(reused.len() + 64, 0x55);
        }
    }

    /// `skip_if_word` compares exactly the first `n` bytes, consumes them only on a match, and
    /// declines (without reading past the end) when fewer than 8 bytes are left.
    #[test]
    fn skip_if_word_compares_n_bytes() {
        let data = [0x1b, 0x05, 0xaa, 0xbb, 0xcc, 0xdd, 9, 9, 9];
        for n in 1..=6 {
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&data[..n]);
            let word = u64::from_le_bytes(word);
            let mut r = Reader::new(&data);
            assert!(r.skip_if_word(word, n), "n = {n}");
            assert_eq!(r.pos(), n);
            let mut r = Reader::new(&data);
            assert!(
                !r.skip_if_word(word ^ (1 << (8 * (n - 1))), n),
                "last byte differs, n = {n}"
            );
            assert_eq!(r.pos(), 0);
            // Fewer than 8 bytes left: declined, the general path decides.
            let mut r = Reader::new(&data[..7]);
            assert!(!r.skip_if_word(word, n));
        }
    }

    /// A run assembled in a `Scratch` is byte-for-byte what the writer's own methods write.
    #[test]
    fn scratch_matches_the_writer() {
        // The same calls on both: the methods share names and signatures.
        macro_rules! ops {
            ($w:expr, $v:expr) => {{
                $w.u8($v as u8);
                $w.varuint64($v);
                $w.u16($v as u16);
                $w.varint64($v as i64);
                $w.varuint32($v as u32);
                $w.u32($v as u32);
                $w.varint32($v as i32);
                $w.u64($v);
            }};
        }
        for v in boundary_values() {
            let mut want = Vec::new();
            let mut w = Writer::new(&mut want);
            ops!(w, v);
            drop(w);
            // 1 + 9 + 2 + 9 + 5 + 4 + 5 + 8 bytes at most, and 8 of slack.
            let mut got = vec![0xAA];
            Writer::new(&mut got).run::<51>(|s| ops!(s, v));
            assert_eq!(got[0], 0xAA, "appends after what the vector held");
            assert_eq!(&got[1..], &want[..], "{v:#x}");
        }
    }

    /// Every length around the size classes of `small_bytes` and past `SMALL_BYTES`, ASCII
    /// or with one non-ASCII character at every position: the same bytes as a plain header
    /// (encoding from a full scan) plus a copy.
    #[test]
    fn str_body_matches_scan_then_copy() {
        const LATIN1: u64 = 0;
        const UTF8: u64 = 2;
        for n in 0..=SMALL_BYTES + 8 {
            let ascii: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let mut cases = vec![ascii.clone()];
            for at in 0..n.saturating_sub(1) {
                // 'é' is two bytes: the string stays `n` bytes long.
                let mut t = ascii.clone();
                t.replace_range(at..at + 2, "é");
                cases.push(t);
            }
            for t in cases {
                let b = t.as_bytes();
                let enc = if b.is_ascii() { LATIN1 } else { UTF8 };
                let mut want = vec![9];
                let mut w = Writer::new(&mut want);
                w.varuint64(((b.len() as u64) << 2) | enc);
                w.bytes(b);
                drop(w);
                let mut got = vec![9];
                Writer::new(&mut got).str_body(&t, LATIN1, UTF8);
                assert_eq!(got, want, "{t:?}");
                if b.len() <= SMALL_BYTES {
                    // In a run, between two scalars: the same bytes between theirs.
                    let mut run = vec![9];
                    Writer::new(&mut run).run::<{ 1 + SHORT_STR_ROOM + 1 + 8 }>(|s| {
                        s.u8(7);
                        s.short_str(b, LATIN1, UTF8);
                        s.u8(8);
                    });
                    assert_eq!(run[1], 7);
                    assert_eq!(&run[2..run.len() - 1], &want[1..], "{t:?}");
                    assert_eq!(run[run.len() - 1], 8);
                }
            }
        }
    }

    #[test]
    fn truncated_varint_is_eof() {
        assert!(matches!(
            Reader::new(&[0x80, 0x80]).varuint64(),
            Err(Error::UnexpectedEof { at: 0, .. })
        ));
    }

    #[test]
    fn tagged_int64_both_forms() {
        for v in [0i64, -(1 << 30), (1 << 30) - 1, 1 << 30, i64::MIN, i64::MAX] {
            let mut b = Vec::new();
            Writer::new(&mut b).tagged_i64(v);
            assert_eq!(
                b.len(),
                if (-(1 << 30)..(1 << 30)).contains(&v) {
                    4
                } else {
                    9
                }
            );
            assert_eq!(Reader::new(&b).tagged_i64().unwrap(), v);
        }
    }

    #[test]
    fn length_checks_remaining() {
        let msg = [0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2];
        assert!(matches!(
            Reader::new(&msg).length(1),
            Err(Error::LengthOverflow { at: 0, .. })
        ));
    }
}
