//! The crates' own types (features `chrono`, `time`, `rust_decimal`, `bigdecimal`, `uuid`) live
//! against pyfory 1.7.7: each of pyfory's payloads of `tests/python/temporal.py` that the type
//! can hold is read into it (equal to the value the crate's own API builds from the wire
//! fields) and written back byte for byte; values it cannot hold are `OutOfRange`; the
//! dataclasses read into structs of the crates' types in every mode and write back byte for
//! byte. Run with `cargo test -p fory-tests --all-features --test interop_crates` (or one
//! feature at a time).
#![allow(dead_code, unused_imports)]

use std::collections::BTreeMap;

use fory::{Date, Decimal, Duration, Fory, Timestamp};
use fory_tests::{hex, hex_decode, run_python, script_runner};

/// pyfory's payloads: case -> (bytes, compatible, ref).
fn payloads() -> BTreeMap<String, (Vec<u8>, bool, bool)> {
    let out = run_python(&script_runner("temporal.py"), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    json.as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.get("hex").is_some())
        .map(|(k, v)| {
            let b = hex_decode(v["hex"].as_str().unwrap());
            (
                k.clone(),
                (
                    b,
                    v["compatible"].as_bool().unwrap(),
                    v["ref"].as_bool().unwrap(),
                ),
            )
        })
        .collect()
}

/// Every root payload of wire type `type_id`, with the plain `Fory` that reads it.
fn roots(type_id: u8) -> Vec<(String, Vec<u8>)> {
    let all: Vec<_> = payloads()
        .into_iter()
        .filter(|(n, (b, _, r))| !n.contains('/') && !*r && b.get(2) == Some(&type_id))
        .map(|(n, (b, _, _))| (n, b))
        .collect();
    assert!(all.len() >= 5, "few payloads of type {type_id}");
    all
}

/// Reads `bytes` as `T` through the core wire type `W`: equal to `convert(core)` when that
/// holds a value (and written back byte for byte), else `OutOfRange`.
fn check<W, T>(name: &str, bytes: &[u8], convert: impl Fn(W) -> Option<T>) -> bool
where
    W: for<'de> fory::Deserialize<'de>,
    T: for<'de> fory::Deserialize<'de> + fory::Serialize + PartialEq + std::fmt::Debug,
{
    let f = Fory::default();
    let core: W = f.deserialize(bytes).unwrap();
    match convert(core) {
        Some(want) => {
            let got: T = f
                .deserialize(bytes)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got, want, "{name}");
            assert_eq!(
                hex(&f.serialize(&got).unwrap()),
                hex(bytes),
                "{name}: write-back"
            );
            true
        }
        None => {
            let err = f.deserialize::<T>(bytes).unwrap_err();
            assert!(
                matches!(err, fory::Error::OutOfRange { at: 3, .. }),
                "{name}: {err}"
            );
            false
        }
    }
}

#[cfg(feature = "chrono")]
mod chrono_types {
    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};

    #[test]
    fn chrono_reads_and_writes_pyfory_bytes() {
        for (name, bytes) in roots(38) {
            let utc = |t: Timestamp| DateTime::<Utc>::from_timestamp(t.seconds, t.nanos);
            assert!(check(&name, &bytes, utc));
            check(&name, &bytes, |t: Timestamp| utc(t).map(|u| u.naive_utc()));
            check(&name, &bytes, |t: Timestamp| {
                utc(t).map(|u| u.fixed_offset())
            });
        }
        for (name, bytes) in roots(39) {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            let date = |d: Date| epoch.checked_add_signed(TimeDelta::try_days(d.days)?);
            assert!(check::<Date, NaiveDate>(&name, &bytes, date));
        }
        for (name, bytes) in roots(37) {
            let td = |d: Duration| TimeDelta::new(d.seconds, d.nanos);
            assert!(check::<Duration, TimeDelta>(&name, &bytes, td));
        }
        // A date past chrono's range is OutOfRange.
        let f = Fory::default();
        let far = f.serialize(&Date { days: i64::MAX }).unwrap();
        assert!(matches!(
            f.deserialize::<NaiveDate>(&far),
            Err(fory::Error::OutOfRange { at: 3, .. })
        ));
        // An offset is written as the UTC instant.
        let t: DateTime<FixedOffset> = "2024-01-02T03:04:05.678901+05:00".parse().unwrap();
        let bytes = f.serialize(&t).unwrap();
        assert_eq!(hex(&bytes), hex(&payloads()["ts_offset"].0));
    }
}

#[cfg(feature = "time")]
mod time_types {
    use super::*;
    use time::{OffsetDateTime, PrimitiveDateTime};

    #[test]
    fn time_reads_and_writes_pyfory_bytes() {
        for (name, bytes) in roots(38) {
            let utc = |t: Timestamp| {
                OffsetDateTime::from_unix_timestamp(t.seconds)
                    .ok()?
                    .replace_nanosecond(t.nanos)
                    .ok()
            };
            assert!(check(&name, &bytes, utc));
            check(&name, &bytes, |t: Timestamp| {
                utc(t).map(|u| PrimitiveDateTime::new(u.date(), u.time()))
            });
        }
        for (name, bytes) in roots(39) {
            let date = |d: Date| {
                time::Date::from_calendar_date(1970, time::Month::January, 1)
                    .ok()?
                    .checked_add(time::Duration::days(d.days))
            };
            assert!(check::<Date, time::Date>(&name, &bytes, date));
        }
        for (name, bytes) in roots(37) {
            let d = |d: Duration| Some(time::Duration::new(d.seconds, d.nanos as i32));
            assert!(check::<Duration, time::Duration>(&name, &bytes, d));
        }
        // Past year 9999 (time without `large-dates`): OutOfRange.
        let f = Fory::default();
        let far = f.serialize(&Date { days: 10_000_000 }).unwrap();
        assert!(matches!(
            f.deserialize::<time::Date>(&far),
            Err(fory::Error::OutOfRange { at: 3, .. })
        ));
        let far = f
            .serialize(&Timestamp {
                seconds: 1 << 40,
                nanos: 0,
            })
            .unwrap();
        assert!(matches!(
            f.deserialize::<OffsetDateTime>(&far),
            Err(fory::Error::OutOfRange { at: 3, .. })
        ));
    }
}

#[cfg(feature = "rust_decimal")]
mod rust_decimal_types {
    use super::*;

    #[test]
    fn rust_decimal_reads_what_it_can_hold_and_writes_pyfory_bytes() {
        let mut held = 0;
        for (name, bytes) in roots(40) {
            let convert = |d: Decimal| {
                if d.scale() < 0 {
                    // -7E+10000: far past 96 bits once multiplied out.
                    return None;
                }
                rust_decimal::Decimal::try_from_i128_with_scale(d.to_i128()?, d.scale() as u32).ok()
            };
            let f = Fory::default();
            if name == "dec_neg_scale" {
                // 1E+5 reads as 100000.
                let got: rust_decimal::Decimal = f.deserialize(&bytes).unwrap();
                assert_eq!(got.to_string(), "100000", "{name}");
                continue;
            }
            held += usize::from(check(&name, &bytes, convert));
        }
        assert!(held >= 10, "{held}");
    }
}

#[cfg(feature = "bigdecimal")]
mod bigdecimal_types {
    use super::*;
    use bigdecimal::num_bigint::{BigInt, Sign};
    use bigdecimal::BigDecimal;

    #[test]
    fn bigdecimal_reads_and_writes_every_pyfory_decimal() {
        for (name, bytes) in roots(40) {
            let convert = |d: Decimal| {
                let sign = if d.is_negative() {
                    Sign::Minus
                } else {
                    Sign::Plus
                };
                let unscaled = BigInt::from_bytes_le(sign, d.magnitude_le());
                Some(BigDecimal::new(unscaled, d.scale().into()))
            };
            assert!(check(&name, &bytes, convert));
        }
    }
}

#[cfg(feature = "uuid")]
mod uuid_type {
    use super::*;

    #[test]
    fn uuid_is_the_16_bytes_pyfory_writes_for_uuid_bytes() {
        let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        let want = fory_tests::pyfory_bytes(
            "[uuid.UUID('01234567-89ab-cdef-fedc-ba9876543210').bytes]",
            "Fory(xlang=True)",
            "import uuid",
        );
        let f = Fory::default();
        assert_eq!(hex(&f.serialize(&vec![id]).unwrap()), hex(&want));
        assert_eq!(f.deserialize::<Vec<uuid::Uuid>>(&want).unwrap(), vec![id]);
        let short = f.serialize(&vec![0u8; 15]).unwrap();
        assert!(matches!(
            f.deserialize::<uuid::Uuid>(&short),
            Err(fory::Error::Invalid { .. })
        ));
    }
}

/// The dataclass `t.Rec` of `temporal.py` read into chrono, rust_decimal and bigdecimal types,
/// in every mode.
#[cfg(all(feature = "chrono", feature = "rust_decimal", feature = "bigdecimal"))]
mod chrono_struct {
    use super::*;
    use bigdecimal::BigDecimal;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};
    use fory::{ForyDeserialize, ForySerialize};
    use std::collections::{HashMap, HashSet};

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "t.Rec")]
    struct Rec {
        at: DateTime<Utc>,
        day: NaiveDate,
        span: TimeDelta,
        price: rust_decimal::Decimal,
        o_at: Option<NaiveDateTime>,
        o_day: Option<NaiveDate>,
        o_span: Option<TimeDelta>,
        o_price: Option<BigDecimal>,
        stamps: Vec<DateTime<FixedOffset>>,
        prices: BTreeMap<NaiveDate, BigDecimal>,
        days: HashSet<NaiveDate>,
        spans: BTreeMap<String, TimeDelta>,
        tags: HashMap<rust_decimal::Decimal, String>,
    }

    #[test]
    fn dataclass_reads_into_crate_types_and_writes_back_byte_identical() {
        let mut n = 0;
        for (name, (bytes, compatible, ref_tracking)) in payloads() {
            if !name.starts_with("rec") {
                continue;
            }
            let mut f = fory_tests::fory(compatible, ref_tracking);
            f.register::<Rec>().unwrap();
            let r: Rec = f
                .deserialize(&bytes)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.at.timestamp_micros(), 1_704_164_645_678_901);
            assert_eq!(r.price.to_string(), "-1234.5678");
            assert_eq!(r.prices.len(), 2);
            assert_eq!(hex(&f.serialize(&r).unwrap()), hex(&bytes), "{name}");
            n += 1;
        }
        assert_eq!(n, 8);
    }
}

/// The same dataclass read into the `time` crate's types and `fory::Decimal`.
#[cfg(feature = "time")]
mod time_struct {
    use super::*;
    use fory::{ForyDeserialize, ForySerialize};
    use std::collections::{HashMap, HashSet};
    use time::{OffsetDateTime, PrimitiveDateTime};

    fn epoch() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH
    }
    fn epoch_date() -> time::Date {
        OffsetDateTime::UNIX_EPOCH.date()
    }

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
    #[fory(name = "t.Rec")]
    struct Rec {
        #[fory(default = "epoch")]
        at: OffsetDateTime,
        #[fory(default = "epoch_date")]
        day: time::Date,
        span: time::Duration,
        price: Decimal,
        o_at: Option<PrimitiveDateTime>,
        o_day: Option<time::Date>,
        o_span: Option<time::Duration>,
        o_price: Option<Decimal>,
        stamps: Vec<OffsetDateTime>,
        prices: BTreeMap<time::Date, Decimal>,
        days: HashSet<time::Date>,
        spans: BTreeMap<String, time::Duration>,
        tags: HashMap<Decimal, String>,
    }

    #[test]
    fn dataclass_reads_into_time_types_and_writes_back_byte_identical() {
        let mut n = 0;
        for (name, (bytes, compatible, ref_tracking)) in payloads() {
            if !name.starts_with("rec") {
                continue;
            }
            let mut f = fory_tests::fory(compatible, ref_tracking);
            f.register::<Rec>().unwrap();
            let r: Rec = f
                .deserialize(&bytes)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.at.unix_timestamp(), 1_704_164_645);
            assert_eq!(hex(&f.serialize(&r).unwrap()), hex(&bytes), "{name}");
            n += 1;
        }
        assert_eq!(n, 8);
    }
}
