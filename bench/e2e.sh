#!/usr/bin/env bash
# End-to-end time on loopback (docs/benchmarks.md, "The real node over TCP"): `gg demo` with N nodes
# in one process over real TCP (BOLT 8 + admission on every link), R runs per
# size; prints the median of the time from posting the job to its first offer
# and to paid (both invoices accepted), and of the time to bring all links up.
#   bench/e2e.sh [RUNS] [SIZES...]      default: 3 runs of 10 50 100 nodes
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
shift || true
sizes=("${@:-10 50 100}")
read -r -a sizes <<<"${sizes[*]}"
out=$root/bench/target/e2e
mkdir -p "$out"
"$root/gg" build >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
field() { sed -n "s/.*\"$1\": \([-0-9]*\).*/\1/p" "$2"; }

printf '%-6s %6s %14s %16s %10s %10s\n' nodes runs links_up_ms first_offer_ms paid_ms all_ok
for n in "${sizes[@]}"; do
  ok=0
  for r in $(seq 1 "$runs"); do
    f=$out/demo-$n-$r.json
    if "$root/gg" demo --nodes "$n" --seed "$r" --report "$f" >"$out/demo-$n-$r.log" 2>&1; then
      ok=$((ok + 1))
    fi
  done
  links=$(for r in $(seq 1 "$runs"); do field links_up_ms "$out/demo-$n-$r.json"; done | median)
  first=$(for r in $(seq 1 "$runs"); do field first_offer_ms "$out/demo-$n-$r.json"; done | median)
  paid=$(for r in $(seq 1 "$runs"); do field paid_ms "$out/demo-$n-$r.json"; done | median)
  printf '%-6s %6s %14s %16s %10s %10s\n' "$n" "$runs" "$links" "$first" "$paid" "$ok/$runs"
done
