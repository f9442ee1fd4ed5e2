//! Property tests over derived structs: serialize → deserialize is the identity for generated
//! values of structs that use every field attribute, in compatible and non-compatible mode,
//! with and without ref tracking, in-band and with each buffer placed in-band or out-of-band at
//! random; and in compatible mode a newer struct's bytes read into an older one keep the
//! common fields.

use std::collections::{BTreeSet, HashMap};

use fory::{Fory, ForyDeserialize, ForySerialize, Placement};
use proptest::collection::{btree_set, hash_map, vec};
use proptest::prelude::*;

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone, Copy)]
#[fory(name = "prop.Mood")]
enum Mood {
    #[default]
    Calm,
    Busy,
    Lost,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(id = 901)]
struct Inner {
    label: String,
    weight: f64,
    tags: BTreeSet<String>,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "prop.Outer")]
struct Outer {
    id: u64,
    small: i8,
    #[fory(encoding = "fixed")]
    fixed: i32,
    #[fory(encoding = "tagged")]
    tagged: i64,
    maybe: Option<i32>,
    flag: bool,
    mood: Mood,
    name: String,
    blob: Vec<u8>,
    #[fory(out_of_band)]
    samples: Vec<f32>,
    #[fory(list)]
    counts: Vec<i64>,
    dense: Vec<u16>,
    inner: Inner,
    others: Vec<Inner>,
    lookup: HashMap<String, Option<i64>>,
    note: Option<String>,
    #[fory(id = 7)]
    tag_field: u32,
    #[fory(skip)]
    local_only: u8,
}

/// A newer version of `Outer`'s first fields plus fields the older one lacks.
#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "prop.Versioned")]
struct V2 {
    name: String,
    count: i64,
    extra_list: Vec<String>,
    extra_inner: Option<Inner>,
    extra_num: f32,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]
#[fory(name = "prop.Versioned")]
struct V1 {
    name: String,
    count: i64,
}

fn fory(compatible: bool, track_ref: bool) -> Fory {
    let mut f = Fory::builder()
        .compatible(compatible)
        .ref_tracking(track_ref)
        .build();
    f.register::<Mood>().unwrap();
    f.register::<Inner>().unwrap();
    f.register::<Outer>().unwrap();
    f
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{0,8}", "[a-zé-ÿ]{0,8}", "\\PC{0,8}"]
}

fn inner() -> impl Strategy<Value = Inner> {
    (text(), -1e9f64..1e9, btree_set(text(), 0..4)).prop_map(|(label, weight, tags)| Inner {
        label,
        weight,
        tags,
    })
}

fn mood() -> impl Strategy<Value = Mood> {
    prop_oneof![Just(Mood::Calm), Just(Mood::Busy), Just(Mood::Lost)]
}

prop_compose! {
    fn outer()(
        ints in (any::<u64>(), any::<i8>(), any::<i32>(), any::<i64>(), any::<Option<i32>>(), any::<bool>(), any::<u32>()),
        mood in mood(),
        name in text(),
        blob in vec(any::<u8>(), 0..64),
        samples in vec(-1e6f32..1e6, 0..64),
        counts in vec(any::<i64>(), 0..8),
        dense in vec(any::<u16>(), 0..8),
        inner in inner(),
        others in vec(inner(), 0..3),
        lookup in hash_map(text(), any::<Option<i64>>(), 0..4),
        note in proptest::option::of(text()),
    ) -> Outer {
        let (id, small, fixed, tagged, maybe, flag, tag_field) = ints;
        Outer {
            id, small, fixed, tagged, maybe, flag, mood, name, blob, samples, counts, dense,
            inner, others, lookup, note, tag_field, local_only: 0,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn derived_structs_round_trip(v in outer(), placement in vec(any::<bool>(), 1..6)) {
        for (compatible, track_ref) in [(true, false), (true, true), (false, false), (false, true)] {
            let f = fory(compatible, track_ref);
            let bytes = f.serialize(&v).unwrap();
            let back: Outer = f.deserialize(&bytes).unwrap();
            prop_assert_eq!(&back, &v);

            let mut out = Vec::new();
            let mut n = 0usize;
            let payload = f.serialize_with(&v, |b| {
                let keep = placement[n % placement.len()];
                n += 1;
                if keep { Placement::InBand } else { out.push(b.as_slice().to_vec()); Placement::OutOfBand }
            }).unwrap();
            let back: Outer = f.deserialize_with_buffers(&payload, &out).unwrap();
            prop_assert_eq!(&back, &v);
        }
    }

    #[test]
    fn older_readers_keep_the_common_fields(
        name in text(),
        count in any::<i64>(),
        extra_list in vec(text(), 0..4),
        extra_inner in proptest::option::of(inner()),
        extra_num in -1e6f32..1e6,
    ) {
        let mut new = Fory::default();
        new.register::<Inner>().unwrap();
        new.register::<V2>().unwrap();
        let mut old = Fory::default();
        old.register::<V1>().unwrap();
        let v2 = V2 { name: name.clone(), count, extra_list, extra_inner, extra_num };
        let back: V1 = old.deserialize(&new.serialize(&v2).unwrap()).unwrap();
        prop_assert_eq!(back, V1 { name: name.clone(), count });
        // And the other way: the newer reader fills what the older writer lacks with defaults.
        let back: V2 = new.deserialize(&old.serialize(&V1 { name: name.clone(), count }).unwrap()).unwrap();
        prop_assert_eq!(back, V2 { name, count, ..V2::default() });
    }
}
