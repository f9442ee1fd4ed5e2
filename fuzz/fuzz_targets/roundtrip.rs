//! Arbitrary values (a `fory::Value` tree and std types) are serialized — in-band, and with a
//! buffer callback placing each buffer in- or out-of-band as the input says — then read back and
//! compared.
#![no_main]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use arbitrary::Arbitrary;
use fory::value::{Array, Enum};
use fory::{Placement, Value};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// A `Value` shape that `arbitrary` can build (NaN-free floats: `Value` compares with `==`).
#[derive(Arbitrary, Debug)]
enum V {
    Null,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Str(String),
    Bin(Vec<u8>),
    List(Vec<V>),
    Set(Vec<V>),
    Map(Vec<(V, V)>),
    I32s(Vec<i32>),
    F64s(Vec<f64>),
    Bools(Vec<bool>),
    U16s(Vec<u16>),
    Enum(u16, u8),
}

fn nan_free64(f: f64) -> f64 {
    if f.is_nan() {
        0.0
    } else {
        f
    }
}

fn to_value(v: &V, depth: usize) -> Value {
    if depth > 32 {
        return Value::Null;
    }
    match v {
        V::Null => Value::Null,
        V::Bool(b) => Value::Bool(*b),
        V::I8(x) => Value::I8(*x),
        V::I16(x) => Value::I16(*x),
        V::I32(x) => Value::I32(*x),
        V::I64(x) => Value::I64(*x),
        V::U8(x) => Value::U8(*x),
        V::U16(x) => Value::U16(*x),
        V::U32(x) => Value::U32(*x),
        V::U64(x) => Value::U64(*x),
        V::F32(x) => Value::F32(if x.is_nan() { 0.0 } else { *x }),
        V::F64(x) => Value::F64(nan_free64(*x)),
        V::Str(s) => Value::String(s.clone()),
        V::Bin(b) => Value::Binary(b.clone()),
        V::List(items) => Value::List(items.iter().map(|i| to_value(i, depth + 1)).collect()),
        V::Set(items) => Value::Set(items.iter().map(|i| to_value(i, depth + 1)).collect()),
        V::Map(e) => Value::Map(
            e.iter()
                .map(|(k, v)| (to_value(k, depth + 1), to_value(v, depth + 1)))
                .collect(),
        ),
        V::I32s(a) => Value::Array(Array::I32(a.clone())),
        V::F64s(a) => Value::Array(Array::F64(a.iter().copied().map(nan_free64).collect())),
        V::Bools(a) => Value::Array(Array::Bool(a.clone())),
        V::U16s(a) => Value::Array(Array::U16(a.clone())),
        V::Enum(id, ord) => Value::Enum(Enum {
            ident: Some(fory::schema::TypeIdent::Id(*id as u32)),
            ordinal: *ord as u32,
        }),
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    cfg: u8,
    placement: Vec<bool>,
    value: V,
    strings: Vec<String>,
    map: HashMap<String, Vec<u8>>,
    nested: BTreeMap<i64, Vec<Option<String>>>,
    set: BTreeSet<i32>,
    blobs: Vec<Vec<u8>>,
}

/// Serialize with a callback following `placement`, read back with the out-of-band buffers.
fn oob_roundtrip<T>(fory: &fory::Fory, v: &T, placement: &[bool]) -> T
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de>,
{
    let mut out = Vec::new();
    let mut i = 0usize;
    let payload = fory
        .serialize_with(v, |b| {
            let in_band = !placement.is_empty() && placement[i % placement.len()];
            i += 1;
            if in_band {
                Placement::InBand
            } else {
                out.push(b);
                Placement::OutOfBand
            }
        })
        .expect("serialize_with");
    let owned: Vec<Vec<u8>> = out.iter().map(|b| b.as_slice().to_vec()).collect();
    fory.deserialize_with_buffers(&payload, &owned)
        .expect("read back with buffers")
}

fn check<T>(fory: &fory::Fory, v: &T, placement: &[bool])
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    let bytes = fory.serialize(v).expect("serialize");
    let back: T = fory.deserialize(&bytes).expect("deserialize");
    assert_eq!(&back, v);
    assert_eq!(&oob_roundtrip(fory, v, placement), v);
}

fuzz_target!(|input: Input| {
    let fory = common::fory(input.cfg);
    let p = &input.placement;
    check(fory, &to_value(&input.value, 0), p);
    check(fory, &input.strings, p);
    check(fory, &input.map, p);
    check(fory, &input.nested, p);
    check(fory, &input.set, p);
    check(fory, &input.blobs, p);
});
