//! Enums with data as xlang unions, live against pyfory 1.7.7 (`tests/python/union_cases.py`,
//! a `pyfory.union.Union` class registered with `register_union` by id and by name): at the
//! root, as a struct field and `Optional` field, in lists and dict values, in both
//! `compatible` modes with ref tracking off and on. Each pyfory payload is read typed and as
//! `fory::Value` and written back byte for byte; values built in Rust go to pyfory, which must
//! read them to the case's value and write the same bytes.

use std::collections::BTreeMap;

use fory::{Fory, ForyDeserialize, ForySerialize, Value};
use fory_tests::{hex, hex_decode, python_verdicts, run_python, script_runner, user};

macro_rules! schema {
    ($module:ident, $mode:ident) => {
        pub mod $module {
            use super::*;

            user! { $mode, 100, "demo.Rect", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Rect {
                    pub w: i32,
                    pub h: i32,
                }
            }

            user! { $mode, 101, "demo.Shape", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub enum Shape {
                    Circle(f64),
                    Rect(Rect),
                    Label { text: String },
                    #[default]
                    Empty,
                    Blob(Vec<u8>),
                    Count(i32),
                    Tags(Vec<String>),
                }
            }

            user! { $mode, 102, "demo.Holder", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Holder {
                    pub s: Shape,
                    pub os: Option<Shape>,
                }
            }

            user! { $mode, 103, "demo.Lists", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Lists {
                    pub l: Vec<Shape>,
                    pub d: BTreeMap<String, Shape>,
                }
            }

            /// pyfory's `typing.Union[int, str, Rect]`: written as the value, no case id.
            #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone)]
            #[fory(untagged)]
            pub enum IntStrRect {
                Int(i64),
                Str(String),
                Rect(Rect),
            }

            impl Default for IntStrRect {
                fn default() -> Self {
                    IntStrRect::Int(0)
                }
            }

            user! { $mode, 104, "demo.Either", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Either {
                    pub u: IntStrRect,
                    pub ou: Option<IntStrRect>,
                }
            }

            user! { $mode, 105, "demo.NoneList", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct NoneList {
                    pub l: Vec<Option<Shape>>,
                    pub d: BTreeMap<String, Option<Shape>>,
                }
            }

            user! { $mode, 106, "demo.When", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                /// The #19 types as cases (`datetime`, `date`, `timedelta`, `Decimal`).
                pub enum When {
                    At(fory::Timestamp),
                    Day(fory::Date),
                    Span(fory::Duration),
                    Amount(fory::Decimal),
                    #[default]
                    Never,
                }
            }

            user! { $mode, 107, "demo.Dated", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Dated {
                    pub w: When,
                    pub ow: Option<When>,
                    pub l: Vec<When>,
                    pub d: BTreeMap<String, When>,
                }
            }

            pub fn fory(compatible: bool, ref_tracking: bool) -> Fory {
                let mut f = fory_tests::fory(compatible, ref_tracking);
                f.register::<Rect>().unwrap();
                f.register::<Shape>().unwrap();
                f.register::<Holder>().unwrap();
                f.register::<Lists>().unwrap();
                f.register::<Either>().unwrap();
                f.register::<NoneList>().unwrap();
                f.register::<When>().unwrap();
                f.register::<Dated>().unwrap();
                f
            }

            /// Reads pyfory's bytes into the case's value and writes it back byte for byte,
            /// typed and through `fory::Value`; returns what Rust writes for the value built
            /// here.
            pub fn check(name: &str, fory: &Fory, bytes: &[u8]) -> Vec<u8> {
                let label = |t: &str| Shape::Label { text: t.into() };
                match name {
                    "circle" => round_trip(fory, bytes, Shape::Circle(1.5)),
                    "rect" => round_trip(fory, bytes, Shape::Rect(Rect { w: 3, h: 4 })),
                    "label" => round_trip(fory, bytes, label("hi")),
                    "empty" => round_trip(fory, bytes, Shape::Empty),
                    "blob" => round_trip(fory, bytes, Shape::Blob(b"\x00\x01xyz".to_vec())),
                    "count" => round_trip(fory, bytes, Shape::Count(-7)),
                    "tags" => round_trip(fory, bytes, Shape::Tags(vec!["a".into(), "b".into()])),
                    "list" => round_trip(
                        fory,
                        bytes,
                        vec![Shape::Circle(2.5), label("x"), Shape::Rect(Rect { w: 1, h: 2 })],
                    ),
                    "holder" => round_trip(
                        fory,
                        bytes,
                        Holder { s: Shape::Rect(Rect { w: 3, h: 4 }), os: Some(label("x")) },
                    ),
                    "holder_none" => {
                        round_trip(fory, bytes, Holder { s: Shape::Circle(-0.5), os: None })
                    }
                    "either_int" => round_trip(
                        fory,
                        bytes,
                        Either { u: IntStrRect::Int(5), ou: None },
                    ),
                    "either_str" => round_trip(
                        fory,
                        bytes,
                        Either {
                            u: IntStrRect::Str("hi".into()),
                            ou: Some(IntStrRect::Rect(Rect { w: 1, h: 2 })),
                        },
                    ),
                    "either_rect" => round_trip(
                        fory,
                        bytes,
                        Either {
                            u: IntStrRect::Rect(Rect { w: 3, h: 4 }),
                            ou: Some(IntStrRect::Int(7)),
                        },
                    ),
                    "lists" => round_trip(
                        fory,
                        bytes,
                        Lists {
                            l: vec![Shape::Circle(1.5), label("x"), Shape::Empty],
                            d: [
                                ("a".to_string(), Shape::Count(1)),
                                ("b".to_string(), Shape::Tags(vec!["q".into()])),
                            ]
                            .into(),
                        },
                    ),
                    "nones" => round_trip(
                        fory,
                        bytes,
                        NoneList { l: vec![None, None], d: [("a".to_string(), None)].into() },
                    ),
                    "nones_one" => round_trip(
                        fory,
                        bytes,
                        NoneList { l: vec![None], d: BTreeMap::new() },
                    ),
                    "nones_mixed" => round_trip(
                        fory,
                        bytes,
                        NoneList {
                            l: vec![None, Some(Shape::Rect(Rect { w: 1, h: 2 })), None],
                            d: [("a".to_string(), None), ("b".to_string(), Some(label("x")))].into(),
                        },
                    ),
                    "dated" => round_trip(fory, bytes, dated()),
                    "dated_none" => round_trip(
                        fory,
                        bytes,
                        Dated {
                            w: When::Span(fory::Duration { seconds: 8_640_000_000_000, nanos: 0 }),
                            ..Dated::default()
                        },
                    ),
                    name => match when_case(name) {
                        Some(w) => round_trip(fory, bytes, w),
                        None => panic!("no Rust case for {name}"),
                    },
                }
            }

            /// The `When` cases of `union_cases.py` (`When::Never` for the `Dated` ones).
            pub fn when_case(name: &str) -> Option<When> {
                Some(match name {
                    "when_ts" => When::At(fory::Timestamp { seconds: 1_704_164_645, nanos: 500_000_000 }),
                    "when_date" => When::Day(fory::Date { days: -1 }),
                    "when_td" => When::Span(fory::Duration { seconds: -259_193, nanos: 250_000 }),
                    "when_dec" => When::Amount(fory::Decimal::new(-12_345_678, 3)),
                    "when_none" => When::Never,
                    _ => return None,
                })
            }

            pub fn dated() -> Dated {
                Dated {
                    w: When::Amount(fory::Decimal::new(1, -5)),
                    ow: Some(When::At(fory::Timestamp { seconds: -2_208_988_800, nanos: 0 })),
                    l: vec![
                        When::Day(fory::Date { days: 11_016 }),
                        When::Span(fory::Duration::ZERO),
                        When::At(fory::Timestamp { seconds: 1_704_164_645, nanos: 500_000_000 }),
                        When::Never,
                    ],
                    d: [
                        ("a".to_string(), When::Amount(fory::Decimal::new(1, 3))),
                        ("b".to_string(), When::Day(fory::Date { days: -719_162 })),
                    ]
                    .into(),
                }
            }
        }
    };
}

schema!(by_id, id);
schema!(by_name, name);

fn round_trip<T>(fory: &Fory, bytes: &[u8], expected: T) -> Vec<u8>
where
    T: for<'de> fory::Deserialize<'de> + fory::Serialize + PartialEq + std::fmt::Debug,
{
    let typed: T = fory
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("typed read of {}: {e}", hex(bytes)));
    assert_eq!(typed, expected);
    let written = fory.serialize(&expected).expect("typed write");
    assert_eq!(hex(&written), hex(bytes), "typed write differs from pyfory");
    let value: Value = fory
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("Value read of {}: {e}", hex(bytes)));
    let back = fory.serialize(&value).expect("Value write");
    assert_eq!(
        hex(&back),
        hex(bytes),
        "Value write-back differs: {value:?}"
    );
    written
}

fn pyfory_payloads() -> BTreeMap<String, Vec<u8>> {
    let out = run_python(&script_runner("union_cases.py"), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    json.as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), hex_decode(v.as_str().expect("hex"))))
        .collect()
}

fn mode(key: &str) -> (&str, bool, bool, bool) {
    let (name, cfg) = key.split_once('/').expect("name/cfg");
    let cfg = cfg.as_bytes();
    (name, cfg[0] == b'1', cfg[1] == b'1', cfg[2] == b'1')
}

#[test]
fn unions_match_pyfory_both_ways_in_every_position_and_mode() {
    let payloads = pyfory_payloads();
    assert_eq!(payloads.len(), 24 * 8);
    let mut written = serde_json::Map::new();
    for (key, bytes) in &payloads {
        let (name, compatible, ref_tracking, by_name) = mode(key);
        let run = || {
            if by_name {
                by_name::check(name, &by_name::fory(compatible, ref_tracking), bytes)
            } else {
                by_id::check(name, &by_id::fory(compatible, ref_tracking), bytes)
            }
        };
        if compatible && name.starts_with("nones") {
            // Read with nothing registered, the TypeDef still declares the elements UNION: the
            // all-`None` list writes the same declared header pyfory writes.
            let plain = fory_tests::fory(true, ref_tracking);
            let value: Value = plain.deserialize(bytes).expect("unregistered Value read");
            let back = plain.serialize(&value).expect("unregistered Value write");
            assert_eq!(
                hex(&back),
                hex(bytes),
                "{key}: unregistered Value write-back"
            );
        }
        match std::panic::catch_unwind(run) {
            Ok(w) => {
                written.insert(key.clone(), serde_json::Value::String(hex(&w)));
            }
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("case {key}: {msg}\npyfory: {}", hex(bytes));
            }
        }
    }
    let verdicts = python_verdicts("union_cases.py", written);
    assert_eq!(verdicts.len(), 24 * 8);
    for (key, v) in &verdicts {
        assert!(
            v["ok"].as_bool() == Some(true) && v["same_bytes"].as_bool() == Some(true),
            "pyfory on Rust's {key}: {v}"
        );
    }
}

/// A union case carrying `bytes` with a buffer callback: pyfory sends the bytes out-of-band
/// and Rust reads them from the buffers; Rust does the same and pyfory reads them back. The
/// payloads and buffers are identical both ways.
#[test]
fn a_union_carrying_bytes_goes_out_of_band_both_ways() {
    const PY: &str = r#"
import json, sys
import pyfory, fory_union
from union_cases import Shape, fory

out = {}
value = [Shape(4, b"\x07" * 300), Shape(2, "x"), Shape(4, b"ab")]
for comp in (False, True):
    f = fory(comp, False, False)
    bufs = []
    payload = f.serialize(value, buffer_callback=lambda b: bufs.append(b) or False)
    key = str(int(comp))
    out[key] = {"payload": payload.hex(), "buffers": [bytes(b.getbuffer()).hex() for b in bufs]}
if sys.argv[1:] == ["check"]:
    got = json.loads(sys.stdin.read())
    verdict = {}
    for key, w in got.items():
        f = fory(key == "1", False, False)
        back = f.deserialize(bytes.fromhex(w["payload"]), buffers=[bytes.fromhex(b) for b in w["buffers"]])
        verdict[key] = {"ok": back == value, "same": w == out[key]}
    json.dump(verdict, sys.stdout)
else:
    json.dump(out, sys.stdout)
"#;
    use by_id::Shape;
    let value = vec![
        Shape::Blob(vec![7; 300]),
        Shape::Label { text: "x".into() },
        Shape::Blob(b"ab".to_vec()),
    ];
    let out = run_python(PY, &[], b"");
    let cases: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let mut written = BTreeMap::new();
    for (key, c) in &cases {
        let fory = by_id::fory(key == "1", false);
        let payload = hex_decode(c["payload"].as_str().unwrap());
        let buffers: Vec<Vec<u8>> = c["buffers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| hex_decode(b.as_str().unwrap()))
            .collect();
        assert_eq!(buffers.len(), 2, "pyfory sent both bytes out-of-band");
        let back: Vec<Shape> = fory.deserialize_with_buffers(&payload, &buffers).unwrap();
        assert_eq!(back, value);
        let mut ours = Vec::new();
        let p = fory
            .serialize_with(&value, |b| ours.push(b.as_slice().to_vec()))
            .unwrap();
        assert_eq!(hex(&p), hex(&payload), "payload differs from pyfory's");
        assert_eq!(ours, buffers);
        let ours: Vec<String> = ours.iter().map(|b| hex(b)).collect();
        written.insert(
            key.clone(),
            serde_json::json!({"payload": hex(&p), "buffers": ours}),
        );
    }
    let verdict = run_python(
        PY,
        &["check"],
        serde_json::to_string(&written).unwrap().as_bytes(),
    );
    let verdict: serde_json::Value = serde_json::from_slice(&verdict).unwrap();
    for (key, v) in verdict.as_object().unwrap() {
        assert_eq!(
            v["ok"], true,
            "pyfory read Rust's out-of-band union {key}: {v}"
        );
        assert_eq!(v["same"], true, "{key}: {v}");
    }
}

/// The `When` union of `union_cases.py` over the crates' own types: each crate's case type
/// (`chrono`, `time`, `rust_decimal`, `bigdecimal`) in place of `fory::Timestamp` and
/// friends, by id and by name.
#[allow(unused_macros)]
macro_rules! crate_when {
    ($module:ident, $mode:ident, $ts:ty, $date:ty, $span:ty, $dec:ty) => {
        pub mod $module {
            use super::*;

            user! { $mode, 106, "demo.When", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub enum When {
                    At($ts),
                    Day($date),
                    Span($span),
                    Amount($dec),
                    #[default]
                    Never,
                }
            }

            user! { $mode, 107, "demo.Dated", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                pub struct Dated {
                    pub w: When,
                    pub ow: Option<When>,
                    pub l: Vec<When>,
                    pub d: BTreeMap<String, When>,
                }
            }

            /// The case values of `union_cases.py` in the crate's types.
            pub struct Expect {
                pub at: $ts,
                pub day: $date,
                pub span: $span,
                pub amount: $dec,
                /// `timedelta(days=10**8)`, of `dated_none`.
                pub long: $span,
            }

            /// Round-trips case `name` (None for the cases this test leaves out).
            pub fn check(name: &str, c: bool, r: bool, bytes: &[u8], e: &Expect) -> Option<Vec<u8>> {
                let mut fory = fory_tests::fory(c, r);
                fory.register::<When>().unwrap();
                fory.register::<Dated>().unwrap();
                let fory = &fory;
                Some(match name {
                    "when_ts" => round_trip(fory, bytes, When::At(e.at.clone())),
                    "when_date" => round_trip(fory, bytes, When::Day(e.day.clone())),
                    "when_td" => round_trip(fory, bytes, When::Span(e.span.clone())),
                    "when_dec" => round_trip(fory, bytes, When::Amount(e.amount.clone())),
                    "when_none" => round_trip(fory, bytes, When::Never),
                    "dated_none" => round_trip(
                        fory,
                        bytes,
                        Dated { w: When::Span(e.long.clone()), ..Dated::default() },
                    ),
                    _ => return None,
                })
            }
        }
    };
}

/// Reads pyfory's `When` payloads (the root cases and `dated_none`, in every mode) into the
/// crates' types, compares them with the expected values, writes them back byte for byte
/// (typed and as `Value`), and has pyfory read what Rust wrote. `dated` stays out: its
/// `Decimal("1E+5")` has a negative scale, which `rust_decimal` normalizes.
#[allow(dead_code)]
fn crate_unions_match_pyfory(check: impl Fn(&str, bool, bool, bool, &[u8]) -> Option<Vec<u8>>) {
    let mut written = serde_json::Map::new();
    for (key, bytes) in &pyfory_payloads() {
        let (name, compatible, ref_tracking, by_name) = mode(key);
        if let Some(w) = check(name, compatible, ref_tracking, by_name, bytes) {
            written.insert(key.clone(), serde_json::Value::String(hex(&w)));
        }
    }
    assert_eq!(written.len(), 6 * 8, "every When case in every mode");
    for (key, v) in &python_verdicts("union_cases.py", written) {
        assert!(
            v["ok"].as_bool() == Some(true) && v["same_bytes"].as_bool() == Some(true),
            "pyfory on Rust's {key}: {v}"
        );
    }
}

#[cfg(all(feature = "chrono", feature = "rust_decimal"))]
mod with_chrono {
    use super::*;
    use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

    crate_when!(
        by_id,
        id,
        DateTime<Utc>,
        NaiveDate,
        TimeDelta,
        rust_decimal::Decimal
    );
    crate_when!(
        by_name,
        name,
        DateTime<Utc>,
        NaiveDate,
        TimeDelta,
        rust_decimal::Decimal
    );

    #[test]
    fn unions_of_chrono_and_rust_decimal_types_match_pyfory() {
        let expect = || by_id::Expect {
            at: DateTime::from_timestamp(1_704_164_645, 500_000_000).unwrap(),
            day: NaiveDate::from_ymd_opt(1969, 12, 31).unwrap(),
            span: TimeDelta::new(-259_193, 250_000).unwrap(),
            amount: rust_decimal::Decimal::new(-12_345_678, 3),
            long: TimeDelta::try_days(100_000_000).unwrap(),
        };
        let (e_id, e) = (expect(), expect());
        let e_name = by_name::Expect {
            at: e.at,
            day: e.day,
            span: e.span,
            amount: e.amount,
            long: e.long,
        };
        crate_unions_match_pyfory(|name, c, r, by_name, bytes| {
            if by_name {
                by_name::check(name, c, r, bytes, &e_name)
            } else {
                by_id::check(name, c, r, bytes, &e_id)
            }
        });
    }
}

#[cfg(all(feature = "time", feature = "bigdecimal"))]
mod with_time {
    use super::*;
    use bigdecimal::BigDecimal;
    use time::{Month, OffsetDateTime};

    crate_when!(
        by_id,
        id,
        OffsetDateTime,
        time::Date,
        time::Duration,
        BigDecimal
    );
    crate_when!(
        by_name,
        name,
        OffsetDateTime,
        time::Date,
        time::Duration,
        BigDecimal
    );

    #[test]
    fn unions_of_time_and_bigdecimal_types_match_pyfory() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_704_164_645_500_000_000).unwrap();
        let day = time::Date::from_calendar_date(1969, Month::December, 31).unwrap();
        let span = time::Duration::new(-259_193, 250_000);
        let amount = BigDecimal::new((-12_345_678).into(), 3);
        let long = time::Duration::days(100_000_000);
        let e_id = by_id::Expect {
            at,
            day,
            span,
            amount: amount.clone(),
            long,
        };
        let e_name = by_name::Expect {
            at,
            day,
            span,
            amount,
            long,
        };
        crate_unions_match_pyfory(|name, c, r, by_name, bytes| {
            if by_name {
                by_name::check(name, c, r, bytes, &e_name)
            } else {
                by_id::check(name, c, r, bytes, &e_id)
            }
        });
    }
}

/// Tuple structs whose fields are renamed to a dataclass's attribute names: pyfory's bytes
/// read into them and written back byte for byte (typed and as `Value`), and pyfory reads
/// Rust's bytes, by id and by name, both modes, ref tracking off and on.
mod tuple_structs {
    use super::*;

    const PY: &str = r#"
import json, sys
from dataclasses import dataclass
from typing import List, Optional
import pyfory

@dataclass
class Pair:
    x: pyfory.Int32 = 0
    label: str = ""
    tags: List[str] = None
    camelName: int = 0

@dataclass
class Outer:
    inner: Pair = None
    maybe: Optional[Pair] = None
    pairs: List[Pair] = None

def fory(comp, ref, by_name):
    f = pyfory.Fory(xlang=True, compatible=comp, ref=ref)
    if by_name:
        f.register(Pair, name="demo.Pair")
        f.register(Outer, name="demo.Outer")
    else:
        f.register(Pair, type_id=110)
        f.register(Outer, type_id=111)
    return f

def value():
    return Outer(Pair(-3, "a", ["p", "q"], 1 << 40), None, [Pair(7, "", [], -1), Pair(0, "zz", ["r"], 0)])

keys = [f"{c}{r}{n}" for c in "01" for r in "01" for n in "01"]
if sys.argv[1:] == ["check"]:
    got = json.loads(sys.stdin.read())
    verdict = {}
    for key, hx in got.items():
        f = fory(*(k == "1" for k in key))
        verdict[key] = {"ok": f.deserialize(bytes.fromhex(hx)) == value(), "same": f.serialize(value()).hex() == hx}
    json.dump(verdict, sys.stdout)
else:
    json.dump({k: fory(*(c == "1" for c in k)).serialize(value()).hex() for k in keys}, sys.stdout)
"#;

    macro_rules! tuple_schema {
        ($module:ident, $mode:ident) => {
            pub mod $module {
                use super::*;

                user! { $mode, 110, "demo.Pair", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                    pub struct Pair(
                        #[fory(rename = "x")] pub i32,
                        #[fory(rename = "label")] pub String,
                        #[fory(rename = "tags")] pub Vec<String>,
                        #[fory(rename = "camelName")] pub i64,
                    );
                }

                user! { $mode, 111, "demo.Outer", [ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default],
                    pub struct Outer(
                        #[fory(rename = "inner")] pub Pair,
                        #[fory(rename = "maybe")] pub Option<Pair>,
                        #[fory(rename = "pairs")] pub Vec<Pair>,
                    );
                }

                pub fn check(compatible: bool, ref_tracking: bool, bytes: &[u8]) -> Vec<u8> {
                    let mut f = fory_tests::fory(compatible, ref_tracking);
                    f.register::<Pair>().unwrap();
                    f.register::<Outer>().unwrap();
                    let s = |t: &str| t.to_string();
                    let value = Outer(
                        Pair(-3, s("a"), vec![s("p"), s("q")], 1 << 40),
                        None,
                        vec![Pair(7, s(""), vec![], -1), Pair(0, s("zz"), vec![s("r")], 0)],
                    );
                    round_trip(&f, bytes, value)
                }
            }
        };
    }

    tuple_schema!(by_id, id);
    tuple_schema!(by_name, name);

    #[test]
    fn tuple_structs_with_renamed_fields_match_pyfory_dataclasses() {
        let out = run_python(PY, &[], b"");
        let cases: BTreeMap<String, String> = serde_json::from_slice(&out).unwrap();
        assert_eq!(cases.len(), 8);
        let mut written = BTreeMap::new();
        for (key, hx) in &cases {
            let k = key.as_bytes();
            let (c, r) = (k[0] == b'1', k[1] == b'1');
            let bytes = hex_decode(hx);
            let w = if k[2] == b'1' {
                by_name::check(c, r, &bytes)
            } else {
                by_id::check(c, r, &bytes)
            };
            written.insert(key.clone(), hex(&w));
        }
        let verdict = run_python(
            PY,
            &["check"],
            serde_json::to_string(&written).unwrap().as_bytes(),
        );
        let verdict: serde_json::Value = serde_json::from_slice(&verdict).unwrap();
        assert_eq!(verdict.as_object().unwrap().len(), 8);
        for (key, v) in verdict.as_object().unwrap() {
            assert_eq!(v["ok"], true, "pyfory read Rust's tuple struct {key}: {v}");
            assert_eq!(v["same"], true, "{key}: {v}");
        }
    }
}
