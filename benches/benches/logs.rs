//! Workload 3: 10 000 string-heavy access-log records (rust_serialization_benchmark's `log`
//! shape), serialize and deserialize, compatible on and off, against Apache Fory Rust 1.7.7,
//! bincode 2 and rkyv 0.8. Run: `cargo bench -p fory-benches --bench logs`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fory_benches::logs::{self, apache, ours, plain};

type RkyvError = rkyv::rancor::Error;

fn bench_logs(c: &mut Criterion) {
    let n = if fory_benches::quick() { 1_000 } else { 10_000 };
    let value = logs::generate(n);
    let our_value = ours::Logs::from(&value);
    let apache_value = apache::Logs::from(&value);
    let ours_f = [ours::fory(true), ours::fory(false)];
    let apache_f = [apache::fory(true), apache::fory(false)];
    let modes = ["compat", "schema"];
    let bincode_cfg = bincode::config::standard();
    let text: usize = value
        .logs
        .iter()
        .map(|l| l.identity.len() + l.userid.len() + l.date.len() + l.request.len())
        .sum();

    let mut g = c.benchmark_group("w3_logs");
    g.throughput(Throughput::Elements(n as u64));
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
            bincode::serde::encode_into_std_write(black_box(&value), &mut buf, bincode_cfg).unwrap()
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
    let mut sizes = Vec::new();
    for i in 0..2 {
        let bytes = ours_f[i].serialize(&our_value).unwrap();
        assert_eq!(
            ours_f[i].deserialize::<ours::Logs>(&bytes).unwrap(),
            our_value
        );
        sizes.push((format!("ours_{}", modes[i]), bytes.len()));
        g.bench_function(format!("de/ours_{}", modes[i]), |b| {
            b.iter(|| {
                ours_f[i]
                    .deserialize::<ours::Logs>(black_box(&bytes))
                    .unwrap()
            })
        });
        let bytes = apache_f[i].serialize(&apache_value).unwrap();
        assert_eq!(
            apache_f[i].deserialize::<apache::Logs>(&bytes).unwrap(),
            apache_value
        );
        sizes.push((format!("apache_{}", modes[i]), bytes.len()));
        g.bench_function(format!("de/apache_{}", modes[i]), |b| {
            b.iter(|| {
                apache_f[i]
                    .deserialize::<apache::Logs>(black_box(&bytes))
                    .unwrap()
            })
        });
    }
    let bytes = bincode::serde::encode_to_vec(&value, bincode_cfg).unwrap();
    sizes.push(("bincode".into(), bytes.len()));
    g.bench_function("de/bincode", |b| {
        b.iter(|| {
            bincode::serde::decode_from_slice::<plain::Logs, _>(black_box(&bytes), bincode_cfg)
                .unwrap()
        })
    });
    let bytes = rkyv::to_bytes::<RkyvError>(&value).unwrap();
    sizes.push(("rkyv".into(), bytes.len()));
    g.bench_function("de/rkyv_access", |b| {
        b.iter(|| {
            rkyv::access::<rkyv::Archived<plain::Logs>, RkyvError>(black_box(&bytes)).unwrap();
        })
    });
    g.bench_function("de/rkyv_full", |b| {
        b.iter(|| rkyv::from_bytes::<plain::Logs, RkyvError>(black_box(&bytes)).unwrap())
    });
    g.finish();
    eprintln!("w3_logs: {n} records, {text} bytes of text; encoded sizes: {sizes:?}");
}

criterion_group! {
    name = benches;
    config = fory_benches::criterion();
    targets = bench_logs
}
criterion_main!(benches);
