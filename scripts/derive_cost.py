#!/usr/bin/env python3
"""What a derive costs the user, side by side with serde + bincode 2.

Generates two crates with the same 60 structs of 12 ordinary fields (scalars, String, Vec,
Option, HashMap, one nested struct), each registered (fory) and round-tripped once in main, and
measures for each: the time to rebuild the crate in release after touching its source
(dependencies already built; paired rounds, see `main`), and the size of the binary.

    python3 scripts/derive_cost.py [--structs 60] [--rounds 5] [--out target/derive-cost]

Only the standard library. Both crates share one target directory, so the dependencies build
once.
"""

import argparse
import os
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


def struct_src(i, fory):
    derive = "ForySerialize, ForyDeserialize" if fory else "Serialize, Deserialize"
    attr = f"#[fory(id = {100 + i})]\n" if fory else ""
    fields = "".join(f"    pub {n}: {t},\n" for n, t, _ in FIELDS)
    return f"#[derive({derive}, Debug, PartialEq, Default, Clone)]\n{attr}pub struct S{i} {{\n{fields}}}\n"


def crate_src(n, fory):
    if fory:
        head = "use std::collections::HashMap;\nuse fory::{Fory, ForyDeserialize, ForySerialize};\n\n"
        inner = "#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Default, Clone)]\n#[fory(id = 99)]\npub struct Inner { pub a: i32, pub b: String }\n\n"
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


def write_crate(dir_, name, n, fory):
    (dir_ / "src").mkdir(parents=True, exist_ok=True)
    deps = (f'fory = {{ path = "{ROOT / "fory"}" }}\n' if fory
            else 'serde = { version = "1", features = ["derive"] }\nbincode = { version = "2.0", features = ["serde"] }\n')
    (dir_ / "Cargo.toml").write_text(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n{deps}\n[workspace]\n')
    (dir_ / "src" / "main.rs").write_text(crate_src(n, fory))


def rebuild(dir_, target):
    """Seconds to rebuild the crate in release after touching its source: wall time, and CPU
    time (user + system, summed over the compiler's threads; less sensitive to other load)."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(target))
    os.utime(dir_ / "src" / "main.rs")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=dir_, env=env, check=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--structs", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "target" / "derive-cost"))
    args = ap.parse_args()
    out = Path(args.out)
    target = out / "target"
    crates = {}
    for name, fory in (("cost-fory", True), ("cost-serde", False)):
        d = out / name
        write_crate(d, name, args.structs, fory)
        env = dict(os.environ, CARGO_TARGET_DIR=str(target))
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=d, env=env, check=True)
        subprocess.run([str(target / "release" / name)], check=True)
        crates[name] = d
    # Paired rounds (fory, then serde, alternating which goes first), so that a load change on
    # the machine shifts both sides of a round alike; the ratio is the median of the rounds'.
    f_times, s_times, ratios, f_cpu, s_cpu, cpu_ratios = [], [], [], [], [], []
    for r in range(args.rounds):
        order = ("cost-fory", "cost-serde") if r % 2 == 0 else ("cost-serde", "cost-fory")
        t = {name: rebuild(crates[name], target) for name in order}
        f_times.append(t["cost-fory"][0])
        s_times.append(t["cost-serde"][0])
        ratios.append(t["cost-fory"][0] / t["cost-serde"][0])
        f_cpu.append(t["cost-fory"][1])
        s_cpu.append(t["cost-serde"][1])
        cpu_ratios.append(t["cost-fory"][1] / t["cost-serde"][1])
    f_size = (target / "release" / "cost-fory").stat().st_size
    s_size = (target / "release" / "cost-serde").stat().st_size
    med = statistics.median
    print(f"{args.structs} structs of {len(FIELDS)} fields: release rebuild (median of {args.rounds} "
          "paired rounds: wall time, CPU time) and binary size")
    print(f"  fory:           {med(f_times):6.1f} s  {med(f_cpu):6.1f} s cpu  {f_size / 1e6:6.2f} MB")
    print(f"  serde+bincode:  {med(s_times):6.1f} s  {med(s_cpu):6.1f} s cpu  {s_size / 1e6:6.2f} MB")
    print(f"  ratio:          {med(ratios):6.2f} x  {med(cpu_ratios):6.2f} x      {f_size / s_size:6.2f} x"
          "   (goal: within 1.5x)")
    print(f"  round ratios:   wall {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"cpu {', '.join(f'{x:.2f}' for x in cpu_ratios)}")


if __name__ == "__main__":
    main()
