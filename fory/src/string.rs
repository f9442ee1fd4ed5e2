//! String bodies: `varuint64((byte_len << 2) | encoding)` followed by the bytes.
//!
//! pyfory writes Latin-1 for strings whose code points all fit one byte, UTF-16LE for other BMP
//! text and UTF-8 for text with astral characters. We read all three, and write:
//!
//! * ASCII as Latin-1, as pyfory does: the bytes are the UTF-8 bytes, so it costs one vectorized
//!   `is_ascii` scan (measured in `benches/strings.rs`: +0.3 ns at 16 bytes, +38 ns at 4 KiB
//!   over a plain UTF-8 write), and keeps our bytes equal to pyfory's for the commonest text;
//! * everything else as UTF-8. Transcoding non-ASCII Latin-1 text costs 6–38× the plain write
//!   (same benchmark), and transcoding to UTF-16 a pass and an allocation, for no benefit to any
//!   reader: pyfory reads UTF-8 for any string.

use std::borrow::Cow;

use crate::buffer::{Reader, Scratch, Writer};
use crate::error::{Error, Result};

/// String encodings on the wire.
const LATIN1: u64 = 0;
const UTF16: u64 = 1;
const UTF8: u64 = 2;

/// Writes a string body.
#[inline]
pub fn write_str(w: &mut Writer<'_>, s: &str) {
    w.str_body(s, LATIN1, UTF8);
}

/// Appends a string body of at most [`SMALL_BYTES`](crate::buffer::SMALL_BYTES) bytes to a
/// run of fields (the same bytes as [`write_str`]).
#[inline(always)]
pub(crate) fn write_short_str(s: &mut Scratch<'_>, v: &str) {
    s.short_str(v.as_bytes(), LATIN1, UTF8);
}

/// Whether every byte is ASCII: for short strings, a few overlapping word loads instead of
/// the general loop.
#[inline]
fn is_ascii_short(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = b.len();
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let half = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    match n {
        0..4 => b.iter().all(u8::is_ascii),
        4..8 => (half(0) | half(n - 4)) & HIGH == 0,
        8..=16 => (word(0) | word(n - 8)) & HIGH == 0,
        // Up to 64 bytes: whole words at 0, 8, .. and one overlapping the end, unrolled.
        17..=64 => {
            let mut acc = word(0) | word(8) | word(n - 8);
            let mut i = 16;
            while i + 8 < n {
                acc |= word(i);
                i += 8;
            }
            acc & HIGH == 0
        }
        _ => b.is_ascii(),
    }
}

/// Reads a string body, borrowing from the payload when its bytes are already valid UTF-8.
pub fn read_str<'de>(r: &mut Reader<'de>) -> Result<Cow<'de, str>> {
    let at = r.pos();
    // Strings of 32 bytes to 4 KiB have a two-byte header: decoded here from one two-byte
    // peek.
    let header = match r.peek2() {
        Some([b0, _]) if b0 < 0x80 => {
            r.take(1)?;
            u64::from(b0)
        }
        Some([b0, b1]) if b1 < 0x80 => {
            r.take(2)?;
            u64::from(b0 & 0x7f) | u64::from(b1) << 7
        }
        _ => r.varuint64()?,
    };
    let len = header >> 2;
    if len > r.remaining() as u64 {
        return Err(Error::LengthOverflow {
            at,
            len,
            remaining: r.remaining(),
        });
    }
    let data_at = r.pos();
    let bytes = r.take(len as usize)?;
    let encoding = header & 3;
    // The common cases, borrowed: Latin-1 that is all ASCII (what every writer sends for ASCII
    // text), and UTF-8.
    if encoding == LATIN1 && is_ascii_short(bytes) {
        // SAFETY: `is_ascii_short` checked that every byte is below 0x80, and a run of ASCII
        // bytes is valid UTF-8 (each byte is a one-byte code point). Running `from_utf8` over
        // them again would scan the same bytes twice on the hottest read path.
        let s = unsafe { std::str::from_utf8_unchecked(bytes) };
        return Ok(Cow::Borrowed(s));
    }
    if encoding == UTF8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(_) => Err(Error::BadString {
                at: data_at,
                encoding: "UTF-8",
            }),
        };
    }
    transcode(bytes, encoding, at, data_at).map(Cow::Owned)
}

/// The strings that need a new `String`: Latin-1 beyond ASCII and UTF-16 (and the invalid
/// encoding 3). Out of line, so that the common path stays small.
#[cold]
#[inline(never)]
fn transcode(bytes: &[u8], encoding: u64, at: usize, data_at: usize) -> Result<String> {
    match encoding {
        LATIN1 => Ok(bytes.iter().map(|&b| b as char).collect()),
        UTF16 => {
            if bytes.len() % 2 != 0 {
                return Err(Error::BadString {
                    at: data_at,
                    encoding: "UTF-16",
                });
            }
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<std::result::Result<String, _>>()
                .map_err(|_| Error::BadString {
                    at: data_at,
                    encoding: "UTF-16",
                })
        }
        _ => Err(Error::invalid(at, "unknown string encoding 3")),
    }
}

// ---------------------------------------------------------------------------------------------
// The write path of string bodies (the writer's and a run's), next to the read path above.

impl Writer<'_> {
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
pub(crate) fn short_str_into(
    room: &mut [u8; SHORT_STR_ROOM],
    b: &[u8],
    latin1: u64,
    utf8: u64,
) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-once check against the plain one, every length to 80 and every position of
    /// one high byte.
    #[test]
    fn short_ascii_check_matches_the_plain_one() {
        for n in 0..80 {
            let ascii = vec![b'x'; n];
            assert!(is_ascii_short(&ascii));
            for at in 0..n {
                let mut b = ascii.clone();
                b[at] = 0xE9;
                assert!(!is_ascii_short(&b), "n={n} at={at}");
            }
        }
    }

    fn enc(s: &str) -> Vec<u8> {
        let mut b = Vec::new();
        write_str(&mut Writer::new(&mut b), s);
        b
    }

    #[test]
    fn latin1_for_ascii_utf8_for_the_rest() {
        assert_eq!(enc(""), [0x00]);
        assert_eq!(enc("ab"), [0x08, b'a', b'b']);
        assert_eq!(enc("é"), [0x0a, 0xc3, 0xa9]);
    }

    #[test]
    fn utf8_for_other_text() {
        assert_eq!(enc("😀"), [0x12, 0xf0, 0x9f, 0x98, 0x80]);
    }

    #[test]
    fn reads_all_three_encodings() {
        // pyfory writes '中' as UTF-16LE: header (2 << 2) | 1.
        let mut r = Reader::new(&[0x09, 0x2d, 0x4e]);
        assert_eq!(read_str(&mut r).unwrap(), "中");
        let mut r = Reader::new(&[0x04, 0xe9]);
        assert_eq!(read_str(&mut r).unwrap(), "é");
        let mut r = Reader::new(&[0x12, 0xf0, 0x9f, 0x98, 0x80]);
        assert_eq!(read_str(&mut r).unwrap(), "😀");
    }

    /// Latin-1 bodies of every length to 80: all-ASCII ones are borrowed as they are (the
    /// unchecked path), and one byte at or above 0x80 anywhere makes the reader transcode.
    #[test]
    fn latin1_ascii_is_borrowed_and_high_bytes_transcode() {
        // Miri is slow: there, the lengths around each word-check boundary only.
        let lengths: Vec<u8> = if cfg!(miri) {
            vec![0, 3, 4, 7, 8, 9, 16, 17, 31, 32, 64, 65]
        } else {
            (0..80).collect()
        };
        for n in lengths {
            let body: Vec<u8> = (0..n).map(|i| b' ' + i).collect();
            // Header: varuint (len << 2) | LATIN1, one or two bytes here.
            let h = u16::from(n) << 2;
            let mut bytes = if h < 0x80 {
                vec![h as u8]
            } else {
                vec![(h as u8) | 0x80, (h >> 7) as u8]
            };
            let start = bytes.len();
            bytes.extend_from_slice(&body);
            let s = read_str(&mut Reader::new(&bytes)).unwrap();
            assert!(matches!(s, Cow::Borrowed(_)), "n={n}");
            assert_eq!(s.as_bytes(), body);
            for at in 0..usize::from(n) {
                let mut high = bytes.clone();
                high[start + at] = 0xE9;
                let s = read_str(&mut Reader::new(&high)).unwrap();
                assert!(matches!(s, Cow::Owned(_)), "n={n} at={at}");
                assert_eq!(s.chars().nth(at), Some('é'));
                assert_eq!(s.chars().count(), usize::from(n));
            }
        }
    }

    #[test]
    fn rejects_bad_utf16_and_utf8() {
        // Lone high surrogate.
        assert!(matches!(
            read_str(&mut Reader::new(&[0x09, 0x00, 0xd8])),
            Err(Error::BadString { at: 1, .. })
        ));
        assert!(matches!(
            read_str(&mut Reader::new(&[0x06, 0xff])),
            Err(Error::BadString { at: 1, .. })
        ));
        assert!(matches!(
            read_str(&mut Reader::new(&[0x0a, 0x00, 0xd8, 0x00])),
            Err(Error::BadString { .. })
        ));
    }

    #[test]
    fn length_beyond_input_is_an_error() {
        assert!(matches!(
            read_str(&mut Reader::new(&[0xfc, 0xff, 0xff, 0xff, 0x0f])),
            Err(Error::LengthOverflow { at: 0, .. })
        ));
    }
}
