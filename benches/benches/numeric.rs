//! Workload 2 and 4: a label and a `Vec<f64>` of 1 KiB, 1 MiB and 64 MiB.
//!
//! * in-band: serialize into a reused buffer and deserialize into a new `Vec`, ours against
//!   Apache Fory Rust 1.7.7, bincode 2 and rkyv 0.8;
//! * out-of-band (ours only: no peer has out-of-band buffers): serialize collecting the buffer
//!   views, deserialize borrowed (`&[f64]`, `Cow<str>`) and owned-shared (`bytes::Bytes`);
//! * memcpy of the same bytes into a reused buffer (the reference for in-band serialize) and
//!   into a new `Vec` (`to_vec`, the reference for in-band deserialize).
//!
//! Run: `cargo bench -p fory-benches --bench numeric`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use fory_benches::series::{self, ApacheSeries, OobSeries, OobSeriesShared, OobSeriesView};

type RkyvError = rkyv::rancor::Error;

fn numeric(c: &mut Criterion) {
    let sizes: &[(usize, &str)] = if fory_benches::quick() {
        &[(1 << 10, "1KiB"), (1 << 20, "1MiB")]
    } else {
        &[(1 << 10, "1KiB"), (1 << 20, "1MiB"), (64 << 20, "64MiB")]
    };
    let fory = series::fory(true);
    let apache = series::apache_fory(true);
    let bincode_cfg = bincode::config::standard();
    for &(size, name) in sizes {
        let data = series::column(size);
        let label = "sensor-7/temperature".to_string();
        let plain = series::PlainSeries {
            label: label.clone(),
            data: data.clone(),
        };
        let inband = series::Series {
            label: label.clone(),
            data: data.clone(),
        };
        let apache_value = ApacheSeries {
            label: label.clone(),
            data: data.clone(),
        };
        let oob = OobSeries {
            label: label.clone(),
            data,
        };
        let raw: &[u8] = bytemuck_bytes(&oob.data);

        let mut g = c.benchmark_group(format!("w2_{name}"));
        g.throughput(Throughput::Bytes(size as u64));
        if size >= 1 << 24 {
            g.sampling_mode(SamplingMode::Flat).sample_size(10);
        }

        // Serialize: ours, Apache, bincode, rkyv, memcpy, interleaved.
        let mut buf = Vec::new();
        g.bench_function("inband_ser/ours", |b| {
            b.iter(|| fory.serialize_into(black_box(&inband), &mut buf).unwrap())
        });
        g.bench_function("inband_ser/apache", |b| {
            b.iter(|| {
                buf.clear();
                apache
                    .serialize_to(&mut buf, black_box(&apache_value))
                    .unwrap()
            })
        });
        g.bench_function("inband_ser/bincode", |b| {
            b.iter(|| {
                buf.clear();
                bincode::serde::encode_into_std_write(black_box(&plain), &mut buf, bincode_cfg)
                    .unwrap()
            })
        });
        let mut rkyv_buf = rkyv::util::AlignedVec::<16>::new();
        g.bench_function("inband_ser/rkyv", |b| {
            b.iter(|| {
                let mut out = std::mem::take(&mut rkyv_buf);
                out.clear();
                rkyv_buf =
                    rkyv::api::high::to_bytes_in::<_, RkyvError>(black_box(&plain), out).unwrap();
            })
        });
        let mut dst = vec![0u8; raw.len()];
        g.bench_function("memcpy", |b| b.iter(|| dst.copy_from_slice(black_box(raw))));

        // Out-of-band serialize: the column is handed over as a view, not copied.
        g.bench_function("oob_ser/ours", |b| {
            b.iter(|| {
                let mut views = Vec::with_capacity(1);
                let payload = fory
                    .serialize_with(black_box(&oob), |v| views.push(v))
                    .unwrap();
                (payload, views)
            })
        });

        // Deserialize.
        let bytes = fory.serialize(&inband).unwrap();
        assert_eq!(fory.deserialize::<series::Series>(&bytes).unwrap(), inband);
        g.bench_function("inband_de/ours", |b| {
            b.iter(|| {
                fory.deserialize::<series::Series>(black_box(&bytes))
                    .unwrap()
            })
        });
        let bytes = apache.serialize(&apache_value).unwrap();
        assert_eq!(
            apache.deserialize::<ApacheSeries>(&bytes).unwrap(),
            apache_value
        );
        g.bench_function("inband_de/apache", |b| {
            b.iter(|| {
                apache
                    .deserialize::<ApacheSeries>(black_box(&bytes))
                    .unwrap()
            })
        });
        let bytes = bincode::serde::encode_to_vec(&plain, bincode_cfg).unwrap();
        g.bench_function("inband_de/bincode", |b| {
            b.iter(|| {
                bincode::serde::decode_from_slice::<series::PlainSeries, _>(
                    black_box(&bytes),
                    bincode_cfg,
                )
                .unwrap()
            })
        });
        let bytes = rkyv::to_bytes::<RkyvError>(&plain).unwrap();
        g.bench_function("inband_de/rkyv_access", |b| {
            b.iter(|| {
                rkyv::access::<rkyv::Archived<series::PlainSeries>, RkyvError>(black_box(&bytes))
                    .unwrap();
            })
        });
        g.bench_function("inband_de/rkyv_full", |b| {
            b.iter(|| {
                rkyv::from_bytes::<series::PlainSeries, RkyvError>(black_box(&bytes)).unwrap()
            })
        });
        g.bench_function("memcpy_alloc", |b| b.iter(|| black_box(raw).to_vec()));

        let mut views = Vec::new();
        let payload = fory.serialize_with(&oob, |v| views.push(v)).unwrap();
        let view: OobSeriesView = fory.deserialize_with_buffers(&payload, &views).unwrap();
        assert!(std::ptr::eq(view.data, &oob.data[..]));
        g.bench_function("oob_de/borrowed", |b| {
            b.iter(|| {
                fory.deserialize_with_buffers::<OobSeriesView, _>(black_box(&payload), &views)
                    .unwrap()
            })
        });
        // A receiver's buffers, as `Bytes`: the column shares them (a reference count).
        let received: Vec<bytes::Bytes> = views
            .iter()
            .map(|v| bytes::Bytes::copy_from_slice(v.as_slice()))
            .collect();
        let shared: OobSeriesShared = fory.deserialize_with_buffers(&payload, &received).unwrap();
        assert_eq!(shared.data.as_ptr(), received[0].as_ptr());
        g.bench_function("oob_de/shared", |b| {
            b.iter(|| {
                fory.deserialize_with_buffers::<OobSeriesShared, _>(black_box(&payload), &received)
                    .unwrap()
            })
        });
        g.finish();
    }
}

fn bytemuck_bytes(v: &[f64]) -> &[u8] {
    // SAFETY: f64 has no padding and u8 has alignment 1; the length is the byte length.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast(), std::mem::size_of_val(v)) }
}

criterion_group! {
    name = benches;
    config = fory_benches::criterion();
    targets = numeric
}
criterion_main!(benches);
