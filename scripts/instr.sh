#!/usr/bin/env bash
# Instructions per operation for every workload-1 row, from callgrind: each row runs N and 2N
# times and the difference is divided by N, so setup and teardown cancel out.
#   scripts/instr.sh [N]          (default 2000)
# Exact and repeatable for one binary, unlike timings on a shared VM; compare two commits by
# running it on each.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
cargo build --quiet --release -p fory-benches --example instr
bin=target/release/examples/instr
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-12s %-4s %-7s %10s\n' kind op mode instr/op
for kind in struct sample media structlist samplelist medialist; do
  for op in ser de; do
    for mode in compat schema; do
      a=$(count "$kind" "$op" "$mode" "$n")
      b=$(count "$kind" "$op" "$mode" $((2 * n)))
      printf '%-12s %-4s %-7s %10d\n' "$kind" "$op" "$mode" $(((b - a) / n))
    done
  done
done
