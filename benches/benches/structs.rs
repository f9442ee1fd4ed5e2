//! Workload 1: Apache Fory's own benchmark structs (NumericStruct, Sample, MediaContent and
//! lists of 5), serialize and deserialize, compatible on and off, against Apache Fory Rust
//! 1.7.7 (xlang), bincode 2 (serde) and rkyv 0.8, all in one run.
//!
//! Within each group the libraries run back to back (ours, Apache, ours, Apache, bincode,
//! rkyv), so a ratio compares measurements taken seconds apart on the same machine state.
//! Run: `cargo bench -p fory-benches --bench structs` (add `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use fory_benches::data::{apache, ours, plain};

type RkyvError = rkyv::rancor::Error;

macro_rules! kind {
    ($c:expr, $group:literal, $ty:ident, $make:expr) => {{
        let value: plain::$ty = $make;
        let our_value = ours::$ty::from(&value);
        let apache_value = apache::$ty::from(&value);
        let bincode_cfg = bincode::config::standard();
        let ours_f = [ours::fory(true), ours::fory(false)];
        let apache_f = [apache::fory(true), apache::fory(false)];
        let modes = ["compat", "schema"];

        // Check every library round-trips the value before timing it.
        for i in 0..2 {
            let b = ours_f[i].serialize(&our_value).unwrap();
            assert_eq!(ours_f[i].deserialize::<ours::$ty>(&b).unwrap(), our_value);
            let b = apache_f[i].serialize(&apache_value).unwrap();
            assert_eq!(
                apache_f[i].deserialize::<apache::$ty>(&b).unwrap(),
                apache_value
            );
        }

        let mut g = $c.benchmark_group(concat!("w1_", $group));
        let mut buf = Vec::new();
        for i in 0..2 {
            g.bench_function(format!("ser/ours_{}", modes[i]), |b| {
                b.iter(|| {
                    ours_f[i]
                        .serialize_into(black_box(&our_value), &mut buf)
                        .unwrap()
                })
            });
            g.bench_function(format!("ser/apache_{}", modes[i]), |b| {
                b.iter(|| {
                    buf.clear();
                    apache_f[i]
                        .serialize_to(&mut buf, black_box(&apache_value))
                        .unwrap()
                })
            });
        }
        g.bench_function("ser/bincode", |b| {
            b.iter(|| {
                buf.clear();
                bincode::serde::encode_into_std_write(black_box(&value), &mut buf, bincode_cfg)
                    .unwrap()
            })
        });
        let mut rkyv_buf = rkyv::util::AlignedVec::<16>::new();
        g.bench_function("ser/rkyv", |b| {
            b.iter(|| {
                let mut out = std::mem::take(&mut rkyv_buf);
                out.clear();
                rkyv_buf =
                    rkyv::api::high::to_bytes_in::<_, RkyvError>(black_box(&value), out).unwrap();
            })
        });

        for i in 0..2 {
            let bytes = ours_f[i].serialize(&our_value).unwrap();
            g.bench_function(format!("de/ours_{}", modes[i]), |b| {
                b.iter(|| {
                    ours_f[i]
                        .deserialize::<ours::$ty>(black_box(&bytes))
                        .unwrap()
                })
            });
            let bytes = apache_f[i].serialize(&apache_value).unwrap();
            g.bench_function(format!("de/apache_{}", modes[i]), |b| {
                b.iter(|| {
                    apache_f[i]
                        .deserialize::<apache::$ty>(black_box(&bytes))
                        .unwrap()
                })
            });
        }
        let bytes = bincode::serde::encode_to_vec(&value, bincode_cfg).unwrap();
        g.bench_function("de/bincode", |b| {
            b.iter(|| {
                bincode::serde::decode_from_slice::<plain::$ty, _>(black_box(&bytes), bincode_cfg)
                    .unwrap()
            })
        });
        let bytes = rkyv::to_bytes::<RkyvError>(&value).unwrap();
        assert_eq!(
            rkyv::from_bytes::<plain::$ty, RkyvError>(&bytes).unwrap(),
            value
        );
        g.bench_function("de/rkyv_access", |b| {
            b.iter(|| {
                rkyv::access::<rkyv::Archived<plain::$ty>, RkyvError>(black_box(&bytes)).unwrap();
            })
        });
        g.bench_function("de/rkyv_full", |b| {
            b.iter(|| rkyv::from_bytes::<plain::$ty, RkyvError>(black_box(&bytes)).unwrap())
        });
        g.finish();
    }};
}

fn structs(c: &mut Criterion) {
    kind!(c, "struct", NumericStruct, plain::numeric_struct());
    kind!(c, "sample", Sample, plain::sample());
    kind!(c, "mediacontent", MediaContent, plain::media_content());
    kind!(
        c,
        "structlist",
        NumericStructList,
        plain::numeric_struct_list()
    );
    kind!(c, "samplelist", SampleList, plain::sample_list());
    kind!(
        c,
        "mediacontentlist",
        MediaContentList,
        plain::media_content_list()
    );
}

criterion_group! {
    name = benches;
    config = fory_benches::criterion();
    targets = structs
}
criterion_main!(benches);
