#!/usr/bin/env python3
"""What a derive costs the user, side by side with serde + bincode 2.

Generates two crates with the same 60 structs of 12 ordinary fields (scalars, String, Vec,
Option, HashMap, one nested struct), and measures for each the time to rebuild it in release
after touching its source (dependencies already built; paired rounds, see `measure`), in two
layouts:

* `bin`: a binary that registers each type and round-trips one value of it in `main`; also the
  size of the binary;
* `lib`: a library of the same types and nothing else, as a crate of model types is compiled
  before anything uses it (serde's impls are generic and compile where they are used; a
  derive's non-generic methods compile in the library unless they are `#[inline]`).

    python3 scripts/derive_cost.py [--structs 60] [--rounds 5] [--layout bin|lib|both] [--small-code]
    python3 scripts/derive_cost.py --size-only [--max-size-ratio 2.3] [--small-code]

`--size-only` builds the binary layout once (no timed rounds) and compares the sizes; with
`--max-size-ratio` it fails when fory's binary is more than that many times serde's. CI runs
it so that a change which makes every derive compile much more code is seen when it is made.
`--small-code` derives fory's structs with `#[fory(small_code)]` (no straight-line field
code: the plan path only), the trade of speed for build time and size that attribute offers.

Only the standard library. Both crates share one target directory, so the dependencies build
once.
"""

import argparse
import os
import random
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIELDS = [
    ("id", "i64", "1"),
    ("count", "i32", "2"),
    ("ratio", "f64", "0.5"),
    ("flag", "bool", "true"),
    ("small", "u16", "3"),
    ("name", "String", '"n".to_string()'),
    ("label", "String", '"l".to_string()'),
    ("tags", "Vec<String>", 'vec!["t".to_string()]'),
    ("values", "Vec<i64>", "vec![1, 2]"),
    ("maybe", "Option<String>", 'Some("m".to_string())'),
    ("attrs", "HashMap<String, i64>", '[("a".to_string(), 1)].into_iter().collect()'),
    ("inner", "Inner", "Inner { a: 1, b: \"b\".to_string() }"),
]


SMALL_CODE = False  # --small-code


def fory_attr(type_id):
    return f"#[fory(id = {type_id}{', small_code' if SMALL_CODE else ''})]\n"


def fields_of(i):
    """Struct `i`'s fields: the same twelve, declared in an order of its own (a shuffle seeded
    by `i`). With one order for all, the structs' field-index tables would be identical machine
    code, which LLVM merges into one copy: a saving real models, whose structs differ, do not
    see."""
    fields = list(FIELDS)
    random.Random(i).shuffle(fields)
    return fields


def struct_src(i, fory):
    derive = "ForySerialize, ForyDeserialize" if fory else "Serialize, Deserialize"
    attr = fory_attr(100 + i) if fory else ""
    fields = "".join(f"    pub {n}: {t},\n" for n, t, _ in fields_of(i))
    return f"#[derive({derive}, Debug, PartialEq, Default, Clone)]\n{attr}pub struct S{i} {{\n{fields}}}\n"


def crate_src(n, fory):
    if fory:
        head = "use std::collections::HashMap;\nuse fory::{Fory, ForyDeserialize, ForySerialize};\n\n"
        inner = "#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]\n" + fory_attr(99) + "pub struct Inner { pub a: i32, pub b: String }\n\n"
    else:
        head = "use std::collections::HashMap;\nuse serde::{Deserialize, Serialize};\n\n"
        inner = "#[derive(Serialize, Deserialize, Debug, PartialEq, Default, Clone)]\npub struct Inner { pub a: i32, pub b: String }\n\n"
    body = head + inner + "\n".join(struct_src(i, fory) for i in range(n))
    value = lambda i: f"S{i} {{ " + ", ".join(f"{fn}: {v}" for fn, _, v in FIELDS) + " }"
    if fory:
        main = "fn main() {\n    let mut fory = Fory::default();\n    fory.register::<Inner>().unwrap();\n"
        main += "".join(f"    fory.register::<S{i}>().unwrap();\n" for i in range(n))
        for i in range(n):
            main += f"    {{ let v = {value(i)}; let b = fory.serialize(&v).unwrap(); let back: S{i} = fory.deserialize(&b).unwrap(); assert_eq!(back, v); }}\n"
    else:
        main = "fn main() {\n    let cfg = bincode::config::standard();\n"
        for i in range(n):
            main += f"    {{ let v = {value(i)}; let b = bincode::serde::encode_to_vec(&v, cfg).unwrap(); let (back, _): (S{i}, usize) = bincode::serde::decode_from_slice(&b, cfg).unwrap(); assert_eq!(back, v); }}\n"
    return body + "\n" + main + "}\n"


def write_crate(dir_, name, n, fory, layout="bin"):
    """The crate: a binary (the types, registered and round-tripped in `main`), or a library
    of the same types and nothing else (a model crate, compiled before anything uses it)."""
    (dir_ / "src").mkdir(parents=True, exist_ok=True)
    deps = (f'fory = {{ path = "{ROOT / "fory"}" }}\n' if fory
            else 'serde = { version = "1", features = ["derive"] }\nbincode = { version = "2.0", features = ["serde"] }\n')
    (dir_ / "Cargo.toml").write_text(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n{deps}\n[workspace]\n')
    src = crate_src(n, fory)
    if layout == "lib":
        src = src[: src.index("fn main()")].replace("use fory::{Fory, ", "use fory::{")
        (dir_ / "src" / "main.rs").unlink(missing_ok=True)
    (dir_ / "src" / SOURCE[layout]).write_text(src)


SOURCE = {"bin": "main.rs", "lib": "lib.rs"}


def build_env(target):
    """Cargo's environment for both crates: the shared target directory, and the checkout's path
    mapped to a fixed one, so that the sizes do not depend on where the repository lies (its
    path is in every panic location of the runtime)."""
    return dict(os.environ, CARGO_TARGET_DIR=str(target),
                RUSTFLAGS=f"--remap-path-prefix={ROOT}=/fory-rs")


def rebuild(dir_, target, layout="bin"):
    """Seconds to rebuild the crate in release after touching its source: wall time, and CPU
    time (user + system, summed over the compiler's threads; less sensitive to other load)."""
    env = build_env(target)
    os.utime(dir_ / "src" / SOURCE[layout])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=dir_, env=env, check=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def build(out, target, structs, layout):
    """Writes and builds both crates (running the binaries, which round-trip every type);
    returns their directories by name."""
    crates = {}
    env = build_env(target)
    for name, fory in (("cost-fory", True), ("cost-serde", False)):
        d = out / f"{name}-{layout}"
        write_crate(d, name if layout == "bin" else f"{name}-lib", structs, fory, layout)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=d, env=env, check=True)
        if layout == "bin":
            subprocess.run([str(target / "release" / name)], check=True)
        crates[name] = d
    return crates


def sizes(target, structs):
    """Prints the two binaries' sizes; returns fory's / serde's."""
    f_size = (target / "release" / "cost-fory").stat().st_size
    s_size = (target / "release" / "cost-serde").stat().st_size
    print(f"  binary size:    fory {f_size / 1e6:.2f} MB, serde+bincode {s_size / 1e6:.2f} MB: "
          f"{f_size / s_size:.3f} x   (goal: within 1.5x; {structs} structs)")
    return f_size / s_size


def measure(out, target, structs, rounds, layout):
    """Paired rounds (fory, then serde, alternating which goes first), so that a load change on
    the machine shifts both sides of a round alike; each ratio is the median of the rounds'."""
    crates = build(out, target, structs, layout)
    t = {"cost-fory": [], "cost-serde": []}
    for r in range(rounds):
        order = ("cost-fory", "cost-serde") if r % 2 == 0 else ("cost-serde", "cost-fory")
        for name in order:
            t[name].append(rebuild(crates[name], target, layout))
    med = statistics.median
    f, s = t["cost-fory"], t["cost-serde"]
    wall = [a[0] / b[0] for a, b in zip(f, s)]
    cpu = [a[1] / b[1] for a, b in zip(f, s)]
    print(f"{layout}: {structs} structs of {len(FIELDS)} fields, release rebuild after touching "
          f"the source (median of {rounds} paired rounds)")
    print(f"  fory:           {med(x[0] for x in f):6.1f} s wall  {med(x[1] for x in f):6.1f} s cpu")
    print(f"  serde+bincode:  {med(x[0] for x in s):6.1f} s wall  {med(x[1] for x in s):6.1f} s cpu")
    print(f"  ratio:          {med(wall):6.2f} x       {med(cpu):6.2f} x         (goal: within 1.5x)")
    print(f"  round ratios:   wall {', '.join(f'{x:.2f}' for x in wall)}; "
          f"cpu {', '.join(f'{x:.2f}' for x in cpu)}")
    if layout == "bin":
        sizes(target, structs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--structs", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--layout", choices=["bin", "lib", "both"], default="both")
    ap.add_argument("--out", default=str(ROOT / "target" / "derive-cost"))
    ap.add_argument("--size-only", action="store_true",
                    help="build the binary layout once and compare sizes, no timed rounds")
    ap.add_argument("--max-size-ratio", type=float,
                    help="with --size-only: fail when fory's binary is larger than this many times serde's")
    ap.add_argument("--small-code", action="store_true",
                    help="derive fory's structs with #[fory(small_code)]")
    args = ap.parse_args()
    global SMALL_CODE
    SMALL_CODE = args.small_code
    out = Path(args.out)
    if args.size_only:
        build(out, out / "target", args.structs, "bin")
        ratio = sizes(out / "target", args.structs)
        if args.max_size_ratio is not None and ratio > args.max_size_ratio:
            raise SystemExit(f"derive cost: the binary is {ratio:.2f}x serde's, over the "
                             f"{args.max_size_ratio}x this repository allows")
        return
    for layout in (["bin", "lib"] if args.layout == "both" else [args.layout]):
        measure(out, out / "target", args.structs, args.rounds, layout)


if __name__ == "__main__":
    main()
