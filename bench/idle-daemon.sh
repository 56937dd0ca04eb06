#!/usr/bin/env bash
# Idle memory and CPU of one daemon (docs/benchmarks.md, "The real node over TCP"): starts `gg node`
# with a throw-away configuration (a served settler, no peers), waits WARM
# seconds, then measures its resident memory, its Java heap after a full GC and
# the CPU it used over MEASURE seconds of idling.
#   bench/idle-daemon.sh [WARM] [MEASURE]     default: 20 60
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
warm=${1:-20}
measure=${2:-60}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
cat >"$dir/node.ini" <<INI
[gossip]
p2p_address = 127.0.0.1:0
api_address = 127.0.0.1:0
[node]
app_address = 127.0.0.1:0
[settler]
serve = true
INI
"$root/gg" build >/dev/null
. "$root/scripts/find-jdk.sh"
gg_use_jdk
(cd "$dir" && exec "$root/gg" node --config node.ini 2>"$dir/log") &
pid=$!
sleep 2
jpid=$(pgrep -f "gg.jar node --config node.ini" | head -n 1)
sleep "$warm"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$jpid/stat"; }
c0=$(cpu)
sleep "$measure"
c1=$(cpu)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$jpid/status")
"$JAVA_HOME/bin/jcmd" "$jpid" GC.run >/dev/null
heap=$("$JAVA_HOME/bin/jcmd" "$jpid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
threads=$(ls "/proc/$jpid/task" | wc -l)
printf 'idle daemon after %ss: rss=%s MB, heap used after GC=%s, threads=%s, cpu=%s ms over %ss (%.2f%% of one core)\n' \
  "$warm" $((rss_kb / 1024)) "$heap" "$threads" $(( (c1 - c0) * 1000 / ticks )) "$measure" \
  "$(echo "($c1 - $c0) * 100 / $ticks / $measure" | bc -l)"
