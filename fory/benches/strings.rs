//! What writing ASCII/Latin-1 text as Latin-1 costs, against writing the same text as UTF-8.
//!
//! pyfory writes Latin-1 for such text; we do too when it is free. For ASCII the bytes are the
//! same and the only extra work is an `is_ascii` scan; for non-ASCII Latin-1 text it is a
//! transcoding pass. Run: `cargo bench -p fory --bench strings`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fory::buffer::Writer;
use fory::string::write_str;

/// The alternative: always UTF-8 (header encoding 2).
fn write_utf8(w: &mut Writer<'_>, s: &str) {
    w.varuint64(((s.len() as u64) << 2) | 2);
    w.bytes(s.as_bytes());
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("string_write");
    for len in [16usize, 256, 4096] {
        let ascii: String = "abcdefghij".chars().cycle().take(len).collect();
        let latin1: String = "caf\u{e9} na\u{ef}ve ".chars().cycle().take(len).collect();
        for (kind, text) in [("ascii", &ascii), ("latin1", &latin1)] {
            g.throughput(Throughput::Bytes(text.len() as u64));
            let mut buf = Vec::with_capacity(2 * len + 16);
            g.bench_with_input(
                BenchmarkId::new(format!("{kind}/as_latin1"), len),
                text,
                |b, t| {
                    b.iter(|| {
                        buf.clear();
                        write_str(&mut Writer::new(&mut buf), black_box(t));
                    })
                },
            );
            g.bench_with_input(
                BenchmarkId::new(format!("{kind}/as_utf8"), len),
                text,
                |b, t| {
                    b.iter(|| {
                        buf.clear();
                        write_utf8(&mut Writer::new(&mut buf), black_box(t));
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
