//! Paired ratios: each row times us and one peer in alternating short batches (A B, B A, A B…)
//! and reports the median of the per-pair ratios.
//!
//! Why a second harness beside criterion: criterion measures one benchmark after another, so
//! on a VM whose speed drifts over seconds to minutes (see BENCHMARKS.md, *Noise*) two medians
//! taken a few seconds apart can differ by more than the effect being measured. Here both sides
//! of a ratio are measured within the same millisecond or so, many times over; a slow spell
//! slows both halves of a pair alike, and the median over hundreds of pairs ignores the pairs a
//! spell cut through. The libraries, data and calls are exactly those of the criterion benches
//! (`structs`, `logs`).
//!
//! Run: `cargo bench -p fory-benches --bench paired` (criterion's arguments are accepted:
//! `--save-baseline NAME` names the output `target/paired/NAME.json`; `--quick` or
//! `FORY_BENCH_QUICK=1` takes few, short pairs; a bare argument filters rows by substring).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fory_benches::data::{apache, ours, plain};
use fory_benches::{logs, shapes};

struct Opts {
    baseline: String,
    quick: bool,
    filter: Option<String>,
}

struct Row {
    group: &'static str,
    op: &'static str,
    ours: &'static str,
    peer: &'static str,
    ours_ns: f64,
    peer_ns: f64,
    ratio: [f64; 3],
    pairs: usize,
}

struct Bench {
    opts: Opts,
    rows: Vec<Row>,
}

/// Times `n` calls of `f`.
#[inline(never)]
fn batch<F: FnMut()>(f: &mut F, n: u64) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed()
}

/// Calls per batch so that one batch of the faster side lasts about `target`.
fn calibrate<A: FnMut(), B: FnMut()>(a: &mut A, b: &mut B, target: Duration) -> u64 {
    let mut n = 1u64;
    loop {
        let t = batch(a, n).min(batch(b, n));
        if t >= target / 4 || n >= 1 << 30 {
            let per = t.as_secs_f64() / n as f64;
            return ((target.as_secs_f64() / per) as u64).max(1);
        }
        n *= 2;
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

impl Bench {
    fn pair<A: FnMut(), B: FnMut()>(
        &mut self,
        (group, op, ours, peer): (&'static str, &'static str, &'static str, &'static str),
        mut a: A,
        mut b: B,
    ) {
        let name = format!("{group}/{op}/{ours}~{peer}");
        if self
            .opts
            .filter
            .as_deref()
            .is_some_and(|f| !name.contains(f))
        {
            return;
        }
        let (pairs, target) = if self.opts.quick {
            (10, Duration::from_micros(200))
        } else {
            (400, Duration::from_micros(500))
        };
        // Warm both sides up (caches, branch predictors, the allocator's free lists).
        let warm = Instant::now();
        while warm.elapsed() < target * 40 {
            a();
            b();
        }
        let n = calibrate(&mut a, &mut b, target);
        let (mut ratios, mut ta, mut tb) = (Vec::new(), Vec::new(), Vec::new());
        for p in 0..pairs {
            // Alternate which side goes first, so neither always inherits the other's state.
            let (da, db) = if p % 2 == 0 {
                let da = batch(&mut a, n);
                (da, batch(&mut b, n))
            } else {
                let db = batch(&mut b, n);
                (batch(&mut a, n), db)
            };
            let (da, db) = (da.as_secs_f64(), db.as_secs_f64());
            ratios.push(db / da);
            ta.push(da * 1e9 / n as f64);
            tb.push(db * 1e9 / n as f64);
        }
        for v in [&mut ratios, &mut ta, &mut tb] {
            v.sort_by(f64::total_cmp);
        }
        let row = Row {
            group,
            op,
            ours,
            peer,
            ours_ns: percentile(&ta, 0.5),
            peer_ns: percentile(&tb, 0.5),
            ratio: [0.25, 0.5, 0.75].map(|p| percentile(&ratios, p)),
            pairs,
        };
        eprintln!(
            "{name:<48} ours {:>12.1} ns  peer {:>12.1} ns  peer/ours {:.3} [{:.3}..{:.3}]",
            row.ours_ns, row.peer_ns, row.ratio[1], row.ratio[0], row.ratio[2]
        );
        self.rows.push(row);
    }

    fn json(&self) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| {
                format!(
                    "  {{\"group\": \"{}\", \"op\": \"{}\", \"ours\": \"{}\", \"peer\": \"{}\", \
                     \"ours_ns\": {:.3}, \"peer_ns\": {:.3}, \"ratio_p25\": {:.4}, \
                     \"ratio_median\": {:.4}, \"ratio_p75\": {:.4}, \"pairs\": {}}}",
                    r.group,
                    r.op,
                    r.ours,
                    r.peer,
                    r.ours_ns,
                    r.peer_ns,
                    r.ratio[0],
                    r.ratio[1],
                    r.ratio[2],
                    r.pairs
                )
            })
            .collect();
        format!("[\n{}\n]\n", rows.join(",\n"))
    }
}

/// The rows of one data kind: us against Apache Fory Rust in both modes, then against bincode
/// (which has no schema evolution, so it is paired with our schema-consistent mode); serialize
/// into a reused buffer and deserialize, every library checked to round-trip first.
fn rows<P, O, A>(
    bench: &mut Bench,
    group: &'static str,
    value: &P,
    ours_fory: fn(bool) -> fory::Fory,
    apache_fory: fn(bool) -> apache_fory::Fory,
) where
    P: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    O: for<'p> From<&'p P> + fory::Serialize + for<'de> fory::Deserialize<'de>,
    O: PartialEq + std::fmt::Debug,
    A: for<'p> From<&'p P> + apache_fory::Serializer<Target = A> + PartialEq + std::fmt::Debug,
{
    let (ov, av) = (O::from(value), A::from(value));
    let (mut ob, mut pb) = (Vec::new(), Vec::new());
    for (compat, o, a) in [
        (true, "ours_compat", "apache_compat"),
        (false, "ours_schema", "apache_schema"),
    ] {
        let (of, af) = (ours_fory(compat), apache_fory(compat));
        bench.pair(
            (group, "ser", o, a),
            || {
                of.serialize_into(black_box(&ov), &mut ob).unwrap();
            },
            || {
                pb.clear();
                af.serialize_to(&mut pb, black_box(&av)).unwrap();
            },
        );
        let (obytes, abytes) = (of.serialize(&ov).unwrap(), af.serialize(&av).unwrap());
        assert_eq!(of.deserialize::<O>(&obytes).unwrap(), ov);
        assert_eq!(af.deserialize::<A>(&abytes).unwrap(), av);
        bench.pair(
            (group, "de", o, a),
            || {
                black_box(of.deserialize::<O>(black_box(&obytes)).unwrap());
            },
            || {
                black_box(af.deserialize::<A>(black_box(&abytes)).unwrap());
            },
        );
    }
    let cfg = bincode::config::standard();
    let of = ours_fory(false);
    bench.pair(
        (group, "ser", "ours_schema", "bincode"),
        || {
            of.serialize_into(black_box(&ov), &mut ob).unwrap();
        },
        || {
            pb.clear();
            bincode::serde::encode_into_std_write(black_box(value), &mut pb, cfg).unwrap();
        },
    );
    let obytes = of.serialize(&ov).unwrap();
    let bbytes = bincode::serde::encode_to_vec(value, cfg).unwrap();
    assert_eq!(
        &bincode::serde::decode_from_slice::<P, _>(&bbytes, cfg)
            .unwrap()
            .0,
        value
    );
    bench.pair(
        (group, "de", "ours_schema", "bincode"),
        || {
            black_box(of.deserialize::<O>(black_box(&obytes)).unwrap());
        },
        || {
            black_box(bincode::serde::decode_from_slice::<P, _>(black_box(&bbytes), cfg).unwrap());
        },
    );
}

/// A union field against the same payload as a struct field, ours on both sides: `ShapeRow`
/// (a `Rect` as the case of a union field: case id, ref flag, type info, body) against
/// `RectRow` (a `Rect` field; in compatible mode it carries its type info too). The ratio is
/// struct-field time / union-field time: at least 1 means the union field costs no more.
fn union_field(bench: &mut Bench, n: usize) {
    let (unions, structs) = shapes::ours::rows(n);
    let (mut ubuf, mut sbuf) = (Vec::new(), Vec::new());
    for (compat, u, s) in [
        (true, "union_field_compat", "struct_field_compat"),
        (false, "union_field_schema", "struct_field_schema"),
    ] {
        let f = shapes::ours::fory(compat);
        bench.pair(
            ("unionfield", "ser", u, s),
            || {
                f.serialize_into(black_box(&unions), &mut ubuf).unwrap();
            },
            || {
                f.serialize_into(black_box(&structs), &mut sbuf).unwrap();
            },
        );
        let (ub, sb) = (
            f.serialize(&unions).unwrap(),
            f.serialize(&structs).unwrap(),
        );
        assert_eq!(
            f.deserialize::<shapes::ours::ShapeRows>(&ub).unwrap(),
            unions
        );
        assert_eq!(
            f.deserialize::<shapes::ours::RectRows>(&sb).unwrap(),
            structs
        );
        bench.pair(
            ("unionfield", "de", u, s),
            || {
                black_box(
                    f.deserialize::<shapes::ours::ShapeRows>(black_box(&ub))
                        .unwrap(),
                );
            },
            || {
                black_box(
                    f.deserialize::<shapes::ours::RectRows>(black_box(&sb))
                        .unwrap(),
                );
            },
        );
    }
}

macro_rules! kind {
    ($bench:expr, $group:literal, $ty:ident, $make:expr) => {
        rows::<plain::$ty, ours::$ty, apache::$ty>($bench, $group, &$make, ours::fory, apache::fory)
    };
}

fn opts() -> Opts {
    let mut o = Opts {
        baseline: "paired".into(),
        quick: fory_benches::quick(),
        filter: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--save-baseline" | "--baseline" => o.baseline = args.next().unwrap_or(o.baseline),
            "--quick" => o.quick = true,
            // Flags cargo or the report script pass to every bench binary.
            s if s.starts_with('-') => {}
            s => o.filter = Some(s.to_string()),
        }
    }
    o
}

/// `target/` of this build: `$CARGO_TARGET_DIR`, else three levels above
/// `target/release/deps/paired-<hash>`.
fn target_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return d.into();
    }
    let exe = std::env::current_exe().expect("the bench binary's path");
    exe.ancestors()
        .nth(3)
        .expect("target/<profile>/deps/<binary>")
        .to_path_buf()
}

fn main() {
    let mut bench = Bench {
        opts: opts(),
        rows: Vec::new(),
    };
    let bench = &mut bench;
    kind!(bench, "struct", NumericStruct, plain::numeric_struct());
    kind!(bench, "sample", Sample, plain::sample());
    kind!(bench, "mediacontent", MediaContent, plain::media_content());
    kind!(
        bench,
        "structlist",
        NumericStructList,
        plain::numeric_struct_list()
    );
    kind!(bench, "samplelist", SampleList, plain::sample_list());
    kind!(
        bench,
        "mediacontentlist",
        MediaContentList,
        plain::media_content_list()
    );
    let n = if bench.opts.quick { 1_000 } else { 10_000 };
    rows::<logs::plain::Logs, logs::ours::Logs, logs::apache::Logs>(
        bench,
        "logs",
        &logs::generate(n),
        logs::ours::fory,
        logs::apache::fory,
    );
    let n = if bench.opts.quick { 100 } else { 1_000 };
    rows::<shapes::plain::Shapes, shapes::ours::Shapes, shapes::apache::Shapes>(
        bench,
        "shapes",
        &shapes::generate(n),
        shapes::ours::fory,
        shapes::apache::fory,
    );
    union_field(bench, n);
    let dir = target_dir().join("paired");
    std::fs::create_dir_all(&dir).expect("create target/paired");
    let path = dir.join(format!("{}.json", bench.opts.baseline));
    std::fs::write(&path, bench.json()).expect("write the paired results");
    eprintln!("wrote {}", path.display());
}
