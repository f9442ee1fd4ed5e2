//! Unit tests of the byte layer (varints, scalars, the writer's room, string bodies).

use super::writer::MAX_ROOM;
use super::*;
use crate::error::{Error, Result};

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
