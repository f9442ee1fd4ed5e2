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

            pub fn fory(compatible: bool, ref_tracking: bool) -> Fory {
                let mut f = fory_tests::fory(compatible, ref_tracking);
                f.register::<Rect>().unwrap();
                f.register::<Shape>().unwrap();
                f.register::<Holder>().unwrap();
                f.register::<Lists>().unwrap();
                f.register::<Either>().unwrap();
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
                    other => panic!("no Rust case for {other}"),
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
    assert_eq!(payloads.len(), 14 * 8);
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
    assert_eq!(verdicts.len(), 14 * 8);
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
