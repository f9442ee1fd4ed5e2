//! Malformed timestamps, dates, durations and decimals: typed errors at the right byte offset,
//! limits checked before anything is allocated, and no panic for any truncation or byte flip of
//! a message holding them.

use std::collections::BTreeMap;

use fory::{Date, Decimal, Duration, Error, Fory, Timestamp, Value};
use fory_tests::counting::{measure, Counting};

#[global_allocator]
static ALLOC: Counting = Counting;

/// A root value: header, `0xFF` flag, the type id, then `body`.
fn root(type_id: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![0x01, 0xff, type_id];
    m.extend_from_slice(body);
    m
}

#[test]
fn nanoseconds_out_of_range_are_invalid_at_their_offset() {
    let f = Fory::default();
    let mut body = 5i64.to_le_bytes().to_vec();
    body.extend(1_000_000_000u32.to_le_bytes());
    let err = f.deserialize::<Timestamp>(&root(38, &body)).unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 11, .. }), "{err}");
    assert!(matches!(
        f.deserialize::<Value>(&root(38, &body)),
        Err(Error::Invalid { at: 11, .. })
    ));

    // Duration: varint64 seconds (zigzag 1 = `02`), then a negative int32.
    let mut body = vec![0x02];
    body.extend((-1i32).to_le_bytes());
    let err = f.deserialize::<Duration>(&root(37, &body)).unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 4, .. }), "{err}");
    let err = f
        .deserialize::<std::time::Duration>(&root(37, &body))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 4, .. }), "{err}");
}

#[test]
fn std_types_refuse_what_they_cannot_hold() {
    let f = Fory::default();
    let neg = f.serialize(&Duration::from_nanos(-1)).unwrap();
    assert!(matches!(
        f.deserialize::<std::time::Duration>(&neg),
        Err(Error::OutOfRange { at: 3, .. })
    ));
    let far = f
        .serialize(&Timestamp {
            seconds: i64::MAX,
            nanos: 0,
        })
        .unwrap();
    // Linux's SystemTime holds every i64 of seconds; a platform whose does not says so.
    let r = f.deserialize::<std::time::SystemTime>(&far);
    assert!(
        r.is_ok() || matches!(r, Err(Error::OutOfRange { at: 3, .. })),
        "{r:?}"
    );
    // A 9-byte varint64 of days is every i64: Date holds them all.
    let d = f.serialize(&Date { days: i64::MIN }).unwrap();
    assert_eq!(f.deserialize::<Date>(&d).unwrap(), Date { days: i64::MIN });
}

#[test]
fn decimal_limits_are_checked_before_allocation() {
    let f = Fory::default();
    // Scale 10 001 (zigzag 20 002 = `a2 9c 01`).
    let err = f
        .deserialize::<Decimal>(&root(40, &[0xa2, 0x9c, 0x01, 0x00]))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 3, .. }), "{err}");
    // A big form of zero length (header `01`), and one with a trailing zero byte.
    let err = f
        .deserialize::<Decimal>(&root(40, &[0x00, 0x01]))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 4, .. }), "{err}");
    let err = f
        .deserialize::<Decimal>(&root(40, &[0x00, 0x09, 0x01, 0x00]))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { at: 6, .. }), "{err}");
    // A magnitude of 10 001 bytes, and one of 2^61 bytes, claimed by a few bytes: refused at
    // the header, nothing allocated for it.
    for header in [
        ((10_001u64 << 1) << 1) | 1,
        ((1u64 << 61) << 1) | 1,
        u64::MAX,
    ] {
        let mut body = vec![0x00];
        let mut h = header;
        for _ in 0..8 {
            body.push((h as u8 & 0x7f) | 0x80);
            h >>= 7;
        }
        body.push(h as u8);
        let msg = root(40, &body);
        let (err, allocs) = measure(|| f.deserialize::<Decimal>(&msg).unwrap_err());
        assert!(
            allocs.largest < 1024,
            "allocated {allocs:?} for {header:#x}"
        );
        assert!(
            matches!(err, Error::Invalid { at: 4, .. }),
            "{header:#x}: {err}"
        );
        assert!(f.deserialize::<Value>(&msg).is_err());
    }
    // A magnitude within the limit, claimed but not there: end of input.
    let err = f
        .deserialize::<Decimal>(&root(40, &[0x00, 0xa1, 0x9c, 0x01, 0xff]))
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedEof { at: 7, .. }), "{err}");
}

#[test]
fn every_truncation_and_byte_flip_is_an_error_not_a_panic() {
    #[derive(fory::ForySerialize, fory::ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "h.Times")]
    struct Times {
        at: Timestamp,
        day: Option<Date>,
        span: Duration,
        price: Decimal,
        prices: BTreeMap<Date, Decimal>,
        stamps: Vec<std::time::SystemTime>,
    }
    let v = Times {
        at: Timestamp::new(-5, 7).unwrap(),
        day: Some(Date { days: -719_162 }),
        span: Duration::from_nanos(-3),
        price: "-1234567890123456789012345.5".parse().unwrap(),
        prices: [(Date { days: 1 }, Decimal::new(7, -3))].into(),
        stamps: vec![std::time::UNIX_EPOCH],
    };
    for (compatible, ref_tracking) in [(false, false), (false, true), (true, false), (true, true)] {
        let mut f = fory_tests::fory(compatible, ref_tracking);
        f.register::<Times>().unwrap();
        let bytes = f.serialize(&v).unwrap();
        assert_eq!(f.deserialize::<Times>(&bytes).unwrap(), v);
        let value: Value = f.deserialize(&bytes).unwrap();
        assert_eq!(f.serialize(&value).unwrap(), bytes);
        for n in 0..bytes.len() {
            assert!(
                f.deserialize::<Times>(&bytes[..n]).is_err(),
                "typed, cut at {n}"
            );
            assert!(
                f.deserialize::<Value>(&bytes[..n]).is_err(),
                "Value, cut at {n}"
            );
        }
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut m = bytes.clone();
                m[i] ^= 1 << bit;
                let _ = f.deserialize::<Times>(&m);
                let _ = f.deserialize::<Value>(&m);
            }
        }
    }
}
