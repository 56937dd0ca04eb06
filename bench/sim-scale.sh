#!/usr/bin/env bash
# Measures how the simulator's cost grows with nodes and with jobs.
#
#   bench/sim-scale.sh nodes 1000 2000 5000 10000      # jobs fixed (JOBS, default 5)
#   bench/sim-scale.sh jobs 5 10 20 40                 # nodes fixed (NODES, default 2000)
#   bench/sim-scale.sh one 1000000                     # one run of N nodes
#
# Every run is `gg sim taxi-city` with the given size; EXTRA adds --set options
# (e.g. EXTRA="--set pow=cost"). GG_JAVA_OPTS sets the JVM's options (e.g.
# -Xmx16g). Prints one Markdown table row per run from the run's report.json:
# wall and CPU seconds, peak and live heap, frames and the delivery ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: bench/sim-scale.sh nodes|jobs|one VALUES...}
shift
jobs=${JOBS:-5}
nodes=${NODES:-2000}
extra=${EXTRA:-}
out=$(mktemp -d)
field() { sed -n "s/^ *\"$1\": \([^,]*\),\?$/\1/p" "$2" | head -1; }
echo "| nodes | jobs | wall s | CPU s | peak heap MB | live heap MB | frames | delivery | jobs with offers |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for v in "$@"; do
    case $mode in
        nodes|one) n=$v; j=$jobs ;;
        jobs) n=$nodes; j=$v ;;
        *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    # shellcheck disable=SC2086
    ./gg sim taxi-city --nodes "$n" --set jobs="$j" --set progress=false $extra --out "$out/$n-$j" >/dev/null
    r="$out/$n-$j/report.json"
    echo "| $n | $j | $(field wall_seconds "$r") | $(field cpu_seconds "$r") | $(field peak_heap_mb "$r") |" \
         "$(field live_heap_mb "$r") | $(field frames_total "$r") | $(field delivery_ratio "$r") |" \
         "$(field jobs_with_offers "$r") |"
done
