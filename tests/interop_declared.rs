//! Declared positions of user types, live against pyfory 1.7.7: a struct or enum as a struct
//! field, `Optional`, list and set element, map value and nested (`Dict[str, List[A]]`), each
//! registered by id and by name, in both `compatible` modes, with ref tracking off and on.
//!
//! pyfory decides per position whether the value's type info is written (see
//! `fory::__private::types::carries_type_info`); these are the cases that once differed: a struct field
//! of a struct registered by id in schema-consistent mode carries none, and a map value of
//! struct type is declared by the chunk header in schema-consistent mode. Each payload is read
//! typed and as `fory::Value` (which must find the declared struct by the field's declaration)
//! and written back byte for byte.

use std::collections::{BTreeMap, HashMap, HashSet};

use fory::{Fory, ForyDeserialize, ForySerialize, Value};
use fory_tests::{hex, hex_decode, run_python, user};

const SCRIPT: &str = r#"
import json, sys, enum
from dataclasses import dataclass
from typing import Dict, List, Optional, Set
import pyfory

@dataclass(frozen=True)
class A:
    v: pyfory.Int8

class Color(enum.Enum):
    RED = 0
    GREEN = 1
    BLUE = 2

@dataclass
class B:
    child: A

@dataclass
class C:
    oc: Optional[A]

@dataclass
class D:
    m: Dict[str, A]

@dataclass
class E:
    l: List[A]

@dataclass
class F:
    d: Dict[str, List[A]]

@dataclass
class G:
    s: Set[A]

@dataclass
class H:
    e: Color
    le: List[Color]
    me: Dict[str, Color]
    oe: Optional[Color]

@dataclass
class K:
    ma: Dict[A, str]

@dataclass
class M:
    m: Dict[str, Optional[int]]
    n: Dict[Optional[str], List[str]]

@dataclass
class N:
    s: Set[Optional[int]]
    l: List[Optional[int]]
    arrs: List[pyfory.Int32Array]
    am: Dict[str, pyfory.Int32Array]
    bl: List[bytes]
    ll: List[List[str]]
    on: List[Optional[A]]

out = {}
a = A(5)
objs = {
    "B": B(a), "C": C(a), "Cnone": C(None), "D": D({"k": a, "j": A(-1)}), "E": E([a, A(7)]),
    "F": F({"k": [a]}), "G": G({a}), "H": H(Color.GREEN, [Color.BLUE, Color.RED],
    {"x": Color.BLUE}, None), "K": K({a: "x"}), "M": M({"a": None, "b": 2}, {None: ["x"]}),
    "N": N({None}, [None], [pyfory.Int32Array([1, 2])], {"k": pyfory.Int32Array([3])}, [b"xy"],
           [["a"]], [None, None]),
}
for comp in (False, True):
    for ref in (False, True):
        for by_name in (False, True):
            f = pyfory.Fory(xlang=True, compatible=comp, ref=ref)
            for i, c in enumerate([A, Color, B, C, D, E, F, G, H, K, M, N]):
                if by_name:
                    f.register_type(c, name="t." + c.__name__)
                else:
                    f.register_type(c, type_id=200 + i)
            for name, obj in objs.items():
                key = f"{name}/{int(comp)}{int(ref)}{int(by_name)}"
                out[key] = f.serialize(obj).hex()
json.dump(out, sys.stdout)
"#;

macro_rules! schema {
    ($module:ident, $mode:ident) => {
        mod $module {
            use super::*;

            user! {
                $mode, 200, "t.A", [ForySerialize, ForyDeserialize, Debug, PartialEq, Eq, Hash, Default, Clone, PartialOrd, Ord],
            pub struct A {
                pub v: i8,
            }
            }

            user! {
                $mode, 201, "t.Color", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy],
            pub enum Color {
                Red,
                #[default]
                Green,
                Blue,
            }
            }

            user! {
                $mode, 202, "t.B", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct B {
                pub child: A,
            }
            }

            user! {
                $mode, 203, "t.C", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct C {
                pub oc: Option<A>,
            }
            }

            user! {
                $mode, 204, "t.D", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct D {
                pub m: BTreeMap<String, A>,
            }
            }

            user! {
                $mode, 205, "t.E", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct E {
                pub l: Vec<A>,
            }
            }

            user! {
                $mode, 206, "t.F", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct F {
                pub d: HashMap<String, Vec<A>>,
            }
            }

            user! {
                $mode, 207, "t.G", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct G {
                pub s: HashSet<A>,
            }
            }

            user! {
                $mode, 208, "t.H", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct H {
                pub e: Color,
                pub le: Vec<Color>,
                pub me: HashMap<String, Color>,
                pub oe: Option<Color>,
            }
            }

            user! {
                $mode, 209, "t.K", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct K {
                pub ma: HashMap<A, String>,
            }
            }

            user! {
                $mode, 210, "t.M", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct M {
                pub m: BTreeMap<String, Option<i64>>,
                pub n: BTreeMap<Option<String>, Vec<String>>,
            }
            }

            user! {
                $mode, 211, "t.N", [ForySerialize, ForyDeserialize, Debug, PartialEq, Default],
            pub struct N {
                pub s: HashSet<Option<i64>>,
                pub l: Vec<Option<i64>>,
                pub arrs: Vec<Vec<i32>>,
                pub am: HashMap<String, Vec<i32>>,
                pub bl: Vec<Vec<u8>>,
                pub ll: Vec<Vec<String>>,
                pub on: Vec<Option<A>>,
            }
            }

            pub fn fory(compatible: bool, ref_tracking: bool) -> Fory {
                let mut f = Fory::builder()
                    .compatible(compatible)
                    .ref_tracking(ref_tracking)
                    .build();
                f.register::<A>().unwrap();
                f.register::<Color>().unwrap();
                f.register::<B>().unwrap();
                f.register::<C>().unwrap();
                f.register::<D>().unwrap();
                f.register::<E>().unwrap();
                f.register::<F>().unwrap();
                f.register::<G>().unwrap();
                f.register::<H>().unwrap();
                f.register::<K>().unwrap();
                f.register::<M>().unwrap();
                f.register::<N>().unwrap();
                f
            }

            /// Reads pyfory's bytes into the expected typed value, writes it back byte for
            /// byte, and does the same through `fory::Value`.
            pub fn check(name: &str, fory: &Fory, bytes: &[u8]) {
                let a = A { v: 5 };
                match name {
                    "B" => round_trip(fory, bytes, B { child: a }),
                    "C" => round_trip(fory, bytes, C { oc: Some(a) }),
                    "Cnone" => round_trip(fory, bytes, C { oc: None }),
                    "D" => round_trip(fory, bytes, D {
                        m: [("k".to_string(), a), ("j".to_string(), A { v: -1 })].into(),
                    }),
                    "E" => round_trip(fory, bytes, E { l: vec![a, A { v: 7 }] }),
                    "F" => round_trip(fory, bytes, F { d: [("k".to_string(), vec![a])].into() }),
                    "G" => round_trip(fory, bytes, G { s: [a].into() }),
                    "H" => round_trip(fory, bytes, H {
                        e: Color::Green,
                        le: vec![Color::Blue, Color::Red],
                        me: [("x".to_string(), Color::Blue)].into(),
                        oe: None,
                    }),
                    "K" => round_trip(fory, bytes, K { ma: [(a, "x".to_string())].into() }),
                    "M" => round_trip(fory, bytes, M {
                        m: [("a".to_string(), None), ("b".to_string(), Some(2))].into(),
                        n: [(None, vec!["x".to_string()])].into(),
                    }),
                    "N" => round_trip(fory, bytes, N {
                        s: [None].into(),
                        l: vec![None],
                        arrs: vec![vec![1, 2]],
                        am: [("k".to_string(), vec![3])].into(),
                        bl: vec![b"xy".to_vec()],
                        ll: vec![vec!["a".to_string()]],
                        on: vec![None, None],
                    }),
                    other => panic!("no Rust case for {other}"),
                }
            }
        }
    };
}

fn round_trip<T>(fory: &Fory, bytes: &[u8], expected: T)
where
    T: for<'de> fory::Deserialize<'de> + fory::Serialize + PartialEq + std::fmt::Debug,
{
    let typed: T = fory
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("typed read of {}: {e}", hex(bytes)));
    assert_eq!(typed, expected);
    // Maps and sets of more than one entry may iterate in another order than Python's dict.
    let written = fory.serialize(&typed).expect("typed write");
    let again: T = fory.deserialize(&written).expect("typed re-read");
    assert_eq!(again, expected);
    if !is_unordered(&expected) {
        assert_eq!(hex(&written), hex(bytes), "typed write-back differs");
    }
    let value: Value = fory
        .deserialize(bytes)
        .unwrap_or_else(|e| panic!("Value read of {}: {e}", hex(bytes)));
    let back = fory.serialize(&value).expect("Value write");
    assert_eq!(
        hex(&back),
        hex(bytes),
        "Value write-back differs: {value:?}"
    );
}

fn is_unordered<T: std::fmt::Debug>(v: &T) -> bool {
    // Only the multi-entry map of case D is ordered differently (BTreeMap vs insertion order).
    format!("{v:?}").contains("\"j\"")
}

schema!(by_id, id);
schema!(by_name, name);

fn pyfory_payloads() -> BTreeMap<String, Vec<u8>> {
    let out = run_python(SCRIPT, &[], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    json.as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), hex_decode(v.as_str().expect("hex"))))
        .collect()
}

#[test]
fn declared_user_types_match_pyfory_in_every_position_and_mode() {
    let payloads = pyfory_payloads();
    assert_eq!(payloads.len(), 11 * 8);
    for (key, bytes) in &payloads {
        let (name, cfg) = key.split_once('/').expect("name/cfg");
        let cfg = cfg.as_bytes();
        let (compatible, ref_tracking, by_name) = (cfg[0] == b'1', cfg[1] == b'1', cfg[2] == b'1');
        let run = || {
            if by_name {
                by_name::check(name, &by_name::fory(compatible, ref_tracking), bytes)
            } else {
                by_id::check(name, &by_id::fory(compatible, ref_tracking), bytes)
            }
        };
        if let Err(e) = std::panic::catch_unwind(run) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("case {key} (compatible {compatible}, ref {ref_tracking}, by name {by_name}): {msg}");
        }
    }
}

/// CPython shares equal small `bytes` objects (every empty and one-byte `bytes` is one object),
/// so with `ref=True` pyfory writes `[b"", b""]` with a back-reference although nothing was
/// shared on purpose. Types without identity (`Vec<u8>`, `&[u8]`, `bytes::Bytes`) read such a
/// back-reference as the same bytes again; written back, each element is its own object (as
/// for `fory::Value`), which pyfory reads to an equal value.
#[test]
fn interned_bytes_back_references_read_into_types_without_identity() {
    const PY: &str = r#"
import json, sys
from dataclasses import dataclass
from typing import Dict, List
import pyfory

@dataclass
class Blobs:
    l: List[bytes]
    m: Dict[str, bytes]

out = {}
for comp in (False, True):
    f = pyfory.Fory(xlang=True, compatible=comp, ref=True)
    f.register_type(Blobs, type_id=240)
    out[str(int(comp))] = f.serialize(Blobs([b"", b"", b"x", b"x"], {"a": b"x", "b": b""})).hex()
if len(sys.argv) > 1:
    for comp, hx in json.loads(sys.stdin.read()).items():
        f = pyfory.Fory(xlang=True, compatible=comp == "1", ref=True)
        f.register_type(Blobs, type_id=240)
        back = f.deserialize(bytes.fromhex(hx))
        assert back == Blobs([b"", b"", b"x", b"x"], {"a": b"x", "b": b""}), back
    print("{}")
else:
    json.dump(out, sys.stdout)
"#;

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(id = 240)]
    struct Blobs {
        l: Vec<Vec<u8>>,
        m: BTreeMap<String, Vec<u8>>,
    }

    #[derive(ForyDeserialize, Debug, PartialEq)]
    #[fory(id = 240, deserialize_only)]
    struct BlobsView<'a> {
        l: Vec<&'a [u8]>,
        m: BTreeMap<String, bytes::Bytes>,
    }

    let out = run_python(PY, &[], b"");
    let payloads: BTreeMap<String, String> = serde_json::from_slice(&out).expect("json");
    let want = Blobs {
        l: vec![vec![], vec![], b"x".to_vec(), b"x".to_vec()],
        m: [("a".into(), b"x".to_vec()), ("b".into(), vec![])].into(),
    };
    let mut written = BTreeMap::new();
    for (comp, hx) in &payloads {
        let bytes = hex_decode(hx);
        assert!(
            bytes.contains(&0xfe),
            "pyfory wrote no back-reference: {hx}"
        );
        let mut fory = Fory::builder()
            .compatible(comp == "1")
            .ref_tracking(true)
            .build();
        fory.register::<Blobs>().unwrap();
        fory.register::<BlobsView>().unwrap();
        let typed: Blobs = fory
            .deserialize(&bytes)
            .unwrap_or_else(|e| panic!("{comp}: {e}"));
        assert_eq!(typed, want);
        let view: BlobsView = fory.deserialize(&bytes).unwrap();
        assert_eq!(view.l, [&b""[..], b"", b"x", b"x"]);
        assert_eq!(view.m["a"], bytes::Bytes::from_static(b"x"));
        let value: Value = fory.deserialize(&bytes).unwrap();
        let again = fory.serialize(&value).unwrap();
        assert_eq!(fory.deserialize::<Blobs>(&again).unwrap(), want);
        written.insert(comp.clone(), hex(&fory.serialize(&typed).unwrap()));
    }
    run_python(
        PY,
        &["check"],
        serde_json::to_string(&written).unwrap().as_bytes(),
    );
}
