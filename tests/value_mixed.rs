//! Dynamic values inside statically typed containers: elements of different types each keep
//! their own type info (regression: the first element's type info was shared).

use std::collections::{BTreeMap, HashMap, VecDeque};

use fory::{Fory, Value};
use fory_tests::{hex, pyfory_bytes};

fn round_trip<T>(fory: &Fory, v: &T) -> T
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de>,
{
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

#[test]
fn mixed_values_in_typed_containers_round_trip() {
    for (compatible, track) in [(true, false), (false, false), (true, true)] {
        let fory = Fory::builder()
            .compatible(compatible)
            .ref_tracking(track)
            .build();
        let map: HashMap<String, Value> = HashMap::from([
            ("a".into(), Value::I64(1)),
            ("b".into(), Value::String("s".into())),
            ("c".into(), Value::List(vec![Value::Bool(true)])),
            ("d".into(), Value::Null),
        ]);
        assert_eq!(round_trip(&fory, &map), map);
        let deque: VecDeque<Value> =
            VecDeque::from([Value::I64(5), Value::String("s".into()), Value::F64(0.5)]);
        assert_eq!(round_trip(&fory, &deque), deque);
        let opts: Vec<Option<Value>> =
            vec![Some(Value::I32(1)), None, Some(Value::Binary(vec![1, 2]))];
        let back: Vec<Option<Value>> = round_trip(&fory, &opts);
        // A null element reads back as None or as Some(Value::Null): both mean null.
        assert_eq!(back[0], opts[0]);
        assert!(matches!(back[1], None | Some(Value::Null)));
        assert_eq!(back[2], opts[2]);
        let boxed: Vec<Box<Value>> =
            vec![Box::new(Value::U8(1)), Box::new(Value::String("x".into()))];
        assert_eq!(round_trip(&fory, &boxed), boxed);
    }
}

#[test]
fn a_typed_map_of_mixed_values_writes_pyfory_bytes() {
    let fory = Fory::default();
    let map: BTreeMap<String, Value> = BTreeMap::from([
        ("a".into(), Value::I64(1)),
        ("b".into(), Value::String("s".into())),
    ]);
    let expected = pyfory_bytes("{'a': 1, 'b': 's'}", "Fory(xlang=True)", "");
    assert_eq!(hex(&fory.serialize(&map).unwrap()), hex(&expected));
    let list = vec![Value::I64(1), Value::String("a".into()), Value::Null];
    let expected = pyfory_bytes("[1, 'a', None]", "Fory(xlang=True)", "");
    assert_eq!(hex(&fory.serialize(&list).unwrap()), hex(&expected));
}

/// Regression (found by proptest): a namespace and a type name whose meta strings have the same
/// bytes but different encodings ("b" lower-special, "B" first-to-lower-special) were
/// deduplicated into one entry by the writer, so "B" came back as "b".
#[test]
fn names_with_equal_bytes_but_different_encodings_stay_apart() {
    use fory::schema::TypeIdent;
    use fory::value::Enum;
    for compatible in [false, true] {
        let fory = Fory::builder().compatible(compatible).build();
        let ident = TypeIdent::Named {
            namespace: "b".into(),
            type_name: "B".into(),
        };
        let v = Value::Set(vec![Value::Map(vec![(
            Value::Enum(Enum {
                ident: Some(ident.clone()),
                ordinal: 0,
            }),
            Value::Null,
        )])]);
        assert_eq!(round_trip(&fory, &v), v);
    }
}

mod schema_consistent_typedefs {
    use fory::{Fory, ForyDeserialize, ForySerialize, Value};

    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Pair")]
    pub struct Pair {
        pub a: i32,
        pub b: String,
    }

    /// The same type as a peer with one field more (a TypeDef of another layout).
    #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default)]
    #[fory(name = "demo.Pair")]
    pub struct PairV2 {
        pub a: i32,
        pub b: String,
        pub c: i64,
    }

    /// Reads `bytes` as a `Value` with `f`, writes it back and reads that again: the value and
    /// its TypeDef (`Debug` shows it) must come back, and writing again must give the same bytes.
    fn stable(f: &Fory, bytes: &[u8]) -> Value {
        let v: Value = f.deserialize(bytes).unwrap();
        let written = f.serialize(&v).unwrap();
        let again: Value = f.deserialize(&written).unwrap();
        assert_eq!(format!("{again:?}"), format!("{v:?}"));
        assert_eq!(f.serialize(&again).unwrap(), written);
        v
    }

    /// A schema-consistent `Fory` reads a struct that a message carries with its TypeDef (the
    /// compatible form, which pyfory reads in either mode). Found by fuzzing `decode_derived`:
    /// the value was written back under the registered type and read again with another
    /// TypeDef; with another field order it would have been written under the registered
    /// schema hash in the TypeDef's order.
    #[test]
    fn a_struct_read_from_a_typedef_in_schema_consistent_mode_writes_back_as_read() {
        let mut compatible = Fory::builder().compatible(true).build();
        compatible.register::<Pair>().unwrap();
        let mut peer = Fory::builder().compatible(true).build();
        peer.register::<PairV2>().unwrap();
        let mut schema = Fory::builder().compatible(false).build();
        schema.register::<Pair>().unwrap();

        // The registered layout: the value is the registered type's, written as such (the
        // schema-consistent bytes `Pair` itself writes).
        let same = compatible
            .serialize(&Pair {
                a: 1,
                b: "x".into(),
            })
            .unwrap();
        let v = stable(&schema, &same);
        assert_eq!(
            schema.serialize(&v).unwrap(),
            schema
                .serialize(&Pair {
                    a: 1,
                    b: "x".into()
                })
                .unwrap()
        );

        // Another layout: written back with its own TypeDef, all three fields kept.
        let other = peer
            .serialize(&PairV2 {
                a: 2,
                b: "y".into(),
                c: 3,
            })
            .unwrap();
        let v = stable(&schema, &other);
        let Value::Struct(s) = &v else {
            panic!("{v:?}")
        };
        assert_eq!(s.fields.len(), 3);
        assert_eq!(
            peer.deserialize::<PairV2>(&schema.serialize(&v).unwrap())
                .unwrap()
                .c,
            3
        );
    }
}
