//! One workload-1 operation repeated, for exact instruction counts under callgrind
//! (`scripts/instr.sh` runs it twice and takes the difference, so setup cancels out).
//!
//!     cargo run --release -p fory-benches --example instr -- <kind> <ser|de> <compat|schema> <n>
//!
//! kinds: struct, sample, media, structlist, samplelist, medialist; and workload 4 (not in
//! `scripts/instr.sh`): shapes (1 000 `Shape` unions), unionrows and rectrows (1 000 `Rect`s
//! as a union field and as a struct field).

use std::hint::black_box;

use fory_benches::data::{ours, plain};
use fory_benches::shapes;

fn run<P, O>(value: P, op: &str, compatible: bool, n: usize)
where
    O: for<'a> From<&'a P> + fory::Serialize + for<'de> fory::Deserialize<'de>,
{
    run_with(ours::fory(compatible), O::from(&value), op, n);
}

fn run_with<O>(fory: fory::Fory, v: O, op: &str, n: usize)
where
    O: fory::Serialize + for<'de> fory::Deserialize<'de>,
{
    let mut buf = Vec::new();
    fory.serialize_into(&v, &mut buf).unwrap();
    match op {
        "ser" => {
            for _ in 0..n {
                fory.serialize_into(black_box(&v), &mut buf).unwrap();
                black_box(&buf);
            }
        }
        "de" => {
            for _ in 0..n {
                let back: O = fory.deserialize(black_box(&buf)).unwrap();
                black_box(back);
            }
        }
        other => panic!("unknown op {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, op, mode, n] = args.as_slice() else {
        panic!("usage: instr <kind> <ser|de> <compat|schema> <n>");
    };
    let compatible = mode == "compat";
    let n: usize = n.parse().unwrap();
    match kind.as_str() {
        "struct" => run::<_, ours::NumericStruct>(plain::numeric_struct(), op, compatible, n),
        "sample" => run::<_, ours::Sample>(plain::sample(), op, compatible, n),
        "media" => run::<_, ours::MediaContent>(plain::media_content(), op, compatible, n),
        "structlist" => {
            run::<_, ours::NumericStructList>(plain::numeric_struct_list(), op, compatible, n)
        }
        "samplelist" => run::<_, ours::SampleList>(plain::sample_list(), op, compatible, n),
        "medialist" => {
            run::<_, ours::MediaContentList>(plain::media_content_list(), op, compatible, n)
        }
        "shapes" => run_with(
            shapes::ours::fory(compatible),
            shapes::ours::Shapes::from(&shapes::generate(1_000)),
            op,
            n,
        ),
        "unionrows" => run_with(
            shapes::ours::fory(compatible),
            shapes::ours::rows(1_000).0,
            op,
            n,
        ),
        "rectrows" => run_with(
            shapes::ours::fory(compatible),
            shapes::ours::rows(1_000).1,
            op,
            n,
        ),
        other => panic!("unknown kind {other}"),
    }
}
