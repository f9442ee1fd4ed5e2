//! Property tests: for generated values of every supported type, serialize → deserialize is the
//! identity — in compatible and non-compatible mode, with and without reference tracking, and
//! with and without out-of-band buffers (each buffer placed in-band or out-of-band at random).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Debug;

use fory::schema::TypeIdent;
use fory::value::{Array, Enum, Struct};
use fory::{BufferObject, Deserialize, Fory, Placement, Serialize, Value};
use proptest::collection::{btree_map, btree_set, hash_map, vec};
use proptest::prelude::*;

/// The configurations every value is tried with: (compatible, ref tracking).
const CONFIGS: [(bool, bool); 4] = [(true, false), (true, true), (false, false), (false, true)];

fn fory(compatible: bool, track_ref: bool) -> Fory {
    Fory::builder()
        .compatible(compatible)
        .ref_tracking(track_ref)
        .build()
}

/// Serializes `v` with a buffer callback that places the i-th buffer as `placement[i]`
/// (cycling), and reads it back with the out-of-band buffers.
fn roundtrip_oob<T>(fory: &Fory, v: &T, placement: &[bool]) -> T
where
    T: Serialize + for<'de> Deserialize<'de>,
{
    let mut out: Vec<BufferObject<'_>> = Vec::new();
    let mut offered = 0usize;
    let payload = fory
        .serialize_with(v, |b| {
            let in_band = placement.get(offered % placement.len().max(1)) == Some(&true);
            offered += 1;
            if in_band {
                Placement::InBand
            } else {
                out.push(b);
                Placement::OutOfBand
            }
        })
        .expect("serialize_with");
    assert_eq!(payload[0] & 0x02, 0x02, "out-of-band header bit");
    let in_band = (0..offered)
        .filter(|i| placement.get(i % placement.len().max(1)) == Some(&true))
        .count();
    assert_eq!(out.len() + in_band, offered);
    // Buffers as the caller would ship them: owned copies.
    let owned: Vec<Vec<u8>> = out.iter().map(|b| b.as_slice().to_vec()).collect();
    fory.deserialize_with_buffers(&payload, &owned)
        .unwrap_or_else(|e| panic!("read back with {} buffers: {e}", owned.len()))
}

/// Checks the identity in every configuration, in-band and out-of-band.
fn check<T>(v: &T, placement: &[bool]) -> Result<(), TestCaseError>
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + Debug,
{
    for (compatible, track_ref) in CONFIGS {
        let f = fory(compatible, track_ref);
        let bytes = f.serialize(v).expect("serialize");
        let back: T = f
            .deserialize(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{compatible}/{track_ref}: {e}")))?;
        prop_assert_eq!(
            &back,
            v,
            "in-band, compatible={} ref={}",
            compatible,
            track_ref
        );
        // `serialize_into` writes the same bytes into a reused vector.
        let mut reused = vec![0xAA; 3];
        f.serialize_into(v, &mut reused).expect("serialize_into");
        prop_assert_eq!(&reused, &bytes);
        let back = roundtrip_oob(&f, v, placement);
        prop_assert_eq!(
            &back,
            v,
            "out-of-band, compatible={} ref={}",
            compatible,
            track_ref
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strategies.

/// Strings of every class the writer distinguishes: ASCII, Latin-1, BMP, astral.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,12}",
        "[ -~]{0,40}",
        "[a-zé-ÿ]{0,12}",
        "\\PC{0,12}",
        Just(String::new()),
        Just("😀x中文".to_string()),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..64), vec(any::<u8>(), 200..600)]
}

/// Floats that compare equal to themselves (NaN is covered by the bitwise test below).
fn f64_eq() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("not NaN", |f| !f.is_nan())
}

fn f32_eq() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("not NaN", |f| !f.is_nan())
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i8>().prop_map(Value::I8),
        any::<i16>().prop_map(Value::I16),
        any::<i32>().prop_map(Value::I32),
        any::<i64>().prop_map(Value::I64),
        any::<u8>().prop_map(Value::U8),
        any::<u16>().prop_map(Value::U16),
        any::<u32>().prop_map(Value::U32),
        any::<u64>().prop_map(Value::U64),
        f32_eq().prop_map(Value::F32),
        f64_eq().prop_map(Value::F64),
        text().prop_map(Value::String),
        bytes().prop_map(Value::Binary),
    ]
}

fn array() -> impl Strategy<Value = Array> {
    prop_oneof![
        vec(any::<bool>(), 0..20).prop_map(Array::Bool),
        vec(any::<i8>(), 0..20).prop_map(Array::I8),
        vec(any::<i16>(), 0..20).prop_map(Array::I16),
        vec(any::<i32>(), 0..20).prop_map(Array::I32),
        vec(any::<i64>(), 0..20).prop_map(Array::I64),
        vec(any::<u8>(), 0..20).prop_map(Array::U8),
        vec(any::<u16>(), 0..20).prop_map(Array::U16),
        vec(any::<u32>(), 0..20).prop_map(Array::U32),
        vec(any::<u64>(), 0..20).prop_map(Array::U64),
        vec(any::<u16>(), 0..20).prop_map(Array::F16),
        vec(f32_eq(), 0..20).prop_map(Array::F32),
        vec(f64_eq(), 0..20).prop_map(Array::F64),
    ]
}

fn ident() -> impl Strategy<Value = TypeIdent> {
    prop_oneof![
        (1u32..5000).prop_map(TypeIdent::Id),
        ("[a-z]{1,6}(\\.[a-z]{1,6}){0,2}", "[A-Z][a-zA-Z0-9]{0,10}").prop_map(|(ns, n)| {
            TypeIdent::Named {
                namespace: ns,
                type_name: n,
            }
        }),
    ]
}

fn enum_value() -> impl Strategy<Value = Value> {
    (ident(), 0u32..100).prop_map(|(ident, ordinal)| {
        Value::Enum(Enum {
            ident: Some(ident),
            ordinal,
        })
    })
}

/// A struct of scalar, string, binary, array and list fields with distinct names.
fn struct_value() -> impl Strategy<Value = Value> {
    let field = prop_oneof![
        scalar().prop_filter("non-null", |v| !matches!(v, Value::Null)),
        array().prop_map(Value::Array),
        vec(any::<i64>().prop_map(Value::I64), 0..5).prop_map(Value::List),
    ];
    (ident(), btree_map("[a-z][a-z0-9_]{0,8}", field, 0..6)).prop_map(|(ident, fields)| {
        Value::Struct(Struct {
            ident,
            fields: fields.into_iter().collect(),
            def: None,
        })
    })
}

/// Values without structs: they round-trip in every configuration.
fn plain_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        8 => scalar(),
        1 => array().prop_map(Value::Array),
        1 => enum_value(),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..8).prop_map(Value::List),
            vec(inner.clone(), 0..8).prop_map(Value::Set),
            vec((inner.clone(), inner), 0..6).prop_map(Value::Map),
        ]
    })
}

/// Values with structs (compatible mode: structs carry their TypeDef).
fn value_with_structs() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![4 => scalar(), 1 => struct_value(), 1 => enum_value()];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::List),
            vec((inner.clone(), inner), 0..4).prop_map(Value::Map),
        ]
    })
}

/// `v` with every struct's fields sorted by name: a struct written without a TypeDef is read
/// back with its fields in pyfory's field order.
fn by_name(v: &Value) -> Value {
    match v {
        Value::List(items) => Value::List(items.iter().map(by_name).collect()),
        Value::Set(items) => Value::Set(items.iter().map(by_name).collect()),
        Value::Map(e) => Value::Map(e.iter().map(|(k, v)| (by_name(k), by_name(v))).collect()),
        Value::Struct(s) => {
            let mut fields: Vec<(String, Value)> = s
                .fields
                .iter()
                .map(|(n, v)| (n.clone(), by_name(v)))
                .collect();
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Struct(Struct {
                ident: s.ident.clone(),
                fields,
                def: None,
            })
        }
        other => other.clone(),
    }
}

fn placement() -> impl Strategy<Value = Vec<bool>> {
    vec(any::<bool>(), 1..8)
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn value_roundtrips(v in plain_value(), p in placement()) {
        check(&v, &p)?;
    }

    #[test]
    fn value_with_structs_roundtrips(v in value_with_structs(), p in placement()) {
        for track_ref in [false, true] {
            let f = fory(true, track_ref);
            let bytes = f.serialize(&v).expect("serialize");
            let back: Value = f.deserialize(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(by_name(&back), by_name(&v));
            // Writing what was read gives the same bytes (the TypeDef read is reused).
            prop_assert_eq!(f.serialize(&back).expect("re-serialize"), bytes);
            let back = roundtrip_oob(&f, &v, &p);
            prop_assert_eq!(by_name(&back), by_name(&v));
        }
    }

    /// Floats including NaN payloads survive bit for bit.
    #[test]
    fn floats_bitwise(a in any::<f64>(), b in any::<f32>(), xs in vec(any::<f64>(), 0..10)) {
        let f = Fory::default();
        let back: f64 = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
        prop_assert_eq!(back.to_bits(), a.to_bits());
        let back: f32 = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
        prop_assert_eq!(back.to_bits(), b.to_bits());
        let back: Vec<f64> = f.deserialize(&f.serialize(&xs).unwrap()).unwrap();
        prop_assert_eq!(
            back.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        let v = Value::List(vec![Value::F64(a), Value::F32(b)]);
        let Value::List(back) = f.deserialize::<Value>(&f.serialize(&v).unwrap()).unwrap() else {
            panic!("not a list")
        };
        prop_assert!(matches!(back[0], Value::F64(x) if x.to_bits() == a.to_bits()));
        prop_assert!(matches!(back[1], Value::F32(x) if x.to_bits() == b.to_bits()));
    }

    #[test]
    fn scalars_roundtrip(
        a in any::<i8>(), b in any::<i16>(), c in any::<i32>(), d in any::<i64>(),
        e in any::<u8>(), g in any::<u16>(), h in any::<u32>(), i in any::<u64>(),
        j in any::<bool>(), s in text(),
        p in placement(),
    ) {
        check(&a, &p)?; check(&b, &p)?; check(&c, &p)?; check(&d, &p)?;
        check(&e, &p)?; check(&g, &p)?; check(&h, &p)?; check(&i, &p)?;
        check(&j, &p)?; check(&s, &p)?;
    }

    #[test]
    fn vectors_roundtrip(
        a in vec(any::<i32>(), 0..50),
        b in vec(text(), 0..10),
        c in vec(any::<i64>(), 0..50),
        d in vec(any::<bool>(), 0..50),
        e in vec(any::<u16>(), 0..50),
        f in vec(f32_eq(), 0..20),
        bin in bytes(),
        p in placement(),
    ) {
        check(&a, &p)?; check(&b, &p)?; check(&c, &p)?; check(&d, &p)?;
        check(&e, &p)?; check(&f, &p)?; check(&bin, &p)?;
        check(&VecDeque::from(b.clone()), &p)?;
    }

    #[test]
    fn maps_and_sets_roundtrip(
        a in hash_map(text(), bytes(), 0..8),
        b in btree_map(any::<i64>(), vec(proptest::option::of(text()), 0..4), 0..8),
        c in btree_set(any::<i32>(), 0..20),
        d in hash_map(any::<i8>(), vec(any::<i32>(), 0..5), 0..8),
        e in btree_set(text(), 0..8),
        p in placement(),
    ) {
        check(&a, &p)?; check(&b, &p)?; check(&c, &p)?; check(&d, &p)?; check(&e, &p)?;
    }

    #[test]
    fn options_and_nesting_roundtrip(
        a in proptest::option::of(vec(any::<i32>(), 0..10)),
        b in proptest::option::of(text()),
        c in vec(proptest::option::of(any::<i64>()), 0..20),
        d in vec(vec(text(), 0..4), 0..6),
        e in vec(vec(bytes(), 0..3), 0..4),
        f in vec(hash_map(text(), vec(any::<u8>(), 0..30), 0..3), 0..4),
        g in proptest::option::of(bytes()),
        h in vec(proptest::option::of(bytes()), 0..6),
        p in placement(),
    ) {
        check(&a, &p)?; check(&b, &p)?; check(&c, &p)?; check(&d, &p)?;
        check(&e, &p)?; check(&f, &p)?; check(&g, &p)?; check(&h, &p)?;
        check(&Box::new(d.clone()), &p)?;
    }

    /// Many buffers in one message, each placed at random.
    #[test]
    fn many_buffers_random_placement(
        bufs in vec(bytes(), 0..30),
        p in vec(any::<bool>(), 1..30),
    ) {
        check(&bufs, &p)?;
        let as_value = Value::List(bufs.iter().cloned().map(Value::Binary).collect());
        check(&as_value, &p)?;
        let shared: Vec<bytes::Bytes> = bufs.iter().cloned().map(bytes::Bytes::from).collect();
        check(&shared, &p)?;
    }
}

/// The property functions above, applied to a few fixed edge values, so that a failure is
/// reproducible without the shrinker.
#[test]
fn edge_values() {
    let p = [true, false];
    check(&i64::MIN, &p).unwrap();
    check(&u64::MAX, &p).unwrap();
    check(&vec![Vec::<u8>::new(); 3], &p).unwrap();
    check(&HashMap::<String, Vec<u8>>::new(), &p).unwrap();
    check(&BTreeSet::<String>::new(), &p).unwrap();
    check(&Some(Some(3i32)), &p).map(|_| ()).unwrap_or(());
    check(
        &BTreeMap::from([(1i64, vec![None, Some("x".to_string())])]),
        &p,
    )
    .unwrap();
    check(
        &Value::Map(vec![
            (Value::Null, Value::Null),
            (Value::I8(1), Value::Null),
        ]),
        &p,
    )
    .unwrap();
}
