//! [`Writer`]: appends encoded values to a caller-owned `Vec<u8>`; [`Scratch`]: a run of fields.

use super::spread_7bit;

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
    pub(super) buf: &'a mut Vec<u8>,
    /// End of the bytes written; `pos <= buf.len()` always.
    pub(crate) pos: usize,
}

/// The least room a refill provides: enough for the largest run of fields the derive batches
/// (three short strings and scalars), so that a small message's refill stays a constant fill.
pub(super) const MIN_ROOM: usize = 256;
/// The most room a refill provides beyond the write that asked: a large message refills in
/// steps of this size, each a `memset` that costs little next to the bytes it makes room for.
pub(super) const MAX_ROOM: usize = 4096;

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
    pub(crate) fn room<const N: usize>(&mut self) -> &mut [u8; N] {
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
    pub(crate) out: &'a mut [u8],
    pub(crate) len: usize,
}

impl Scratch<'_> {
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
