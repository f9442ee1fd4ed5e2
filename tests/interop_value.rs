//! pyfory 1.7.7 → Rust as `fory::Value`, and `Value` → bytes compared with pyfory's own.
//!
//! Every payload comes from `tests/python/catalogue.py` run live against the pinned pyfory.

use fory::value::{Array as Arr, Struct};
use fory::Value;
use fory_tests::{catalogue, check_in_python, hex, Case};

fn s(v: &str) -> Value {
    Value::String(v.into())
}

/// The value each scalar/container case must decode to.
fn expected(name: &str) -> Option<Value> {
    use Value::*;
    Some(match name {
        "none" => Null,
        "bool" => Bool(true),
        "int_0" => I64(0),
        "int_1" => I64(1),
        "int_m1" => I64(-1),
        "int_m65" => I64(-65),
        "int_2p56" => I64(1 << 56),
        "int_max" => I64(i64::MAX),
        "int_min" => I64(i64::MIN),
        "float" => F64(1.5),
        "float_neg" => F64(-0.125),
        "str_empty" => s(""),
        "str_ascii" => s("hello"),
        "str_latin1" => s("café"),
        "str_cjk" => s("中文"),
        "str_emoji" => s("😀x"),
        "str_long" => s(&"abc".repeat(400)),
        "bytes" => Binary(vec![0, 1, b'x', b'y']),
        "bytes_empty" => Binary(vec![]),
        "list_int" => List(vec![I64(1), I64(2), I64(3)]),
        "list_empty" => List(vec![]),
        "list_nested" => List(vec![
            List(vec![I64(1)]),
            List(vec![I64(2), I64(3)]),
            List(vec![]),
        ]),
        "list_mixed" => List(vec![I64(1), s("a"), Null]),
        "list_str" => List(vec![s("a"), s("b")]),
        "dict_mixed" => Map(vec![(s("a"), I64(1)), (I64(2), Null)]),
        "dict_none_key" => Map(vec![(Null, I64(1))]),
        "dict_str_int" => Map(vec![(s("x"), I64(1)), (s("y"), I64(2))]),
        "dict_empty" => Map(vec![]),
        "set_int" => Set(vec![I64(1), I64(2), I64(3)]),
        "arr_i32" => Array(Arr::I32(vec![1, -2, 3])),
        "arr_f64" => Array(Arr::F64(vec![0.5, -1.0])),
        "arr_bool" => Array(Arr::Bool(vec![true, false])),
        "ref_shared_list" => List(vec![
            List(vec![I64(1), I64(2)]),
            List(vec![I64(1), I64(2)]),
            s("s"),
            s("s"),
        ]),
        "ref_bytes" => List(vec![Binary(b"ab".to_vec()), Binary(b"ab".to_vec())]),
        "ref_scalar" => I64(5),
        "ref_dict" => Map(vec![(s("a"), I64(1))]),
        "ref_dict_list" => Map(vec![
            (s("a"), List(vec![I64(1), I64(2)])),
            (s("b"), s("x")),
            (I64(3), Null),
        ]),
        "ref_dict_schema" => Map(vec![(s("k"), s("v")), (s("n"), F64(2.5))]),
        "list_all_null" => List(vec![Null, Null]),
        "list_all_null_ref" => List(vec![Null]),
        "list_mixed_ref" => List(vec![I64(1), s("a"), Null]),
        "list_arrays_ref" => List(vec![Array(Arr::I32(vec![1, 2])), Array(Arr::I32(vec![3]))]),
        "dict_arrays_ref" => Map(vec![(s("k"), Array(Arr::I32(vec![1])))]),
        "list_long" => List((0..130).map(|i| s(&format!("s{i}"))).collect()),
        _ => return None,
    })
}

fn field<'a>(v: &'a Struct, name: &str) -> &'a Value {
    v.get(name)
        .unwrap_or_else(|| panic!("field {name} missing in {v:?}"))
}

fn name_of(v: &Value) -> String {
    match &v.as_struct().expect("struct").ident {
        fory::schema::TypeIdent::Named {
            namespace,
            type_name,
        } => format!("{namespace}.{type_name}"),
        fory::schema::TypeIdent::Id(id) => format!("#{id}"),
    }
}

fn check_point(v: &Value) {
    let p = v.as_struct().expect("Point is a struct");
    assert_eq!(name_of(v), "demo.Point");
    assert_eq!(field(p, "x"), &Value::I32(1));
    assert_eq!(field(p, "y"), &Value::F64(2.5));
    assert_eq!(field(p, "s"), &s("hi"));
    assert_eq!(field(p, "myField"), &Value::I64(-7));
}

/// Checks for the struct cases that Value can read without a schema (compatible mode).
fn check_struct_case(name: &str, v: &Value) {
    match name {
        "point" => check_point(v),
        "point_id" => {
            assert_eq!(name_of(v), "#101");
            let p = v.as_struct().unwrap();
            assert_eq!(field(p, "x"), &Value::I32(3));
            assert_eq!(field(p, "y"), &Value::F64(4.5));
        }
        "outer" | "outer_full" => {
            assert_eq!(name_of(v), "demo.Outer");
            let o = v.as_struct().unwrap();
            let inner = field(o, "inner").as_struct().expect("inner struct");
            assert_eq!(field(inner, "name"), &s("in"));
            assert_eq!(
                field(inner, "values"),
                &Value::List(vec![Value::I64(1), Value::I64(2), Value::I64(3)])
            );
            if name == "outer" {
                assert_eq!(field(o, "maybe"), &Value::Null);
                assert_eq!(field(o, "label"), &Value::Null);
                assert_eq!(field(o, "tags"), &Value::Map(vec![(s("k"), Value::I64(2))]));
            } else {
                assert_eq!(field(o, "label"), &s("lbl"));
                let m = field(o, "maybe").as_struct().expect("maybe set");
                assert_eq!(field(m, "values"), &Value::List(vec![]));
            }
        }
        "same_twice" | "ref_point" => {
            let Value::List(items) = v else {
                panic!("list")
            };
            assert_eq!(items.len(), 2);
            items.iter().for_each(check_point);
        }
        "two_types" => {
            let Value::List(items) = v else {
                panic!("list")
            };
            let names: Vec<_> = items.iter().map(name_of).collect();
            assert_eq!(
                names,
                ["demo.Point", "demo.Inner", "demo.Point", "demo.Inner"]
            );
            check_point(&items[2]);
        }
        "long_ns" => {
            assert_eq!(name_of(v), "com.example.very.long.namespace.LongNs");
            assert_eq!(field(v.as_struct().unwrap(), "v"), &Value::I64(9));
        }
        "painted" => {
            let p = v.as_struct().unwrap();
            assert_eq!(name_of(v), "#102");
            assert!(matches!(field(p, "color"), Value::Enum(e) if e.ordinal == 2));
            assert_eq!(field(p, "blob"), &Value::Binary(b"zz".to_vec()));
            assert_eq!(field(p, "ratio"), &Value::F32(0.5));
            assert_eq!(field(p, "small"), &Value::I8(-3));
            assert_eq!(field(p, "mid"), &Value::I16(300));
            assert_eq!(field(p, "fixed"), &Value::I32(-100000));
            assert_eq!(field(p, "tagged"), &Value::I64(1 << 40));
            assert_eq!(field(p, "flag"), &Value::Bool(true));
            assert_eq!(field(p, "names"), &Value::List(vec![s("x"), s("y")]));
        }
        "tile" | "tile_long" => {
            let t = v.as_struct().unwrap();
            assert_eq!(name_of(v), "#103");
            let (w, color, shade) = if name == "tile" {
                (640, 1, 2)
            } else {
                (1, 2, 0)
            };
            assert_eq!(field(t, "w"), &Value::I32(w));
            assert!(matches!(field(t, "a_color"), Value::Enum(e) if e.ordinal == color));
            assert!(matches!(field(t, "e_shade"), Value::Enum(e) if e.ordinal == shade));
            check_point(field(t, "c_at"));
            check_point(field(t, "i_at"));
            assert!(matches!(field(t, "f_mode"), Value::Enum(e) if e.ordinal == color));
        }
        "enum" => assert!(matches!(v, Value::Enum(e) if e.ordinal == 1)),
        "roster_long" => {
            let Value::List(ids) = field(v.as_struct().unwrap(), "ids") else {
                panic!("ids is a list")
            };
            assert_eq!(ids.len(), 130);
            assert_eq!(field(ids[129].as_struct().unwrap(), "x"), &Value::I32(129));
        }
        "roster" | "roster_ref" => {
            assert_eq!(name_of(v), "demo.Roster");
            let r = v.as_struct().unwrap();
            let Value::List(points) = field(r, "points") else {
                panic!("points is a list")
            };
            assert_eq!(points.len(), 2);
            check_point(&points[0]);
            assert_eq!(field(points[1].as_struct().unwrap(), "s"), &s("yo"));
            let Value::List(ids) = field(r, "ids") else {
                panic!("ids is a list")
            };
            assert_eq!(ids.iter().map(name_of).collect::<Vec<_>>(), ["#101"]);
            assert_eq!(field(r, "none"), &Value::List(vec![]));
        }
        other => panic!("no check for case {other}"),
    }
}

/// Cases Value reads without a Rust schema: all but non-compatible structs.
fn schemaless(c: &Case) -> bool {
    !c.name.ends_with("_nc")
}

#[test]
fn python_to_rust_value() {
    let cases = catalogue();
    assert!(cases.len() > 40, "catalogue too small: {}", cases.len());
    for c in cases.iter().filter(|c| schemaless(c)) {
        let fory = c.fory();
        let v: Value = fory
            .deserialize(&c.bytes)
            .unwrap_or_else(|e| panic!("case {}: {e} (bytes {})", c.name, hex(&c.bytes)));
        match expected(&c.name) {
            Some(want) => assert_eq!(v, want, "case {}", c.name),
            None => check_struct_case(&c.name, &v),
        }
    }
}

/// Byte differences we accept, each deliberate and documented in the README:
/// * non-ASCII strings (pyfory: Latin-1 or UTF-16) we write as UTF-8;
/// * `Value` has no object identity, so a value pyfory shares by reference is written again.
const NOT_BYTE_EXACT: &[&str] = &[
    "str_cjk",
    "str_latin1",
    "ref_shared_list",
    "ref_bytes",
    "ref_point",
];

#[test]
fn value_reserializes_to_pyfory_bytes() {
    let cases = catalogue();
    let mut written = Vec::new();
    for c in cases.iter().filter(|c| schemaless(c)) {
        let fory = c.fory();
        let v: Value = fory.deserialize(&c.bytes).unwrap();
        let bytes = fory
            .serialize(&v)
            .unwrap_or_else(|e| panic!("case {}: {e}", c.name));
        if !NOT_BYTE_EXACT.contains(&c.name.as_str()) {
            assert_eq!(
                hex(&bytes),
                hex(&c.bytes),
                "case {}: bytes differ from pyfory",
                c.name
            );
        }
        written.push((c.name.clone(), bytes));
    }
    // And pyfory reads every one back to the catalogue value.
    for (name, verdict) in check_in_python(&written) {
        assert!(verdict.ok, "case {name}: {}", verdict.error);
    }
}
