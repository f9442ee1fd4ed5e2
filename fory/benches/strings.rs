//! What writing ASCII and Latin-1 text as Latin-1 (as pyfory does) would cost, against writing
//! the same text as UTF-8: the measurement behind `fory::string`'s choice (ASCII as Latin-1,
//! which costs one `is_ascii` scan; everything else as UTF-8, because transcoding costs a pass).
//! Run: `cargo bench -p fory --bench strings`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fory::__private::Writer;

/// pyfory's choice: Latin-1 whenever every code point fits a byte (transcoding non-ASCII).
fn write_latin1_when_possible(w: &mut Writer<'_>, s: &str) {
    let bytes = s.as_bytes();
    if bytes.is_ascii() {
        w.varuint64((bytes.len() as u64) << 2);
        w.bytes(bytes);
    } else if s.chars().all(|c| (c as u32) < 0x100) {
        let n = s.chars().count();
        w.varuint64((n as u64) << 2);
        w.reserve(n);
        for c in s.chars() {
            w.u8(c as u32 as u8);
        }
    } else {
        write_utf8(w, s);
    }
}

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
                        write_latin1_when_possible(&mut Writer::new(&mut buf), black_box(t));
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
