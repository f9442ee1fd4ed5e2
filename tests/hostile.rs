//! Hostile input: every decode entry (`fory::Value`, typed std targets, with and without
//! out-of-band buffers) must return a typed error — never panic, never overflow the stack, never
//! allocate more than the input can back.
//!
//! * every catalogue and out-of-band payload pyfory 1.7.7 writes, truncated at every length and
//!   with every single bit flipped;
//! * crafted messages for each class of malformed input, with the error variant and offset;
//! * length bombs (a few bytes claiming 4 GiB), checked with a counting allocator;
//! * amplification bombs (zero-byte elements, back-reference copies);
//! * deep nesting against the depth limit.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};

use fory::__private::Writer;
use fory::{Error, Fory, Value};
use fory_tests::{catalogue, oob_cases};

// ---------------------------------------------------------------------------------------------
// The shared counting allocator (`tests/support/counting.rs`): only allocations made on a thread
// inside `measure` are counted, so tests running in parallel do not disturb each other.

#[global_allocator]
static ALLOC: fory_tests::counting::Counting = fory_tests::counting::Counting;

use fory_tests::counting::measure;

const MIB: usize = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Message building.

const XLANG: u8 = 0x01;
const OOB: u8 = 0x02;
const NOT_NULL: u8 = 0xFF;
const REF_VALUE: u8 = 0x00;
const REF: u8 = 0xFE;

mod ty {
    pub const INT8: u8 = 2;
    pub const VARINT32: u8 = 5;
    pub const VARINT64: u8 = 7;
    pub const STRING: u8 = 21;
    pub const LIST: u8 = 22;
    pub const SET: u8 = 23;
    pub const MAP: u8 = 24;
    pub const NAMED_ENUM: u8 = 26;
    pub const STRUCT: u8 = 27;
    pub const COMPATIBLE_STRUCT: u8 = 28;
    pub const NAMED_STRUCT: u8 = 29;
    pub const NONE: u8 = 36;
    pub const BINARY: u8 = 41;
    pub const INT32_ARRAY: u8 = 46;
}

/// List header bits.
const TRACK_REF: u8 = 0x01;
const SAME_TYPE: u8 = 0x08;

/// A message under construction: header byte and root ref flag already written.
struct Msg(Vec<u8>);

impl Msg {
    fn new() -> Msg {
        Msg(vec![XLANG, NOT_NULL])
    }
    fn oob() -> Msg {
        Msg(vec![XLANG | OOB, NOT_NULL])
    }
    fn raw(header: u8) -> Msg {
        Msg(vec![header])
    }
    fn u8(mut self, b: u8) -> Msg {
        self.0.push(b);
        self
    }
    fn bytes(mut self, b: &[u8]) -> Msg {
        self.0.extend_from_slice(b);
        self
    }
    fn var32(mut self, v: u32) -> Msg {
        Writer::new(&mut self.0).varuint32(v);
        self
    }
    fn var64(mut self, v: u64) -> Msg {
        Writer::new(&mut self.0).varuint64(v);
        self
    }
    fn done(self) -> Vec<u8> {
        self.0
    }
}

/// Runs `f`, turning a panic into a test failure that names the input.
fn no_panic<R>(what: &str, input: &[u8], f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{what}: decoding panicked ({msg}) on input {input:02x?}")
        }
    }
}

fn value(fory: &Fory, bytes: &[u8]) -> Result<Value, Error> {
    fory.deserialize::<Value>(bytes)
}

/// Decodes `bytes` into `Value` and every typed target; returns the `Value` result.
fn decode_all(fory: &Fory, bytes: &[u8]) -> Result<Value, Error> {
    let _ = fory.deserialize::<Vec<String>>(bytes);
    let _ = fory.deserialize::<HashMap<String, i64>>(bytes);
    let _ = fory.deserialize::<Vec<Vec<u8>>>(bytes);
    let _ = fory.deserialize::<String>(bytes);
    let _ = fory.deserialize::<i64>(bytes);
    let _ = fory.deserialize::<Vec<Option<i32>>>(bytes);
    let _ = fory.deserialize::<BTreeMap<i64, Vec<String>>>(bytes);
    value(fory, bytes)
}

fn decode_all_with_buffers(fory: &Fory, bytes: &[u8], bufs: &[Vec<u8>]) -> Result<Value, Error> {
    let _ = fory.deserialize_with_buffers::<Vec<Vec<u8>>, _>(bytes, bufs);
    let _ = fory.deserialize_with_buffers::<Vec<u8>, _>(bytes, bufs);
    let _ = fory.deserialize_with_buffers::<Vec<String>, _>(bytes, bufs);
    let _ = fory.deserialize_with_buffers::<Vec<bytes::Bytes>, _>(bytes, bufs);
    fory.deserialize_with_buffers::<Value, _>(bytes, bufs)
}

fn fory_with(compatible: bool, track_ref: bool) -> Fory {
    fory_tests::fory(compatible, track_ref)
}

// ---------------------------------------------------------------------------------------------
// Amplification.

/// An outer list of `k` inner lists, each claiming `l` elements of type NONE, which take no
/// bytes: `l` bytes of padding at the end make every claim look backed.
fn zero_size_bomb(k: u32, l: u32) -> Vec<u8> {
    let mut m = Msg::new().u8(ty::LIST).var32(k).u8(SAME_TYPE).u8(ty::LIST);
    for _ in 0..k {
        m = m.var32(l).u8(SAME_TYPE).u8(ty::NONE);
    }
    m.bytes(&vec![0; l as usize]).done()
}

#[test]
fn zero_size_elements_are_limited_per_message() {
    let fory = Fory::default();
    // 2000 lists of 20_000 nulls each: 40 million values from 30 KB.
    let msg = zero_size_bomb(2000, 20_000);
    let (r, allocs) = measure(|| value(&fory, &msg));
    assert!(
        matches!(r, Err(Error::LengthOverflow { .. })),
        "zero-size bomb decoded: {:?}",
        r.map(|_| ())
    );
    assert!(
        allocs.total < 64 * msg.len() + MIB,
        "zero-size bomb of {} bytes allocated {} bytes",
        msg.len(),
        allocs.total
    );
    // A few thousand zero-size elements are fine (the documented budget is 8192).
    let ok = zero_size_bomb(4, 1000);
    assert_eq!(
        value(&fory, &ok).unwrap(),
        Value::List(vec![Value::List(vec![Value::Null; 1000]); 4])
    );
}

/// X0 = [1, 2]; Xk = [ref X(k-1), ref X(k-1)]: each `Value` back-reference is a copy, so the
/// size doubles per element while the message grows by a few bytes.
fn ref_doubling_bomb(levels: u32) -> Vec<u8> {
    let mut m = Msg::new()
        .u8(ty::LIST)
        .var32(levels + 1)
        .u8(TRACK_REF)
        .u8(REF_VALUE)
        .u8(ty::LIST)
        .var32(2)
        .u8(SAME_TYPE)
        .u8(ty::INT8)
        .bytes(&[1, 2]);
    for k in 1..=levels {
        m = m
            .u8(REF_VALUE)
            .u8(ty::LIST)
            .var32(2)
            .u8(TRACK_REF)
            .u8(REF)
            .var32(k - 1)
            .u8(REF)
            .var32(k - 1);
    }
    m.done()
}

#[test]
fn value_back_reference_copies_are_bounded() {
    let fory = Fory::default();
    let small = ref_doubling_bomb(3);
    let v = value(&fory, &small).unwrap();
    let Value::List(items) = v else {
        panic!("not a list")
    };
    assert_eq!(items.len(), 4);
    let msg = ref_doubling_bomb(40);
    let (r, allocs) = measure(|| value(&fory, &msg));
    assert!(r.is_err(), "2^40 copies from {} bytes decoded", msg.len());
    assert!(
        allocs.total < 64 * MIB,
        "ref bomb of {} bytes allocated {} bytes",
        msg.len(),
        allocs.total
    );
}

// ---------------------------------------------------------------------------------------------
// Every catalogue payload, truncated and bit-flipped.

/// The four configurations a payload may be read with.
fn all_configs() -> Vec<Fory> {
    let mut v = Vec::new();
    for compatible in [true, false] {
        for track_ref in [false, true] {
            v.push(fory_with(compatible, track_ref));
        }
    }
    v
}

/// Upper bound on what decoding `len` input bytes may allocate in total: decoded values
/// (a `Value` node per byte, vectors growing by doubling), plus the back-reference copy budget.
fn alloc_bound(len: usize) -> usize {
    1024 * len + 4 * MIB
}

#[test]
fn truncated_catalogue_payloads_are_errors() {
    let cases = catalogue();
    assert!(cases.len() >= 40, "catalogue has {} cases", cases.len());
    let configs = all_configs();
    let mut checked = 0;
    for case in &cases {
        let own = fory_with(case.compatible, case.track_ref);
        for cut in 0..case.bytes.len() {
            let prefix = &case.bytes[..cut];
            let r = no_panic(&case.name, prefix, || decode_all(&own, prefix));
            assert!(
                r.is_err(),
                "{}: prefix of {cut}/{} bytes decoded as {:?}",
                case.name,
                case.bytes.len(),
                r
            );
            for fory in &configs {
                let r = no_panic(&case.name, prefix, || decode_all(fory, prefix));
                assert!(r.is_err(), "{}: prefix of {cut} bytes decoded", case.name);
            }
            checked += 1;
        }
        // The complete payload never panics either, whatever the configuration.
        for fory in &configs {
            let _ = no_panic(&case.name, &case.bytes, || decode_all(fory, &case.bytes));
        }
    }
    assert!(checked > 1000, "only {checked} prefixes checked");
}

#[test]
fn truncated_payloads_error_with_unexpected_eof() {
    // Cutting a plain value anywhere after the header reports the end of input.
    let fory = Fory::default();
    let full = fory
        .serialize(&vec!["alpha".to_string(), "beta".to_string()])
        .unwrap();
    for cut in 1..full.len() {
        let r = fory.deserialize::<Vec<String>>(&full[..cut]);
        assert!(
            matches!(
                r,
                Err(Error::UnexpectedEof { .. } | Error::LengthOverflow { .. })
            ),
            "cut at {cut}: {r:?}"
        );
    }
    assert_eq!(
        fory.deserialize::<Value>(&[]),
        Err(Error::UnexpectedEof {
            at: 0,
            needed: 1,
            remaining: 0
        })
    );
}

#[test]
fn bit_flipped_catalogue_payloads_never_panic() {
    let cases = catalogue();
    let mut decoded = 0usize;
    for case in &cases {
        let fory = fory_with(case.compatible, case.track_ref);
        let mut bytes = case.bytes.clone();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                bytes[i] ^= 1 << bit;
                let (_, allocs) =
                    measure(|| no_panic(&case.name, &bytes, || decode_all(&fory, &bytes)));
                assert!(
                    allocs.total < alloc_bound(bytes.len()),
                    "{}: flipping bit {bit} of byte {i} made decoding allocate {} bytes",
                    case.name,
                    allocs.total
                );
                bytes[i] ^= 1 << bit;
                decoded += 1;
            }
            // Replace the byte with the interesting values too.
            let orig = bytes[i];
            for b in [0x00, 0x7f, 0x80, 0xfd, 0xfe, 0xff] {
                bytes[i] = b;
                let _ = no_panic(&case.name, &bytes, || decode_all(&fory, &bytes));
            }
            bytes[i] = orig;
        }
    }
    assert!(decoded > 10_000, "only {decoded} mutants");
}

#[test]
fn truncated_out_of_band_payloads_are_errors() {
    let cases = oob_cases();
    assert!(cases.len() >= 4);
    for case in &cases {
        let fory = fory_with(case.compatible, case.track_ref);
        let lenient = Fory::builder()
            .compatible(case.compatible)
            .ref_tracking(case.track_ref)
            .allow_unused_buffers(true)
            .build();
        let p = &case.payload;
        for cut in 0..p.len() {
            let prefix = &p[..cut];
            for f in [&fory, &lenient] {
                let r = no_panic(&case.name, prefix, || {
                    decode_all_with_buffers(f, prefix, &case.buffers)
                });
                assert!(r.is_err(), "{}: prefix of {cut} bytes decoded", case.name);
            }
        }
        // Too few buffers: an error, at every count (an out-of-band error when the payload is
        // otherwise readable as Value).
        let readable = fory
            .deserialize_with_buffers::<Value, _>(p, &case.buffers)
            .is_ok();
        for n in 0..case.buffers.len() {
            let r = no_panic(&case.name, p, || {
                decode_all_with_buffers(&fory, p, &case.buffers[..n])
            });
            assert!(
                matches!(r, Err(Error::OutOfBand(_))) || (!readable && r.is_err()),
                "{}: {n} of {} buffers: {r:?}",
                case.name,
                case.buffers.len()
            );
        }
        // One buffer too many: an error unless allowed.
        let mut more = case.buffers.clone();
        more.push(b"surplus".to_vec());
        let r = fory.deserialize_with_buffers::<Value, _>(p, &more);
        assert!(
            matches!(r, Err(Error::OutOfBand(_))) || (!readable && r.is_err()),
            "{}: {r:?}",
            case.name
        );
        // Without buffers at all: an error.
        assert!(matches!(value(&fory, p), Err(Error::OutOfBand(_))));
        // Truncated or emptied buffers never panic (typed views may reject them).
        let cut: Vec<Vec<u8>> = case
            .buffers
            .iter()
            .map(|b| b[..b.len() / 2 + b.len() % 3].to_vec())
            .collect();
        let _ = no_panic(&case.name, p, || decode_all_with_buffers(&fory, p, &cut));
        // Every bit of the payload flipped.
        let mut bytes = p.clone();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                bytes[i] ^= 1 << bit;
                let _ = no_panic(&case.name, &bytes, || {
                    decode_all_with_buffers(&lenient, &bytes, &case.buffers)
                });
                bytes[i] ^= 1 << bit;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Crafted inputs, one class of malformation at a time.

#[test]
fn bad_header_and_flags() {
    let fory = Fory::default();
    assert_eq!(
        value(&fory, &[0x05, NOT_NULL, ty::INT8, 1]),
        Err(Error::UnknownHeaderBits { bits: 0x04 })
    );
    assert_eq!(
        value(&fory, &[0x80, NOT_NULL, ty::INT8, 1]),
        Err(Error::UnknownHeaderBits { bits: 0x80 })
    );
    assert_eq!(
        value(&fory, &[0x00, NOT_NULL, ty::INT8, 1]),
        Err(Error::XlangMismatch { found: false })
    );
    // Out-of-band bit without buffers, and buffers without the bit.
    assert!(matches!(
        value(&fory, &Msg::oob().u8(ty::INT8).u8(1).done()),
        Err(Error::OutOfBand(_))
    ));
    let no: &[&[u8]] = &[];
    assert!(matches!(
        fory.deserialize_with_buffers::<Value, _>(&Msg::new().u8(ty::INT8).u8(1).done(), no),
        Err(Error::OutOfBand(_))
    ));
    // Ref flags: anything but FD/FE/FF/00.
    for flag in [0x01, 0x7f, 0x80, 0xfc] {
        assert_eq!(
            value(&fory, &Msg::raw(XLANG).u8(flag).u8(ty::INT8).u8(1).done()),
            Err(Error::BadRefFlag { at: 1, flag })
        );
        // ... inside a list with per-element flags.
        let msg = Msg::new()
            .u8(ty::LIST)
            .var32(2)
            .u8(0x02 | SAME_TYPE)
            .u8(ty::INT8)
            .u8(NOT_NULL)
            .u8(1)
            .u8(flag)
            .u8(2)
            .done();
        assert_eq!(
            value(&fory, &msg),
            Err(Error::BadRefFlag { at: 8, flag }),
            "{msg:02x?}"
        );
    }
    // Unknown list header bits and map chunk header bits.
    let msg = Msg::new().u8(ty::LIST).var32(1).u8(0x10).done();
    assert!(matches!(
        value(&fory, &msg),
        Err(Error::Invalid { at: 4, .. })
    ));
    let msg = Msg::new().u8(ty::MAP).var32(1).u8(0x40).done();
    assert!(matches!(
        value(&fory, &msg),
        Err(Error::Invalid { at: 4, .. })
    ));
    // A null where the target cannot hold one.
    assert_eq!(
        fory.deserialize::<String>(&[XLANG, 0xFD]),
        Err(Error::UnexpectedNull {
            at: 1,
            expected: "alloc::string::String"
        })
    );
    // A map chunk claiming more pairs than the map, or zero pairs.
    for size in [0u8, 2] {
        let msg = Msg::new()
            .u8(ty::MAP)
            .var32(1)
            .u8(0x00)
            .u8(size)
            .u8(ty::INT8)
            .u8(ty::INT8)
            .bytes(&[1, 2])
            .done();
        assert!(
            matches!(value(&fory, &msg), Err(Error::Invalid { at: 5, .. })),
            "{:?}",
            value(&fory, &msg)
        );
    }
}

#[test]
fn unknown_type_ids() {
    let fory = Fory::default();
    for id in [0u8, 42, 57, 63, 64, 100, 200, 255] {
        let msg = Msg::new().u8(id).bytes(&[0; 8]).done();
        assert_eq!(
            value(&fory, &msg),
            Err(Error::UnknownTypeId {
                at: 2,
                id: id as u32
            }),
            "type id {id}"
        );
        assert!(fory.deserialize::<Vec<String>>(&msg).is_err());
        assert!(fory.deserialize::<i64>(&msg).is_err());
        // As a list's element type.
        let msg = Msg::new()
            .u8(ty::LIST)
            .var32(1)
            .u8(SAME_TYPE)
            .u8(id)
            .bytes(&[0; 8])
            .done();
        assert_eq!(
            value(&fory, &msg),
            Err(Error::UnknownTypeId {
                at: 5,
                id: id as u32
            })
        );
        // As a map's key type.
        let msg = Msg::new()
            .u8(ty::MAP)
            .var32(1)
            .u8(0)
            .u8(1)
            .u8(id)
            .u8(ty::INT8)
            .bytes(&[0; 8])
            .done();
        assert_eq!(
            value(&fory, &msg),
            Err(Error::UnknownTypeId {
                at: 6,
                id: id as u32
            })
        );
    }
    // Ids the wire defines but no reader supports are type errors too, never panics.
    for id in 16u8..=56 {
        let msg = Msg::new().u8(id).bytes(&[0; 16]).done();
        let _ = no_panic("type id", &msg, || decode_all(&fory, &msg));
    }
    // A known type that the target cannot read.
    let msg = Msg::new().u8(ty::INT8).u8(1).done();
    assert!(matches!(
        fory.deserialize::<String>(&msg),
        Err(Error::TypeMismatch {
            at: 3,
            found: 2,
            ..
        })
    ));
}

#[test]
fn bad_varints() {
    let fory = Fory::default();
    // varuint32 whose 5th byte overflows 32 bits.
    for fifth in [0x10u8, 0x7f, 0x80, 0xff] {
        let msg = Msg::new()
            .u8(ty::VARINT32)
            .bytes(&[0xff, 0xff, 0xff, 0xff, fifth])
            .done();
        assert_eq!(value(&fory, &msg), Err(Error::BadVarint { at: 3 }));
        assert_eq!(
            fory.deserialize::<i32>(&msg),
            Err(Error::BadVarint { at: 3 })
        );
        // As a container length.
        let msg = Msg::new()
            .u8(ty::LIST)
            .bytes(&[0x80, 0x80, 0x80, 0x80, fifth])
            .done();
        assert_eq!(value(&fory, &msg), Err(Error::BadVarint { at: 3 }));
    }
    // The largest 5-byte varuint32 is fine.
    let msg = Msg::new()
        .u8(12)
        .bytes(&[0xff, 0xff, 0xff, 0xff, 0x0f])
        .done();
    assert_eq!(value(&fory, &msg), Ok(Value::U32(u32::MAX)));
    // A 64-bit varint takes at most 9 bytes, the 9th carrying 8 raw bits: every 9-byte form is
    // a valid u64, and a value too large for the target is OutOfRange.
    let msg = Msg::new().u8(ty::VARINT64).bytes(&[0xff; 9]).done();
    assert_eq!(value(&fory, &msg), Ok(Value::I64(i64::MIN)));
    assert_eq!(
        fory.deserialize::<i32>(&msg),
        Err(Error::OutOfRange {
            at: 3,
            target: "i32"
        })
    );
    let msg = Msg::new().u8(ty::VARINT64).var64(u64::MAX - 1).done();
    assert_eq!(value(&fory, &msg), Ok(Value::I64(i64::MAX)));
    assert_eq!(
        fory.deserialize::<i8>(&msg),
        Err(Error::OutOfRange {
            at: 3,
            target: "i8"
        })
    );
    // Truncated varints.
    for len in 1..9 {
        let msg = Msg::new().u8(ty::VARINT64).bytes(&[0x80; 9][..len]).done();
        assert!(
            matches!(value(&fory, &msg), Err(Error::UnexpectedEof { at: 3, .. })),
            "{len}"
        );
    }
    // A string header (varuint64) of 9 bytes claims far more than is there.
    let msg = Msg::new().u8(ty::STRING).bytes(&[0xff; 9]).u8(b'a').done();
    assert!(matches!(
        value(&fory, &msg),
        Err(Error::LengthOverflow { at: 3, .. })
    ));
}

#[test]
fn invalid_string_data() {
    let fory = Fory::default();
    let cases: [(&[u8], &str); 5] = [
        (&[0x0a, 0xff, 0xfe], "UTF-8"),              // UTF-8, invalid bytes
        (&[0x0a, 0xc3, 0x28], "UTF-8"),              // UTF-8, bad continuation
        (&[0x09, 0x00, 0xd8], "UTF-16"),             // UTF-16, lone high surrogate
        (&[0x0d, 0x41, 0x00, 0x42], "UTF-16"),       // UTF-16, odd byte count
        (&[0x11, 0x00, 0xdc, 0x41, 0x00], "UTF-16"), // UTF-16, lone low surrogate
    ];
    for (body, encoding) in cases {
        let msg = Msg::new().u8(ty::STRING).bytes(body).done();
        let want = Err(Error::BadString { at: 4, encoding });
        assert_eq!(value(&fory, &msg), want, "{body:02x?}");
        assert_eq!(
            fory.deserialize::<String>(&msg).map(|_| ()),
            want.map(|_: Value| ())
        );
        // Inside a list of strings.
        let msg = Msg::new()
            .u8(ty::LIST)
            .var32(1)
            .u8(SAME_TYPE)
            .u8(ty::STRING)
            .bytes(body)
            .done();
        assert_eq!(
            fory.deserialize::<Vec<String>>(&msg),
            Err(Error::BadString { at: 7, encoding })
        );
    }
    // Encoding 3 does not exist.
    let msg = Msg::new().u8(ty::STRING).bytes(&[0x07, b'a']).done();
    assert!(matches!(
        value(&fory, &msg),
        Err(Error::Invalid { at: 3, .. })
    ));
}

#[test]
fn meta_string_and_type_def_references_out_of_range() {
    let plain = fory_with(false, false);
    // A stream meta string back-reference (header bit 0 set) to entry 5 of an empty table.
    for id in [ty::NAMED_STRUCT, ty::NAMED_ENUM] {
        let msg = Msg::new().u8(id).var32((5 << 1) | 1).done();
        assert_eq!(
            value(&plain, &msg),
            Err(Error::BadBackReference {
                at: 3,
                table: "meta string",
                index: 5,
                count: 0
            })
        );
    }
    // Back-reference 0 is not a valid index (indices are 1-based on the wire).
    let msg = Msg::new().u8(ty::NAMED_STRUCT).var32(1).done();
    assert!(matches!(
        value(&plain, &msg),
        Err(Error::BadBackReference { at: 3, .. })
    ));
    // The second name refers back past the one string read so far.
    let mut m = Msg::new().u8(ty::NAMED_STRUCT).0;
    fory::__private::meta_string::write_stream_meta_string(
        &mut Writer::new(&mut m),
        &fory::__private::meta_string::encode_namespace("demo"),
    );
    let at = m.len();
    let msg = Msg(m).var32((2 << 1) | 1).done();
    assert_eq!(
        value(&plain, &msg),
        Err(Error::BadBackReference {
            at,
            table: "meta string",
            index: 2,
            count: 1
        })
    );

    // TypeDef markers: a back-reference (bit 0) to a TypeDef not yet seen, and a new TypeDef
    // whose index skips ahead.
    let compat = fory_with(true, false);
    let msg = Msg::new()
        .u8(ty::COMPATIBLE_STRUCT)
        .var32((3 << 1) | 1)
        .done();
    assert_eq!(
        value(&compat, &msg),
        Err(Error::BadBackReference {
            at: 3,
            table: "TypeDef",
            index: 3,
            count: 0
        })
    );
    let msg = Msg::new().u8(ty::COMPATIBLE_STRUCT).var32(2 << 1).done();
    assert_eq!(
        value(&compat, &msg),
        Err(Error::BadBackReference {
            at: 3,
            table: "TypeDef",
            index: 2,
            count: 0
        })
    );
    // A huge marker.
    let msg = Msg::new().u8(ty::COMPATIBLE_STRUCT).var32(u32::MAX).done();
    assert!(matches!(
        value(&compat, &msg),
        Err(Error::BadBackReference { at: 3, .. })
    ));
}

#[test]
fn ref_ids_out_of_range() {
    let fory = fory_with(true, true);
    // At the root, before any object.
    assert_eq!(
        value(&fory, &[XLANG, REF, 5]),
        Err(Error::BadRefId {
            at: 1,
            id: 5,
            count: 0
        })
    );
    assert_eq!(
        fory.deserialize::<std::rc::Rc<Vec<String>>>(&[XLANG, REF, 0]),
        Err(Error::BadRefId {
            at: 1,
            id: 0,
            count: 0
        })
    );
    // In a list after one object: ids 1.. are out of range.
    let list = |id: u32| {
        Msg::new()
            .u8(ty::LIST)
            .var32(2)
            .u8(TRACK_REF)
            .u8(REF_VALUE)
            .u8(ty::LIST)
            .var32(0)
            .u8(REF)
            .var32(id)
            .done()
    };
    assert_eq!(
        value(&fory, &list(0)),
        Ok(Value::List(vec![Value::List(vec![]), Value::List(vec![])]))
    );
    for id in [1, 2, 1000, u32::MAX] {
        assert_eq!(
            value(&fory, &list(id)),
            Err(Error::BadRefId {
                at: 8,
                id: id as u64,
                count: 1
            })
        );
    }
    // A reference to the object still being read (a cycle) is an error for Value and for
    // typed shared pointers.
    let cyc = Msg::raw(XLANG)
        .u8(REF_VALUE)
        .u8(ty::LIST)
        .var32(1)
        .u8(TRACK_REF)
        .u8(REF)
        .var32(0)
        .done();
    assert!(matches!(
        value(&fory, &cyc),
        Err(Error::Invalid { at: 5, .. })
    ));
    assert!(fory
        .deserialize::<std::sync::Arc<Vec<std::sync::Arc<Vec<i32>>>>>(&cyc)
        .is_err());
    // A back-reference where the target is not shared.
    assert!(matches!(
        fory.deserialize::<Vec<Vec<i32>>>(&list(0)),
        Err(Error::Invalid { at: 8, .. })
    ));
}

#[test]
fn buffer_index_past_the_supplied_buffers() {
    let fory = Fory::default();
    // Two out-of-band BINARY values, one buffer.
    let msg = Msg::oob()
        .u8(ty::LIST)
        .var32(2)
        .u8(SAME_TYPE)
        .u8(ty::BINARY)
        .u8(0)
        .u8(0)
        .done();
    let one = [b"abc".to_vec()];
    let r = fory.deserialize_with_buffers::<Value, _>(&msg, &one);
    let Err(Error::OutOfBand(m)) = r else {
        panic!("{r:?}")
    };
    assert!(m.contains("byte 7") && m.contains("#1"), "{m}");
    assert!(fory
        .deserialize_with_buffers::<Vec<Vec<u8>>, _>(&msg, &one)
        .is_err());
    assert!(fory
        .deserialize_with_buffers::<Vec<bytes::Bytes>, _>(&msg, &one)
        .is_err());
    let two = [b"abc".to_vec(), b"de".to_vec()];
    assert_eq!(
        fory.deserialize_with_buffers::<Vec<Vec<u8>>, _>(&msg, &two),
        Ok(vec![b"abc".to_vec(), b"de".to_vec()])
    );
    // An empty buffer list with the out-of-band bit set.
    let none: [Vec<u8>; 0] = [];
    let msg = Msg::oob().u8(ty::BINARY).u8(0).done();
    assert!(matches!(
        fory.deserialize_with_buffers::<Value, _>(&msg, &none),
        Err(Error::OutOfBand(_))
    ));
    // The in-band flag must be 0 or 1.
    let msg = Msg::oob().u8(ty::BINARY).u8(2).done();
    assert!(matches!(
        fory.deserialize_with_buffers::<Value, _>(&msg, &one),
        Err(Error::Invalid { at: 3, .. })
    ));
    // In-band bytes claiming more than the payload holds.
    let msg = Msg::oob().u8(ty::BINARY).u8(1).var32(100).u8(1).done();
    assert!(matches!(
        fory.deserialize_with_buffers::<Value, _>(&msg, &one),
        Err(Error::LengthOverflow { at: 4, .. })
    ));
}

/// A struct known only to the registry (as a derive would register it), by id 300, with one
/// `i32` field, for the schema-hash check of non-compatible mode.
struct Hashed;

fn hashed_fields() -> Vec<fory::__private::FieldDef> {
    use fory::__private as p;
    vec![p::FieldDef {
        id: p::FieldId::Name("x".into()),
        ty: <i32 as fory::Serialize>::field_type(),
    }]
}

impl fory::Registered for Hashed {
    fn type_key() -> std::any::TypeId {
        std::any::TypeId::of::<Hashed>()
    }
    fn descriptor() -> fory::__private::TypeDescriptor {
        use fory::__private as p;
        p::TypeDescriptor {
            rust_name: "Hashed",
            ident: p::TypeIdent::Id(300),
            kind: p::DescriptorKind::Struct {
                fields: hashed_fields(),
            },
            static_order: None,
            static_scalars: &[],
        }
    }
}

#[test]
fn mismatched_schema_hash() {
    let mut fory = fory_with(false, false);
    fory.register::<Hashed>().unwrap();
    let hash = fory::__private::type_def::schema_hash(&hashed_fields()) as u32;
    let msg = |h: u32| {
        Msg::new()
            .u8(ty::STRUCT)
            .var32(300)
            .bytes(&h.to_le_bytes())
            .var32(14) // x = 7, zigzag
            .done()
    };
    let good = value(&fory, &msg(hash)).unwrap();
    assert_eq!(good.as_struct().unwrap().get("x"), Some(&Value::I32(7)));
    for wrong in [0, hash ^ 1, hash.wrapping_add(1 << 31), u32::MAX] {
        assert_eq!(
            value(&fory, &msg(wrong)),
            Err(Error::SchemaHashMismatch {
                at: 5,
                type_name: "Hashed",
                expected: hash,
                found: wrong
            })
        );
    }
    // An unregistered id.
    let msg = Msg::new()
        .u8(ty::STRUCT)
        .var32(301)
        .bytes(&hash.to_le_bytes())
        .done();
    assert!(matches!(
        value(&fory, &msg),
        Err(Error::UnregisteredType { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Lengths larger than the input: errors, fast, without allocating the claim.

#[test]
fn four_gib_claims_fail_without_allocating() {
    let fory = Fory::default();
    let compat = fory_with(true, false);
    let g4 = u32::MAX;
    let bombs: Vec<(&str, Vec<u8>)> = vec![
        (
            "string utf8",
            Msg::new()
                .u8(ty::STRING)
                .var64(((g4 as u64) << 2) | 2)
                .u8(b'a')
                .done(),
        ),
        (
            "string latin1",
            Msg::new()
                .u8(ty::STRING)
                .var64((g4 as u64) << 2)
                .u8(b'a')
                .done(),
        ),
        (
            "string 2^62",
            Msg::new().u8(ty::STRING).var64(u64::MAX).u8(b'a').done(),
        ),
        (
            "list",
            Msg::new()
                .u8(ty::LIST)
                .var32(g4)
                .u8(SAME_TYPE)
                .u8(ty::INT8)
                .done(),
        ),
        (
            "set",
            Msg::new()
                .u8(ty::SET)
                .var32(g4)
                .u8(SAME_TYPE)
                .u8(ty::INT8)
                .done(),
        ),
        ("map", Msg::new().u8(ty::MAP).var32(g4).u8(0).u8(255).done()),
        ("binary", Msg::new().u8(ty::BINARY).var32(g4).u8(0).done()),
        (
            "int32 array",
            Msg::new().u8(ty::INT32_ARRAY).var32(g4).u8(0).done(),
        ),
        ("bool array", Msg::new().u8(43).var32(g4).u8(0).done()),
        (
            "in-band buffer",
            Msg::oob().u8(ty::BINARY).u8(1).var32(g4).u8(0).done(),
        ),
        (
            "meta string",
            Msg::new()
                .u8(ty::NAMED_STRUCT)
                .var32(g4 - 1)
                .bytes(&[0; 8])
                .done(),
        ),
        (
            "list of lists",
            Msg::new()
                .u8(ty::LIST)
                .var32(1)
                .u8(SAME_TYPE)
                .u8(ty::LIST)
                .var32(g4)
                .done(),
        ),
    ];
    let no: [Vec<u8>; 0] = [];
    let one = [vec![0u8; 4]];
    for (what, msg) in &bombs {
        assert!(msg.len() <= 16, "{what}: {} bytes", msg.len());
        let (results, allocs) = measure(|| {
            let mut rs = vec![
                value(&fory, msg).map(|_| ()),
                value(&fory_with(false, false), msg).map(|_| ()),
                value(&compat, msg).map(|_| ()),
                fory.deserialize::<String>(msg).map(|_| ()),
                fory.deserialize::<Vec<String>>(msg).map(|_| ()),
                fory.deserialize::<Vec<i32>>(msg).map(|_| ()),
                fory.deserialize::<Vec<u8>>(msg).map(|_| ()),
                fory.deserialize::<Vec<bool>>(msg).map(|_| ()),
                fory.deserialize::<HashMap<String, i64>>(msg).map(|_| ()),
                fory.deserialize::<Vec<Vec<u8>>>(msg).map(|_| ()),
                fory.deserialize::<std::collections::BTreeSet<i8>>(msg)
                    .map(|_| ()),
            ];
            if msg[0] & OOB != 0 {
                rs.push(
                    fory.deserialize_with_buffers::<Value, _>(msg, &one)
                        .map(|_| ()),
                );
                rs.push(
                    fory.deserialize_with_buffers::<Vec<u8>, _>(msg, &one)
                        .map(|_| ()),
                );
                rs.push(
                    fory.deserialize_with_buffers::<Value, _>(msg, &no)
                        .map(|_| ()),
                );
            }
            rs
        });
        for r in &results {
            assert!(r.is_err(), "{what}: decoded");
        }
        // The Value reader's result says why.
        if msg[0] & OOB == 0 && *what != "meta string" {
            assert!(
                matches!(results[0], Err(Error::LengthOverflow { .. })),
                "{what}: {:?}",
                results[0]
            );
        }
        assert!(
            allocs.largest < MIB,
            "{what}: an allocation of {} bytes",
            allocs.largest
        );
        assert!(
            allocs.total < MIB,
            "{what}: {} bytes allocated",
            allocs.total
        );
    }
    // The exact report for the string claim.
    assert_eq!(
        value(&fory, &bombs[0].1),
        Err(Error::LengthOverflow {
            at: 3,
            len: g4 as u64,
            remaining: 1
        })
    );
    assert_eq!(
        value(&fory, &bombs[3].1),
        Err(Error::LengthOverflow {
            at: 3,
            len: g4 as u64,
            remaining: 2
        })
    );
}

#[test]
fn type_def_size_claims_fail_without_allocating() {
    let compat = fory_with(true, false);
    // A TypeDef header whose size says "255 + varuint32" with a huge extension.
    let mut header = 0xFFu64; // size field saturated
    header |= 0xABCD << 12;
    let msg = Msg::new()
        .u8(ty::COMPATIBLE_STRUCT)
        .var32(0)
        .bytes(&header.to_le_bytes())
        .var32(u32::MAX)
        .done();
    let (r, allocs) = measure(|| value(&compat, &msg));
    assert!(
        matches!(
            r,
            Err(Error::LengthOverflow { .. } | Error::BadTypeDef { .. })
        ),
        "{r:?}"
    );
    assert!(allocs.largest < MIB);
    // A TypeDef claiming 2^31 fields in a tiny body.
    let def =
        fory::schema::TypeDef::new_struct(fory::schema::TypeIdent::Id(5), true, hashed_fields())
            .encode()
            .unwrap();
    let msg = Msg::new()
        .u8(ty::COMPATIBLE_STRUCT)
        .var32(0)
        .bytes(&def)
        .var32(14)
        .done();
    let v = value(&compat, &msg).unwrap();
    assert_eq!(v.as_struct().unwrap().get("x"), Some(&Value::I32(7)));
    for i in 0..def.len() {
        for b in [0x00, 0x7f, 0x80, 0xff] {
            let mut bad = def.clone();
            bad[i] = b;
            let msg = Msg::new()
                .u8(ty::COMPATIBLE_STRUCT)
                .var32(0)
                .bytes(&bad)
                .var32(14)
                .done();
            let (r, allocs) = measure(|| no_panic("typedef", &msg, || value(&compat, &msg)));
            // The body is covered by the header hash: changing it is always detected.
            if i >= 8 && bad != def {
                assert!(r.is_err(), "byte {i} = {b:#04x}: {r:?}");
            }
            assert!(allocs.largest < MIB);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Depth.

/// `depth` lists, each holding the next; the innermost holds one `i8`. (Empty containers do
/// not count: reading them does not recurse.)
fn nested_lists(depth: usize) -> Vec<u8> {
    let mut m = Msg::new();
    for _ in 0..depth - 1 {
        m = m.u8(ty::LIST).var32(1).u8(0);
    }
    m.u8(ty::LIST).var32(1).u8(0).u8(ty::INT8).u8(7).done()
}

/// `depth` maps, each `{"": next}`; the innermost is empty.
fn nested_maps(depth: usize) -> Vec<u8> {
    let mut m = Msg::new().u8(ty::MAP);
    for _ in 0..depth - 1 {
        m = m.var32(1).u8(0).u8(1).u8(ty::STRING).u8(ty::MAP).u8(0);
    }
    m.var32(0).done()
}

/// `depth` compatible structs by id, each with one field holding the next (the innermost holds
/// null).
fn nested_structs(depth: usize) -> Vec<u8> {
    use fory::__private as p;
    let mut field_ty = <i32 as fory::Serialize>::field_type();
    field_ty.type_id = ty::STRUCT as u32;
    field_ty.nullable = true;
    let def = fory::schema::TypeDef::new_struct(
        p::TypeIdent::Id(9),
        true,
        vec![p::FieldDef {
            id: p::FieldId::Name("next".into()),
            ty: field_ty,
        }],
    )
    .encode()
    .unwrap();
    let mut m = Msg::new().u8(ty::COMPATIBLE_STRUCT).var32(0).bytes(&def);
    for _ in 0..depth - 1 {
        m = m.u8(NOT_NULL).u8(ty::COMPATIBLE_STRUCT).var32(1);
    }
    m.u8(0xFD).done()
}

fn depth_of(v: &Value) -> usize {
    match v {
        Value::List(items) => 1 + items.first().map_or(0, depth_of),
        Value::Map(e) => 1 + e.first().map_or(0, |(_, v)| depth_of(v)),
        Value::Struct(s) => 1 + s.fields.first().map_or(0, |(_, v)| depth_of(v)),
        _ => 0,
    }
}

#[test]
fn deep_nesting_hits_the_depth_limit_not_the_stack() {
    let fory = Fory::default();
    for (what, make) in [
        ("lists", nested_lists as fn(usize) -> Vec<u8>),
        ("maps", nested_maps),
        ("structs", nested_structs),
    ] {
        let deep = make(10_000);
        assert!(
            matches!(
                value(&fory, &deep),
                Err(Error::DepthLimit { limit: 128, .. })
            ),
            "{what}: {:?}",
            value(&fory, &deep).map(|_| ())
        );
        // The limit itself is fine, one more is not.
        let v = value(&fory, &make(128)).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(depth_of(&v), 128, "{what}");
        assert!(matches!(
            value(&fory, &make(129)),
            Err(Error::DepthLimit { limit: 128, .. })
        ));
    }
    // Typed targets stop at the limit too.
    let deep = nested_lists(10_000);
    assert!(fory.deserialize::<Vec<Vec<Vec<String>>>>(&deep).is_err());
    // With ref flags on every level.
    let mut m = Msg::raw(XLANG).u8(REF_VALUE);
    for _ in 0..10_000 {
        m = m.u8(ty::LIST).var32(1).u8(TRACK_REF).u8(REF_VALUE);
    }
    let deep = m.u8(ty::LIST).var32(1).u8(0).u8(ty::INT8).u8(7).done();
    assert!(matches!(
        value(&fory_with(true, true), &deep),
        Err(Error::DepthLimit { limit: 128, .. })
    ));
}

/// #16 item 4: a `Value` nested past `max_depth` is refused by the writer with the reader's
/// error and limit; at the limit it is written and reads back. Every kind of level counts as
/// the reader counts it, siblings do not add up, and empty lists do not count.
#[test]
fn writer_refuses_what_the_reader_refuses() {
    fn wrap(kind: usize, inner: Value) -> Value {
        match kind % 3 {
            0 => Value::List(vec![inner]),
            1 => Value::Map(vec![(Value::String("k".into()), inner)]),
            _ => Value::Set(vec![inner]),
        }
    }
    for cfg in 0..4u8 {
        let fory = fory_with(cfg & 1 != 0, cfg & 2 != 0);
        for kind in 0..3 {
            let nest = |depth: usize| (0..depth).fold(Value::I8(1), |v, _| wrap(kind, v));
            let at_limit = nest(128);
            let bytes = fory.serialize(&at_limit).expect("at the limit");
            assert_eq!(value(&fory, &bytes).expect("reads back"), at_limit);
            for depth in [129, 200] {
                assert!(
                    matches!(
                        fory.serialize(&nest(depth)),
                        Err(Error::DepthLimit { limit: 128, .. })
                    ),
                    "kind {kind}, depth {depth}"
                );
            }
        }
        // Many siblings at one level do not add up; an empty list is no level.
        let wide = Value::List((0..300).map(|_| Value::List(vec![Value::I8(1)])).collect());
        let bytes = fory.serialize(&wide).unwrap();
        assert_eq!(value(&fory, &bytes).unwrap(), wide);
        let empty_inside = (0..127).fold(Value::List(vec![]), |v, _| Value::List(vec![v]));
        let bytes = fory.serialize(&empty_inside).unwrap();
        assert_eq!(value(&fory, &bytes).unwrap(), empty_inside);
    }
    // Elements without bytes (field-less structs, compatible mode): the writer charges the
    // reader's budget for them, through the general list writer too.
    let fory = fory_with(true, false);
    let nothing = Value::Struct(fory::value::Struct {
        ident: fory::schema::TypeIdent::Named {
            namespace: "t".into(),
            type_name: "Nothing".into(),
        },
        fields: vec![],
        def: None,
    });
    let within = Value::List(vec![nothing.clone(); 8192]);
    let bytes = fory.serialize(&within).unwrap();
    assert_eq!(value(&fory, &bytes).unwrap(), within);
    assert!(matches!(
        fory.serialize(&Value::List(vec![nothing; 8193])),
        Err(Error::LengthOverflow { len: 8193, .. })
    ));
    // A custom limit, and typed values.
    let three = Fory::builder().max_depth(3).build();
    assert!(three.serialize(&vec![vec![vec![1i8]]]).is_ok()); // the inner Vec<i8> is dense
    assert!(matches!(
        three.serialize(&vec![vec![vec![vec!["x".to_string()]]]]),
        Err(Error::DepthLimit { limit: 3, .. })
    ));
}

/// #16 item 5, found by a 4-minute `decode_value` run: a message of nested reference-tracked
/// lists read as `Value` and written back must read again under the same configuration. (The
/// reader once kept a finished copy of every tracked object, charging each one again for every
/// tracked list around it, so the copy budget refused what the writer had just written.)
#[test]
fn fuzz_value_round_trip_within_the_copy_budget() {
    let input = include_bytes!("../fuzz/corpus/decode_value/finding-roundtrip-budget");
    let (&cfg, msg) = input.split_first().unwrap();
    assert_eq!(cfg, 3, "compatible + ref tracking");
    let fory = fory_with(true, true);
    let v = value(&fory, msg).expect("the finding reads");
    let bytes = fory.serialize(&v).expect("and writes");
    let back = value(&fory, &bytes).expect("what we write, we read");
    assert_eq!(back, v);
    // The same shape built by hand: tracked lists nested to the depth limit, each holding a
    // long run of integers, read back as written.
    let deep = (0..127).fold(Value::List((0..4000).map(Value::I64).collect()), |v, i| {
        Value::List(vec![v, Value::I64(i)])
    });
    let bytes = fory.serialize(&deep).unwrap();
    assert_eq!(value(&fory, &bytes).unwrap(), deep);
}

fn check_max_depth(limit: u32) {
    let fory = Fory::builder().max_depth(limit).build();
    assert_eq!(fory.config().max_depth, limit);
    for make in [
        nested_lists as fn(usize) -> Vec<u8>,
        nested_maps,
        nested_structs,
    ] {
        if limit > 0 {
            let ok = make(limit as usize);
            assert!(value(&fory, &ok).is_ok(), "limit {limit}");
        }
        let over = make(limit as usize + 1);
        assert!(
            matches!(value(&fory, &over), Err(Error::DepthLimit { limit: l, .. }) if l == limit),
            "limit {limit}: {:?}",
            value(&fory, &over).map(|_| ())
        );
    }
}

#[test]
fn max_depth_setting_is_respected() {
    // Up to the default on the test thread's 2 MiB stack (debug build included) ...
    for limit in [0u32, 1, 5, 64, 128] {
        check_max_depth(limit);
    }
    // ... and a higher limit given the stack it needs (README: about 8 KiB per level in a
    // debug build, 2 KiB in release).
    std::thread::Builder::new()
        .stack_size(32 * MIB)
        .spawn(|| check_max_depth(2000))
        .unwrap()
        .join()
        .unwrap();
    // Scalars need no depth.
    let zero = Fory::builder().max_depth(0).build();
    assert_eq!(
        value(&zero, &Msg::new().u8(ty::INT8).u8(3).done()),
        Ok(Value::I8(3))
    );
    // Typed nested lists at a small limit (a dense `Vec<i32>` is not a nesting level).
    let two = Fory::builder().max_depth(2).build();
    let s = |v: &str| v.to_string();
    // The writer refuses what the reader would refuse.
    assert!(matches!(
        two.serialize(&vec![vec![vec![s("a")]]]),
        Err(Error::DepthLimit { limit: 2, .. })
    ));
    let bytes = Fory::default()
        .serialize(&vec![vec![vec![s("a")]]])
        .unwrap();
    assert!(matches!(
        two.deserialize::<Vec<Vec<Vec<String>>>>(&bytes),
        Err(Error::DepthLimit { limit: 2, .. })
    ));
    let bytes = two.serialize(&vec![vec![vec![1i32]]]).unwrap();
    assert_eq!(
        two.deserialize::<Vec<Vec<Vec<i32>>>>(&bytes).unwrap(),
        vec![vec![vec![1]]]
    );
}

// ---------------------------------------------------------------------------------------------
// Found by tests/proptest_roundtrip.rs.

/// A `Value` struct built by hand (no TypeDef) is written with an inferred TypeDef, which lists
/// the fields in pyfory's order; the values must follow that order, not the order of `fields`.
#[test]
fn hand_built_struct_value_fields_follow_the_inferred_type_def() {
    use fory::schema::TypeIdent;
    use fory::value::Struct;
    let fory = Fory::default();
    let v = Value::Struct(Struct {
        ident: TypeIdent::Id(7),
        fields: vec![
            ("zeta".into(), Value::I64(300)),
            ("alpha".into(), Value::String("x".into())),
            ("b".into(), Value::Bool(true)),
            ("a".into(), Value::I32(-5)),
        ],
        def: None,
    });
    let back = value(&fory, &fory.serialize(&v).unwrap()).unwrap();
    let s = back.as_struct().unwrap();
    assert_eq!(s.get("zeta"), Some(&Value::I64(300)));
    assert_eq!(s.get("alpha"), Some(&Value::String("x".into())));
    assert_eq!(s.get("b"), Some(&Value::Bool(true)));
    assert_eq!(s.get("a"), Some(&Value::I32(-5)));
    // What was read writes back to the same bytes.
    assert_eq!(fory.serialize(&back).unwrap(), fory.serialize(&v).unwrap());
    // A TypeDef that does not match the fields is refused when writing.
    let mut bad = s.clone();
    bad.fields.pop();
    assert!(matches!(
        fory.serialize(&Value::Struct(bad)),
        Err(Error::Unsupported(_))
    ));
}

/// A struct read as `Value` whose list/map fields declare UNKNOWN elements (`List[Any]`) writes
/// back: such elements carry their own type info instead of being written "as type 0".
#[test]
fn value_struct_with_untyped_container_fields_writes_back() {
    use fory::schema::TypeIdent;
    use fory::value::Struct;
    let fory = Fory::default();
    let v = Value::Struct(Struct {
        ident: TypeIdent::Id(3),
        fields: vec![
            ("l".into(), Value::List(vec![Value::I64(1), Value::I64(2)])),
            ("m".into(), Value::Map(vec![(Value::I32(1), Value::I8(2))])),
        ],
        def: None,
    });
    let bytes = fory.serialize(&v).unwrap();
    let back = value(&fory, &bytes).unwrap();
    assert_eq!(back, v);
    let again = fory.serialize(&back).unwrap();
    assert_eq!(again, bytes);
    assert_eq!(value(&fory, &again).unwrap(), v);
    // The same through typed containers of Value.
    let list = vec![Value::I64(5), Value::String("s".into())];
    let back: Vec<Value> = fory.deserialize(&fory.serialize(&list).unwrap()).unwrap();
    assert_eq!(back, list);
}

/// Found by `fuzz/decode_value`: a compatible struct whose TypeDef declares `names: List[str]`,
/// but whose list elements (not declared on the wire) are bytes. Read as `Value`, it must write
/// back to a message that reads again: the elements do not fit the declaration, so the list is
/// written with their own type info.
#[test]
fn fuzz_value_list_not_fitting_its_declared_element_type_writes_back() {
    let hex = [
        "0101ff1c0035709fe47b7d8024c9664c04951720c04c13c41343804403310348",
        "011560304c02c9805ac04c084c0631064829056e084c1989cb74404c1654b40c",
        "24806079feff0000003f2c0101fd010000010000000301001602092900026162",
        "00000000000000000000010000027a7a02020c04780479",
    ]
    .concat();
    let data = fory_tests::hex_decode(&hex);
    let (cfg, msg) = data.split_first().unwrap();
    let fory = fory_with(cfg & 1 != 0, cfg & 2 != 0);
    let v = value(&fory, msg).unwrap();
    let bytes = fory.serialize(&v).unwrap();
    assert_eq!(value(&fory, &bytes).unwrap(), v);
    // Declared map sides too: an i64 key under a declared STRING key type.
    use fory::schema::{FieldDef, FieldId, FieldType, TypeDef, TypeIdent};
    use fory::value::Struct;
    let leaf = |id: u32| FieldType {
        type_id: id,
        nullable: false,
        track_ref: false,
        generics: vec![],
        user: None,
    };
    let mut map_ty = leaf(24);
    map_ty.generics = vec![leaf(21), leaf(2)];
    let def = TypeDef::new_struct(
        TypeIdent::Id(4),
        true,
        vec![FieldDef {
            id: FieldId::Name("m".into()),
            ty: map_ty,
        }],
    );
    let v = Value::Struct(Struct {
        ident: TypeIdent::Id(4),
        fields: vec![(
            "m".into(),
            Value::Map(vec![(Value::I64(1), Value::I64(1000))]),
        )],
        def: Some(std::sync::Arc::new(def)),
    });
    let back = value(&fory, &fory.serialize(&v).unwrap()).unwrap();
    assert_eq!(back, v);
}
