//! Timestamps, dates, durations and decimals live against pyfory 1.7.7 (`tests/python/temporal.py`):
//! every payload pyfory writes for `datetime.datetime` (aware, naive, before 1970, year 1 and
//! 9999), `datetime.date`, `datetime.timedelta` (negative, with microseconds) and
//! `decimal.Decimal` (small and huge unscaled values, negative scales, zero, the limits) is read
//! typed and as `fory::Value` and written back byte for byte; pyfory reads every Rust payload
//! back to the original value; the values pyfory refuses (NaN, infinities, past the limits) are
//! refused here too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use fory::{Date, Decimal, Duration, Fory, ForyDeserialize, ForySerialize, Timestamp, Value};
use fory_tests::{hex, hex_decode, python_verdicts, run_python, script_runner};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "t.Rec")]
struct Rec {
    at: Timestamp,
    day: Date,
    span: Duration,
    price: Decimal,
    o_at: Option<Timestamp>,
    o_day: Option<Date>,
    o_span: Option<Duration>,
    o_price: Option<Decimal>,
    stamps: Vec<Timestamp>,
    prices: BTreeMap<Date, Decimal>,
    days: HashSet<Date>,
    spans: BTreeMap<String, Duration>,
    tags: HashMap<Decimal, String>,
}

fn epoch() -> SystemTime {
    UNIX_EPOCH
}

/// The std types as fields: `SystemTime` has no `Default`, so it names one.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone)]
#[fory(name = "t.StdRec")]
struct StdRec {
    #[fory(default = "epoch")]
    at: SystemTime,
    span: std::time::Duration,
}

fn fory(compatible: bool, ref_tracking: bool) -> Fory {
    let mut f = fory_tests::fory(compatible, ref_tracking);
    f.register::<Rec>().unwrap();
    f.register::<StdRec>().unwrap();
    f
}

fn ymd(y: i64, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

fn at(date: Date, secs: i64, micros: u32) -> Timestamp {
    Timestamp::new(date.days * 86_400 + secs, micros * 1000).unwrap()
}

fn td(days: i64, secs: i64, micros: i64) -> Duration {
    Duration::from_nanos(((days * 86_400 + secs) as i128 * 1_000_000 + micros as i128) * 1000)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn rec(full: bool) -> Rec {
    Rec {
        at: at(ymd(2024, 1, 2), 3 * 3600 + 4 * 60 + 5, 678_901),
        day: ymd(1969, 7, 20),
        span: td(-1, 5, 7),
        price: dec("-1234.5678"),
        o_at: full.then(|| at(ymd(1900, 1, 1), 0, 0)),
        o_day: full.then(|| ymd(9999, 12, 31)),
        o_span: full.then(|| td(0, 0, -1)),
        o_price: full.then(|| dec("1E+5")),
        stamps: vec![
            Timestamp::UNIX_EPOCH,
            at(ymd(2038, 1, 19), 3 * 3600 + 14 * 60 + 8, 0),
        ],
        prices: [
            (ymd(2020, 2, 29), dec("0.01")),
            (ymd(2021, 3, 1), dec("123456789012345678901234567890")),
        ]
        .into(),
        days: [ymd(1, 1, 1)].into(),
        spans: [
            ("a".into(), Duration::ZERO),
            ("b".into(), td(106_751, 3600, 0)),
        ]
        .into(),
        tags: [(dec("-0.5"), "half".into())].into(),
    }
}

fn std_rec() -> StdRec {
    StdRec {
        at: UNIX_EPOCH + std::time::Duration::new(1_704_164_645, 678_901_000),
        span: std::time::Duration::new(90, 5_000),
    }
}

/// A case's expected typed value.
#[allow(clippy::large_enum_variant)]
enum Expected {
    Ts(Timestamp),
    Date(Date),
    Td(Duration),
    Dec(Decimal),
    Dates(Vec<Date>),
    Decs(Vec<Decimal>),
    Rec(Rec),
    Std(StdRec),
    /// Read as `Value` only (a list of mixed types).
    Mixed(Vec<Value>),
}

fn expected(name: &str) -> Option<Expected> {
    use Expected::*;
    let base = name.split('/').next().unwrap();
    Some(match base {
        "ts_utc" => Ts(at(ymd(2024, 1, 2), 11_045, 678_901)),
        "ts_offset" => Ts(at(ymd(2024, 1, 1), 22 * 3600 + 245, 678_901)),
        "ts_pre_epoch" => Ts(Timestamp::new(-1, 999_999_000).unwrap()),
        "ts_year1" => Ts(at(ymd(1, 1, 1), 0, 0)),
        "ts_far" => Ts(at(ymd(9999, 12, 31), 86_399, 0)),
        "ts_epoch" => Ts(Timestamp::UNIX_EPOCH),
        // pyfory 1.7.7 writes 2004-06-10T08:12:18.894039Z a microsecond early (a float).
        "ts_float_loss" => Ts(at(ymd(2004, 6, 10), 8 * 3600 + 12 * 60 + 18, 894_038)),
        // A naive datetime is local time to pyfory: 03:04:05 in Tokyo is 18:04:05Z the day before.
        "naive_utc" => Ts(at(ymd(2024, 1, 2), 11_045, 0)),
        "naive_asia_tokyo" => Ts(at(ymd(2024, 1, 1), 18 * 3600 + 245, 0)),
        "date_epoch" => Date(fory::Date::UNIX_EPOCH),
        "date_pre_epoch" => Date(ymd(1969, 12, 31)),
        "date_year1" => Date(ymd(1, 1, 1)),
        "date_far" => Date(ymd(9999, 12, 31)),
        "date_leap" => Date(ymd(2024, 2, 29)),
        "td_zero" => Td(Duration::ZERO),
        "td_minus_1us" => Td(td(0, 0, -1)),
        "td_neg" => Td(td(-1, 5, 7)),
        "td_pos" => Td(td(3, 7, 123_456)),
        "td_max" => Td(td(106_751, 86_399, 999_999)),
        "td_min" => Td(td(-106_751, -86_399, -999_999)),
        "td_big" => Td(td(10_000_000, 0, 0)),
        "dec_zero" | "dec_neg_zero" => Dec(dec("0")),
        "dec_zero_scaled" => Dec(dec("0.00")),
        "dec_small" => Dec(dec("1.5")),
        "dec_small_neg" => Dec(dec("-1.5")),
        "dec_neg_scale" => Dec(dec("1E+5")),
        "dec_neg_scale_big" => Dec(dec("-7E+10000")),
        "dec_scale_max" => Dec(dec("1E-10000")),
        "dec_small_max" => Dec(Decimal::new((1 << 62) - 1, 0)),
        "dec_small_min" => Dec(Decimal::new(-(1 << 62), 0)),
        "dec_big_first" => Dec(Decimal::new(1 << 62, 0)),
        "dec_big_first_neg" => Dec(Decimal::new(-(1 << 62) - 1, 0)),
        "dec_i64_min" => Dec(Decimal::new(i64::MIN.into(), 0)),
        "dec_u64_max" => Dec(Decimal::new(u64::MAX.into(), 0)),
        "dec_i128_max" => Dec(Decimal::new(i128::MAX, 0)),
        "dec_huge" => Dec(dec("123456789012345678901234567890.12345")),
        "dec_huge_neg" => Dec(dec(&format!("-{}.5", "9".repeat(200)))),
        "dec_max_magnitude" => Dec(Decimal::from_le_bytes(false, &[0xff; 10_000], 0)),
        "list_dates" | "list_dates_ref" => Dates(vec![ymd(2000, 1, 1), ymd(1900, 5, 6)]),
        "list_decimals_ref" => Decs(vec![dec("1"), dec("-2.25")]),
        "list_mixed" | "list_mixed_ref" => Mixed(vec![
            Value::Date(ymd(2000, 1, 1)),
            Value::Duration(td(0, 1, 0)),
            Value::Decimal(dec("2.5")),
            Value::Timestamp(at(ymd(2000, 1, 1), 0, 0)),
        ]),
        "rec" => Rec(rec(true)),
        "rec_none" => Rec(rec(false)),
        "std" => Std(std_rec()),
        _ => return None,
    })
}

/// Reads `bytes` as `T` (expecting `want`), writes it back and compares with pyfory's bytes.
fn typed<T>(f: &Fory, name: &str, bytes: &[u8], want: &T) -> Vec<u8>
where
    T: for<'de> fory::Deserialize<'de> + fory::Serialize + PartialEq + std::fmt::Debug,
{
    let got: T = f
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("{name}: typed read of {}: {e}", hex(bytes)));
    assert_eq!(&got, want, "{name}");
    let back = f.serialize(&got).unwrap();
    assert_eq!(hex(&back), hex(bytes), "{name}: typed write-back differs");
    back
}

fn value_round_trip(f: &Fory, name: &str, bytes: &[u8]) -> Value {
    let v: Value = f
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("{name}: Value read: {e}"));
    let back = f.serialize(&v).unwrap();
    assert_eq!(
        hex(&back),
        hex(bytes),
        "{name}: Value write-back differs: {v:?}"
    );
    v
}

struct Emitted {
    payloads: BTreeMap<String, (Vec<u8>, bool, bool)>,
    refused: BTreeMap<String, String>,
}

fn emitted() -> Emitted {
    let out = run_python(&script_runner("temporal.py"), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let mut e = Emitted {
        payloads: BTreeMap::new(),
        refused: BTreeMap::new(),
    };
    for (k, v) in json.as_object().unwrap() {
        if let Some(err) = v.get("error") {
            e.refused
                .insert(k.clone(), err.as_str().unwrap().to_string());
        } else {
            e.payloads.insert(
                k.clone(),
                (
                    hex_decode(v["hex"].as_str().unwrap()),
                    v["compatible"].as_bool().unwrap(),
                    v["ref"].as_bool().unwrap(),
                ),
            );
        }
    }
    e
}

#[test]
fn pyfory_payloads_read_typed_and_as_value_and_write_back_byte_identical() {
    let e = emitted();
    let mut rust_written = serde_json::Map::new();
    let mut n = 0;
    for (name, (bytes, compatible, ref_tracking)) in &e.payloads {
        let f = fory(*compatible, *ref_tracking);
        let Some(want) = expected(name) else {
            assert!(name.starts_with("rs_"), "no Rust case for {name}");
            continue;
        };
        n += 1;
        let back = match &want {
            Expected::Ts(t) => {
                let back = typed(&f, name, bytes, t);
                // The std type reads and writes the same bytes.
                typed(&f, name, bytes, &SystemTime::try_from(*t).unwrap());
                back
            }
            Expected::Date(d) => typed(&f, name, bytes, d),
            Expected::Td(d) => {
                if let Ok(std) = std::time::Duration::try_from(*d) {
                    typed(&f, name, bytes, &std);
                } else {
                    let err = f.deserialize::<std::time::Duration>(bytes).unwrap_err();
                    assert!(
                        matches!(err, fory::Error::OutOfRange { at: 3, .. }),
                        "{err}"
                    );
                }
                typed(&f, name, bytes, d)
            }
            Expected::Dec(d) => typed(&f, name, bytes, d),
            Expected::Dates(d) => typed(&f, name, bytes, d),
            Expected::Decs(d) => typed(&f, name, bytes, d),
            Expected::Rec(r) => typed(&f, name, bytes, r),
            Expected::Std(r) => typed(&f, name, bytes, r),
            Expected::Mixed(items) => {
                let v = value_round_trip(&f, name, bytes);
                assert_eq!(v, Value::List(items.clone()), "{name}");
                let back = f.serialize(&Value::List(items.clone())).unwrap();
                assert_eq!(hex(&back), hex(bytes), "{name}: built Value differs");
                back
            }
        };
        value_round_trip(&f, name, bytes);
        rust_written.insert(name.clone(), hex(&back).into());
    }
    assert!(n >= 50, "only {n} cases");

    // Rust's own values (not read from pyfory's bytes) written for Python.
    let f = fory(true, false);
    let ns = Timestamp::new(at(ymd(2024, 1, 2), 11_045, 0).seconds, 123_456_789).unwrap();
    rust_written.insert("rs_ts_nanos".into(), hex(&f.serialize(&ns).unwrap()).into());
    let exact = at(ymd(2004, 6, 10), 8 * 3600 + 12 * 60 + 18, 894_039);
    rust_written.insert(
        "rs_ts_exact".into(),
        hex(&f.serialize(&exact).unwrap()).into(),
    );
    let d = Duration::from_nanos(1_123_456_789);
    rust_written.insert("rs_td_nanos".into(), hex(&f.serialize(&d).unwrap()).into());
    let d = Duration::from_nanos(-1_123_456_789);
    rust_written.insert(
        "rs_td_neg_nanos".into(),
        hex(&f.serialize(&d).unwrap()).into(),
    );
    for (mode, (c, r)) in [
        ("00", (false, false)),
        ("01", (false, true)),
        ("10", (true, false)),
        ("11", (true, true)),
    ] {
        let f = fory(c, r);
        rust_written.insert(
            format!("rec/{mode}@built"),
            hex(&f.serialize(&rec(true)).unwrap()).into(),
        );
        rust_written.insert(
            format!("std/{mode}@built"),
            hex(&f.serialize(&std_rec()).unwrap()).into(),
        );
    }

    let verdicts = python_verdicts("temporal.py", rust_written);
    let mut failures = Vec::new();
    for (name, v) in &verdicts {
        let ok = v["ok"].as_bool().unwrap();
        // Nanoseconds Python cannot hold are the one expected byte difference.
        let same = v["same_bytes"].as_bool().unwrap() || name.starts_with("rs_");
        if !ok || !same {
            failures.push(format!("{name}: {v}"));
        }
    }
    assert!(
        failures.is_empty(),
        "pyfory disagrees:\n{}",
        failures.join("\n")
    );
}

#[test]
fn values_pyfory_refuses_are_refused_here() {
    let e = emitted();
    for name in ["dec_nan", "dec_snan", "dec_inf", "dec_neg_inf"] {
        assert!(
            e.refused[name].starts_with("ValueError: Decimal value must be finite"),
            "{name}"
        );
    }
    // No Rust decimal holds NaN or infinities; the text does not parse.
    for text in ["NaN", "sNaN", "Infinity", "-Infinity", "inf"] {
        assert!(text.parse::<Decimal>().is_err(), "{text}");
    }
    assert!(e.refused["dec_scale_past"].contains("outside supported range"));
    assert!(e.refused["dec_magnitude_past"].contains("exceeds 10000 bytes"));
    assert!(e.refused["td_past_int64_micros"].contains("too large"));
    let f = fory(true, false);
    for bad in [dec("1E-10001"), dec("1E+10001")] {
        let err = f.serialize(&bad).unwrap_err();
        assert!(matches!(err, fory::Error::Unsupported(_)), "{err}");
    }
    let too_long = Decimal::from_le_bytes(true, &[1; 10_001], 0);
    assert!(matches!(
        f.serialize(&too_long),
        Err(fory::Error::Unsupported(_))
    ));
    let bad_nanos = Timestamp {
        seconds: 0,
        nanos: 1_000_000_000,
    };
    assert!(matches!(
        f.serialize(&bad_nanos),
        Err(fory::Error::Unsupported(_))
    ));
    let bad_nanos = Duration {
        seconds: 0,
        nanos: 1_000_000_000,
    };
    assert!(matches!(
        f.serialize(&bad_nanos),
        Err(fory::Error::Unsupported(_))
    ));
}

/// pyfory tracks `date`, `datetime` and `timedelta` objects: one object twice is written once
/// and then as a back-reference. The Rust types have no identity: they read the back-reference
/// as the same value again (typed and as `Value`), and write each element as its own object,
/// which pyfory reads back to an equal list.
#[test]
fn back_references_to_temporal_objects_read_as_the_same_value() {
    let setup =
        "import datetime\nd = datetime.date(2020, 1, 1)\nt = datetime.timedelta(seconds=-1)\n\
                 s = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)";
    let bytes = fory_tests::pyfory_bytes("[d, d]", "Fory(xlang=True, ref=True)", setup);
    let f = fory(true, true);
    let want = vec![ymd(2020, 1, 1); 2];
    assert_eq!(f.deserialize::<Vec<Date>>(&bytes).unwrap(), want);
    let v: Value = f.deserialize(&bytes).unwrap();
    assert_eq!(v, Value::List(vec![Value::Date(want[0]); 2]));
    let mixed = fory_tests::pyfory_bytes("[s, t, d, s, t, d]", "Fory(xlang=True, ref=True)", setup);
    let v: Value = f.deserialize(&mixed).unwrap();
    let Value::List(items) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(items[..3], items[3..]);
    assert_eq!(items[2], Value::Date(want[0]));
    // Rust writes each element as its own object: pyfory reads an equal list.
    let written = f.serialize(&want).unwrap();
    assert_ne!(written, bytes);
    let check = format!(
        "import datetime, pyfory\nf = pyfory.Fory(xlang=True, ref=True)\n\
         assert f.deserialize(bytes.fromhex('{}')) == [datetime.date(2020, 1, 1)] * 2\n\
         assert f.deserialize(bytes.fromhex('{}')) == f.deserialize(bytes.fromhex('{}'))\n",
        hex(&written),
        hex(&f.serialize(&v).unwrap()),
        hex(&mixed)
    );
    run_python(&check, &[], b"");
}
