//! Meta strings: the compact encodings pyfory uses for namespaces, type names and field names.
//!
//! A name is packed into 5 bits per char (`LowerSpecial` and its two case-escaping variants),
//! 6 bits per char (`LowerUpperDigitSpecial`) or left as UTF-8. Bits are written MSB first,
//! starting at bit 1 of byte 0; the top bit of byte 0 says whether the decoder must drop the
//! last char (set when the padding is wide enough to look like one more char).
//!
//! Two framings exist on the wire:
//! * inside a TypeDef, where the caller writes a small header and the encoding index into a
//!   restricted list ([`NAMESPACE_TYPEDEF_ENCODINGS`], [`TYPE_NAME_TYPEDEF_ENCODINGS`],
//!   [`FIELD_NAME_ENCODINGS`]);
//! * in the data stream for non-compatible named types ([`write_stream_meta_string`] and
//!   [`read_stream_meta_string`]), with a per-message back-reference table.

use crate::buffer::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::{murmur3_lane0, FORY_HASH_SEED};

/// How a meta string's bytes are encoded. The discriminant is the stream wire number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Encoding {
    /// Raw UTF-8 bytes.
    Utf8 = 0,
    /// 5 bits per char: `a-z . _ $ |`.
    LowerSpecial = 1,
    /// 6 bits per char: `a-z A-Z 0-9` and two context-dependent special chars.
    LowerUpperDigitSpecial = 2,
    /// `LowerSpecial` of the string with its first char lowercased (for `Point`-like names).
    FirstToLowerSpecial = 3,
    /// `LowerSpecial` of the string with every uppercase `X` replaced by `|x`.
    AllToLowerSpecial = 4,
}

impl Encoding {
    /// The number used for this encoding in the stream form.
    pub const fn wire(self) -> u8 {
        self as u8
    }

    /// Maps a stream wire number back to an encoding.
    pub const fn from_wire(v: u8) -> Option<Encoding> {
        match v {
            0 => Some(Encoding::Utf8),
            1 => Some(Encoding::LowerSpecial),
            2 => Some(Encoding::LowerUpperDigitSpecial),
            3 => Some(Encoding::FirstToLowerSpecial),
            4 => Some(Encoding::AllToLowerSpecial),
            _ => None,
        }
    }
}

/// Encodings a TypeDef may use for a namespace, indexed by the 2-bit code in its header.
pub const NAMESPACE_TYPEDEF_ENCODINGS: &[Encoding] = &[
    Encoding::Utf8,
    Encoding::AllToLowerSpecial,
    Encoding::LowerUpperDigitSpecial,
];

/// Encodings a TypeDef may use for a type name, indexed by the 2-bit code in its header.
pub const TYPE_NAME_TYPEDEF_ENCODINGS: &[Encoding] = &[
    Encoding::Utf8,
    Encoding::AllToLowerSpecial,
    Encoding::LowerUpperDigitSpecial,
    Encoding::FirstToLowerSpecial,
];

/// Encodings a TypeDef may use for a field name, indexed by the 2-bit code in the field header
/// (code 3 means "tag id" there, not an encoding).
pub const FIELD_NAME_ENCODINGS: &[Encoding] = &[
    Encoding::Utf8,
    Encoding::AllToLowerSpecial,
    Encoding::LowerUpperDigitSpecial,
];

/// Every encoding, in wire order; the stream form may use any of them.
pub const ALL_ENCODINGS: &[Encoding] = &[
    Encoding::Utf8,
    Encoding::LowerSpecial,
    Encoding::LowerUpperDigitSpecial,
    Encoding::FirstToLowerSpecial,
    Encoding::AllToLowerSpecial,
];

/// The two chars that occupy codes 62 and 63 of `LowerUpperDigitSpecial` for namespaces.
pub const NAMESPACE_SPECIALS: (char, char) = ('.', '_');
/// The two chars that occupy codes 62 and 63 of `LowerUpperDigitSpecial` for type and field names.
pub const NAME_SPECIALS: (char, char) = ('$', '_');

/// An encoded meta string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetaString {
    /// The encoding of `bytes`.
    pub encoding: Encoding,
    /// The encoded bytes (empty for the empty string, whose encoding is always `Utf8`).
    pub bytes: Vec<u8>,
}

impl MetaString {
    /// Decodes back to text; `specials` are the two chars for LUDS codes 62 and 63.
    pub fn decode(&self, specials: (char, char)) -> Result<String> {
        decode(&self.bytes, self.encoding, specials)
    }
}

/// Picks an encoding and packs names, parameterized by the two LUDS special chars.
#[derive(Debug, Clone, Copy)]
pub struct MetaStringEncoder {
    special1: char,
    special2: char,
}

impl MetaStringEncoder {
    /// An encoder whose LUDS codes 62 and 63 stand for `specials.0` and `specials.1`.
    pub const fn new(specials: (char, char)) -> Self {
        MetaStringEncoder {
            special1: specials.0,
            special2: specials.1,
        }
    }

    /// Chooses the encoding pyfory would choose for `s` among `allowed`.
    ///
    /// pyfory returns `FirstToLowerSpecial` even when the list forbids it and then fails
    /// (e.g. TypeDef namespace `Demo`); here the forbidden choice is skipped instead, so every
    /// input gets an encoding. Only ASCII letters and digits count as packable: pyfory's
    /// Unicode-aware checks would pick a packed encoding for `é` and then raise, so no pyfory
    /// output exists to disagree with. `Utf8` is the fallback even if `allowed` omits it.
    pub fn compute_encoding(&self, s: &str, allowed: &[Encoding]) -> Encoding {
        if s.is_empty() {
            // pyfory reports LowerSpecial for "", but `encode` turns "" into empty Utf8.
            return Encoding::Utf8;
        }
        let mut lower_special = true;
        let mut luds = true;
        let mut digits = 0usize;
        let mut uppers = 0usize;
        let mut n = 0usize;
        for c in s.chars() {
            n += 1;
            if !(c.is_ascii_lowercase() || matches!(c, '.' | '_' | '$' | '|')) {
                lower_special = false;
            }
            if !(c.is_ascii_alphanumeric() || c == self.special1 || c == self.special2) {
                luds = false;
            }
            if c.is_ascii_digit() {
                digits += 1;
            }
            if c.is_ascii_uppercase() {
                uppers += 1;
            }
        }
        let ok = |e: Encoding| allowed.contains(&e);
        if lower_special && ok(Encoding::LowerSpecial) {
            return Encoding::LowerSpecial;
        }
        if luds && ok(Encoding::LowerUpperDigitSpecial) {
            if digits != 0 {
                return Encoding::LowerUpperDigitSpecial;
            }
            let first_upper = s.as_bytes()[0].is_ascii_uppercase();
            if uppers == 1 && first_upper && ok(Encoding::FirstToLowerSpecial) {
                return Encoding::FirstToLowerSpecial;
            }
            // 5 bits per char plus one escape per upper beats 6 bits per char.
            if (n + uppers) * 5 < n * 6 && ok(Encoding::AllToLowerSpecial) {
                return Encoding::AllToLowerSpecial;
            }
            return Encoding::LowerUpperDigitSpecial;
        }
        Encoding::Utf8
    }

    /// Encodes `s` with the encoding [`compute_encoding`](Self::compute_encoding) picks.
    pub fn encode(&self, s: &str, allowed: &[Encoding]) -> MetaString {
        let enc = self.compute_encoding(s, allowed);
        // The chosen encoding can always represent `s`; Utf8 is the safe fallback regardless.
        self.encode_with(s, enc).unwrap_or_else(|_| MetaString {
            encoding: Encoding::Utf8,
            bytes: s.as_bytes().to_vec(),
        })
    }

    /// Encodes `s` with a given encoding, failing if some char is not representable.
    pub fn encode_with(&self, s: &str, encoding: Encoding) -> Result<MetaString> {
        if s.is_empty() {
            return Ok(MetaString {
                encoding: Encoding::Utf8,
                bytes: Vec::new(),
            });
        }
        let bytes = match encoding {
            Encoding::Utf8 => s.as_bytes().to_vec(),
            Encoding::LowerSpecial => pack(s.chars(), 5, lower_special_code)?,
            Encoding::LowerUpperDigitSpecial => pack(s.chars(), 6, |c| self.luds_code(c))?,
            Encoding::FirstToLowerSpecial => {
                let mut first = true;
                let chars = s.chars().map(|c| {
                    let c = if first { c.to_ascii_lowercase() } else { c };
                    first = false;
                    c
                });
                pack(chars, 5, lower_special_code)?
            }
            Encoding::AllToLowerSpecial => {
                let chars = s.chars().flat_map(|c| {
                    if c.is_ascii_uppercase() {
                        [Some('|'), Some(c.to_ascii_lowercase())]
                    } else {
                        [Some(c), None]
                    }
                });
                pack(chars.flatten(), 5, lower_special_code)?
            }
        };
        Ok(MetaString { encoding, bytes })
    }

    fn luds_code(&self, c: char) -> Option<u8> {
        match c {
            'a'..='z' => Some(c as u8 - b'a'),
            'A'..='Z' => Some(26 + (c as u8 - b'A')),
            '0'..='9' => Some(52 + (c as u8 - b'0')),
            _ if c == self.special1 => Some(62),
            _ if c == self.special2 => Some(63),
            _ => None,
        }
    }
}

fn lower_special_code(c: char) -> Option<u8> {
    match c {
        'a'..='z' => Some(c as u8 - b'a'),
        '.' => Some(26),
        '_' => Some(27),
        '$' => Some(28),
        '|' => Some(29),
        _ => None,
    }
}

fn pack(
    chars: impl Iterator<Item = char>,
    bits: usize,
    code: impl Fn(char) -> Option<u8>,
) -> Result<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    let mut bit = 1usize;
    for c in chars {
        let v = code(c).ok_or_else(|| {
            Error::Unsupported(
                format!("{c:?} is not representable in a {bits}-bit meta string").into(),
            )
        })?;
        for i in (0..bits).rev() {
            let byte = bit / 8;
            if byte >= out.len() {
                out.push(0);
            }
            if v & (1 << i) != 0 {
                out[byte] |= 0x80 >> (bit % 8);
            }
            bit += 1;
        }
    }
    if out.is_empty() {
        out.push(0);
    }
    // `bit` is now 1 + n*bits. If the zero padding could be read as one more char, flag it.
    if out.len() * 8 >= bit + bits {
        out[0] |= 0x80;
    }
    Ok(out)
}

/// Encodes a namespace as the stream form does (every encoding allowed).
pub fn encode_namespace(s: &str) -> MetaString {
    MetaStringEncoder::new(NAMESPACE_SPECIALS).encode(s, ALL_ENCODINGS)
}

/// Encodes a type name as the stream form does (every encoding allowed).
pub fn encode_type_name(s: &str) -> MetaString {
    MetaStringEncoder::new(NAME_SPECIALS).encode(s, ALL_ENCODINGS)
}

/// Encodes a namespace for a TypeDef (restricted to [`NAMESPACE_TYPEDEF_ENCODINGS`]).
pub fn encode_typedef_namespace(s: &str) -> MetaString {
    MetaStringEncoder::new(NAMESPACE_SPECIALS).encode(s, NAMESPACE_TYPEDEF_ENCODINGS)
}

/// Encodes a type name for a TypeDef (restricted to [`TYPE_NAME_TYPEDEF_ENCODINGS`]).
pub fn encode_typedef_type_name(s: &str) -> MetaString {
    MetaStringEncoder::new(NAME_SPECIALS).encode(s, TYPE_NAME_TYPEDEF_ENCODINGS)
}

/// Encodes a field name for a TypeDef (restricted to [`FIELD_NAME_ENCODINGS`]).
pub fn encode_field_name(s: &str) -> MetaString {
    MetaStringEncoder::new(NAME_SPECIALS).encode(s, FIELD_NAME_ENCODINGS)
}

/// Decodes meta string bytes. Errors (with `at` = 0; callers add their offset) on bytes that no
/// encoder produces: 5-bit codes 30/31, a dangling `|` escape, invalid UTF-8.
pub fn decode(bytes: &[u8], encoding: Encoding, specials: (char, char)) -> Result<String> {
    if bytes.is_empty() {
        return Ok(String::new());
    }
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).map_err(|_| Error::BadMetaString {
            at: 0,
            reason: "invalid UTF-8",
        }),
        Encoding::LowerSpecial => unpack(bytes, 5, lower_special_char),
        Encoding::LowerUpperDigitSpecial => unpack(bytes, 6, |v| {
            Some(match v {
                0..=25 => (b'a' + v) as char,
                26..=51 => (b'A' + v - 26) as char,
                52..=61 => (b'0' + v - 52) as char,
                62 => specials.0,
                _ => specials.1,
            })
        }),
        Encoding::FirstToLowerSpecial => {
            let mut s = unpack(bytes, 5, lower_special_char)?;
            // Packed chars are ASCII, so the first char is one byte.
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            Ok(s)
        }
        Encoding::AllToLowerSpecial => {
            let s = unpack(bytes, 5, lower_special_char)?;
            let mut out = String::with_capacity(s.len());
            let mut chars = s.chars();
            while let Some(c) = chars.next() {
                if c == '|' {
                    let next = chars.next().ok_or(Error::BadMetaString {
                        at: 0,
                        reason: "trailing '|' escape in ALL_TO_LOWER_SPECIAL",
                    })?;
                    out.push(next.to_ascii_uppercase());
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        }
    }
}

fn lower_special_char(v: u8) -> Option<char> {
    match v {
        0..=25 => Some((b'a' + v) as char),
        26 => Some('.'),
        27 => Some('_'),
        28 => Some('$'),
        29 => Some('|'),
        _ => None,
    }
}

fn unpack(bytes: &[u8], bits: usize, to_char: impl Fn(u8) -> Option<char>) -> Result<String> {
    let total = bytes.len() * 8;
    let strip = bytes[0] & 0x80 != 0;
    let mut n = (total - 1) / bits;
    if strip {
        n = n.saturating_sub(1);
    }
    let mut out = String::with_capacity(n);
    let mut bit = 1usize;
    for _ in 0..n {
        let mut v = 0u8;
        for _ in 0..bits {
            let b = (bytes[bit / 8] >> (7 - bit % 8)) & 1;
            v = (v << 1) | b;
            bit += 1;
        }
        out.push(to_char(v).ok_or(Error::BadMetaString {
            at: 0,
            reason: "invalid 5-bit char code",
        })?);
    }
    Ok(out)
}

/// Strings longer than this many bytes carry a 64-bit hash in the stream form.
const SMALL_STRING_THRESHOLD: usize = 16;

/// The 64-bit value pyfory writes before a big (> 16 bytes) stream meta string.
pub fn stream_meta_string_hash(ms: &MetaString) -> i64 {
    let h = murmur3_lane0(&ms.bytes, FORY_HASH_SEED);
    ((h & !0xFF) | ms.encoding.wire() as u64) as i64
}

/// Writes the first occurrence of a meta string in a message (stream form).
///
/// The caller owns the per-message table (namespaces and type names share it) and must use
/// [`write_stream_meta_string_ref`] for later occurrences.
pub fn write_stream_meta_string(w: &mut Writer<'_>, ms: &MetaString) {
    let len = ms.bytes.len();
    w.varuint32((len as u32) << 1);
    if len > SMALL_STRING_THRESHOLD {
        w.u64(stream_meta_string_hash(ms) as u64);
    } else if len != 0 {
        w.u8(ms.encoding.wire());
    }
    w.bytes(&ms.bytes);
}

/// Writes a back-reference to the `index`-th (0-based) meta string written in this message.
pub fn write_stream_meta_string_ref(w: &mut Writer<'_>, index: u32) {
    w.varuint32(((index + 1) << 1) | 1);
}

/// What [`read_stream_meta_string`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamMetaRead {
    /// A meta string seen for the first time; the caller appends it to its table.
    New(MetaString),
    /// A back-reference to entry `.0` (0-based) of the caller's table, already range-checked.
    BackRef(usize),
}

/// Reads one stream meta string. `known` is the size of the caller's table, used to reject
/// back-references to entries that do not exist.
pub fn read_stream_meta_string(r: &mut Reader<'_>, known: usize) -> Result<StreamMetaRead> {
    let at = r.pos();
    let header = r.varuint32()?;
    let len = (header >> 1) as usize;
    if header & 1 != 0 {
        if len == 0 || len > known {
            return Err(Error::BadBackReference {
                at,
                table: "meta string",
                index: len as u64,
                count: known,
            });
        }
        return Ok(StreamMetaRead::BackRef(len - 1));
    }
    if len == 0 {
        return Ok(StreamMetaRead::New(MetaString {
            encoding: Encoding::Utf8,
            bytes: Vec::new(),
        }));
    }
    if len <= SMALL_STRING_THRESHOLD {
        let enc_at = r.pos();
        let encoding = Encoding::from_wire(r.u8()?).ok_or(Error::BadMetaString {
            at: enc_at,
            reason: "unknown meta string encoding",
        })?;
        let bytes = r.take(len)?.to_vec();
        return Ok(StreamMetaRead::New(MetaString { encoding, bytes }));
    }
    let hash_at = r.pos();
    let hash = r.i64()?;
    let encoding = Encoding::from_wire((hash & 0xFF) as u8).ok_or(Error::BadMetaString {
        at: hash_at,
        reason: "unknown meta string encoding",
    })?;
    if len > r.remaining() {
        return Err(Error::LengthOverflow {
            at,
            len: len as u64,
            remaining: r.remaining(),
        });
    }
    let ms = MetaString {
        encoding,
        bytes: r.take(len)?.to_vec(),
    };
    if stream_meta_string_hash(&ms) != hash {
        return Err(Error::BadMetaString {
            at: hash_at,
            reason: "meta string hash does not match its bytes",
        });
    }
    Ok(StreamMetaRead::New(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(enc: Encoding, bytes: &[u8]) -> MetaString {
        MetaString {
            encoding: enc,
            bytes: bytes.to_vec(),
        }
    }

    // Expected bytes below were printed by pyfory 1.7.7's MetaStringEncoder.
    #[test]
    fn known_pyfory_encodings() {
        assert_eq!(
            encode_namespace("Demo"),
            ms(Encoding::FirstToLowerSpecial, &[0x0c, 0x8c, 0x70])
        );
        assert_eq!(
            encode_type_name("X"),
            ms(Encoding::FirstToLowerSpecial, &[0x5c])
        );
        assert_eq!(
            encode_type_name("Field"),
            ms(Encoding::FirstToLowerSpecial, &[0x95, 0x04, 0x58, 0xc0])
        );
        assert_eq!(
            encode_type_name("a1"),
            ms(Encoding::LowerUpperDigitSpecial, &[0x01, 0xa8])
        );
        assert_eq!(
            encode_namespace("aaaaaaaaaaaaaaaaaaaa"),
            ms(Encoding::LowerSpecial, &[0; 13])
        );
        assert_eq!(
            encode_typedef_namespace("demo"),
            ms(Encoding::AllToLowerSpecial, &[0x0c, 0x8c, 0x70])
        );
        assert_eq!(encode_type_name("名字").encoding, Encoding::Utf8);
        assert_eq!(encode_type_name(""), ms(Encoding::Utf8, &[]));
    }

    #[test]
    fn roundtrip_all_encodings() {
        let names = [
            "demo",
            "Point",
            "MyType",
            "ABC",
            "a_b$c",
            "myField",
            "x",
            "some_long_field_name",
            "field1",
            "a.b.c",
            "Demo",
            "X",
            "名字",
            "café",
            "a|b",
            "$",
            "_",
            "abcdefgh",
            "com.example.very.long.namespace",
        ];
        for name in names {
            for (specials, allowed) in [
                (NAMESPACE_SPECIALS, ALL_ENCODINGS),
                (NAMESPACE_SPECIALS, NAMESPACE_TYPEDEF_ENCODINGS),
                (NAME_SPECIALS, ALL_ENCODINGS),
                (NAME_SPECIALS, TYPE_NAME_TYPEDEF_ENCODINGS),
                (NAME_SPECIALS, FIELD_NAME_ENCODINGS),
            ] {
                let m = MetaStringEncoder::new(specials).encode(name, allowed);
                assert!(allowed.contains(&m.encoding) || m.encoding == Encoding::Utf8);
                assert_eq!(m.decode(specials).unwrap(), name, "{name} {:?}", m.encoding);
            }
        }
    }

    #[test]
    fn strip_flag_lengths() {
        // Every length up to 40 must survive the padding/strip-flag logic in both bit widths.
        for n in 0..40 {
            let s: String = "abcdefghijklmnopqrstuvwxyz"
                .chars()
                .cycle()
                .take(n)
                .collect();
            for enc in [Encoding::LowerSpecial, Encoding::LowerUpperDigitSpecial] {
                let m = MetaStringEncoder::new(NAME_SPECIALS)
                    .encode_with(&s, enc)
                    .unwrap();
                assert_eq!(m.decode(NAME_SPECIALS).unwrap(), s);
            }
        }
    }

    #[test]
    fn hostile_decode_never_panics() {
        for enc in ALL_ENCODINGS {
            for a in 0..=255u8 {
                let _ = decode(&[a], *enc, NAME_SPECIALS);
                let _ = decode(&[a, 0xff, a], *enc, NAME_SPECIALS);
            }
        }
        assert!(decode(&[0x7f, 0xff], Encoding::LowerSpecial, NAME_SPECIALS).is_err());
        assert!(decode(&[0xff, 0xfe], Encoding::Utf8, NAME_SPECIALS).is_err());
        // "|" alone: code 29 then nothing.
        let bar = MetaStringEncoder::new(NAME_SPECIALS)
            .encode_with("|", Encoding::LowerSpecial)
            .unwrap();
        assert!(decode(&bar.bytes, Encoding::AllToLowerSpecial, NAME_SPECIALS).is_err());
    }

    #[test]
    fn stream_roundtrip_and_refs() {
        let mut buf = Vec::new();
        let small = encode_namespace("demo");
        let big = encode_namespace("com.example.very.long.namespace.with.more");
        assert!(big.bytes.len() > 16);
        {
            let mut w = Writer::new(&mut buf);
            write_stream_meta_string(&mut w, &small);
            write_stream_meta_string(&mut w, &big);
            write_stream_meta_string(&mut w, &encode_namespace(""));
            write_stream_meta_string_ref(&mut w, 1);
        }
        let mut r = Reader::new(&buf);
        assert_eq!(
            read_stream_meta_string(&mut r, 0).unwrap(),
            StreamMetaRead::New(small)
        );
        assert_eq!(
            read_stream_meta_string(&mut r, 1).unwrap(),
            StreamMetaRead::New(big)
        );
        assert_eq!(
            read_stream_meta_string(&mut r, 2).unwrap(),
            StreamMetaRead::New(ms(Encoding::Utf8, &[]))
        );
        assert_eq!(
            read_stream_meta_string(&mut r, 3).unwrap(),
            StreamMetaRead::BackRef(1)
        );
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn stream_hostile() {
        // back-ref 0 and out of range
        assert!(read_stream_meta_string(&mut Reader::new(&[0x01]), 5).is_err());
        assert!(read_stream_meta_string(&mut Reader::new(&[0x05]), 1).is_err());
        // bad encoding byte
        assert!(read_stream_meta_string(&mut Reader::new(&[0x02, 0x09, 0x00]), 0).is_err());
        // truncated
        assert!(read_stream_meta_string(&mut Reader::new(&[0x08, 0x01, 0x00]), 0).is_err());
        // big string with a wrong hash
        let mut data = vec![40u8 << 1];
        data.extend_from_slice(&1i64.to_le_bytes());
        data.extend_from_slice(&[0u8; 20]);
        assert!(read_stream_meta_string(&mut Reader::new(&data), 0).is_err());
    }
}
