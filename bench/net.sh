#!/usr/bin/env bash
# Network-path throughput of one node (docs/benchmarks.md, "The real node over TCP"), without the daemon:
#   - the BOLT 8 handshake state machine, both sides in memory      (JMH HandshakeBenchmark)
#   - the proof-of-work admission, both sides in memory, at
#     difficulty 1, 256 and 65536 (the default)                       (JMH AdmissionBenchmark)
#   - BOLT 8 encrypt + decrypt of a 3072-byte message               (JMH TransportBenchmark)
#   - one Engine fed valid POWBroadcast frames: verified and relayed (JMH RelayBenchmark)
#   - real-socket handshakes + admission on 127.0.0.1 through Links (LinkAdmissionLoad)
#
# Usage: bench/net.sh [ROUNDS]      (default 3: rounds of the socket driver per difficulty)
#
# JMH runs with modest settings for a small shared machine (-f 1 -wi 2 -i 3 -w 2s -r 3s;
# RelayBenchmark is single-shot batches of 1000 topics, -wi 3 -i 5). Each row is the
# median of the measured iterations (JMH) or of the rounds (socket driver), as a rate
# per second. Raw output goes to bench/target/net.log. Takes about 4 minutes.
set -euo pipefail

rounds=${1:-3}
case "$rounds" in
  ''|*[!0-9]*|0) echo "usage: bench/net.sh [ROUNDS] (a positive integer)" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
gg_use_jdk

mkdir -p bench/target
log=bench/target/net.log
: >"$log"

list=bench/target/classes/META-INF/BenchmarkList
if [ ! -f "$list" ] || [ ! -d bench/target/lib ] ||
   [ -n "$(find pom.xml core/pom.xml net/pom.xml bench/pom.xml core/src/main net/src/main bench/src/main \
           -newer "$list" -type f -print -quit)" ]; then
  echo "net.sh: building (./mvnw -B -ntp -q -DskipTests -pl bench -am package) ..." >&2
  ./mvnw -B -ntp -q -DskipTests -pl bench -am package
fi
cp=(-cp "bench/target/classes:bench/target/lib/*")
native=--enable-native-access=ALL-UNNAMED # secp256k1 JNI, without the warning

# Runs JMH on one benchmark class, logging everything; prints one line per
# parameter set: "<params> <median of the measured iterations> <unit>".
jmh() {
  echo "\$ java org.openjdk.jmh.Main $*" >>"$log"
  "$JAVA_HOME/bin/java" "$native" "${cp[@]}" org.openjdk.jmh.Main -jvmArgsAppend "$native" "$@" 2>&1 | tee -a "$log" | awk '
    function flush(   n, i, j, t, m) {
      n = count; if (n == 0) return
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "%s %s %s\n", (params == "" ? "-" : params), m, unit
      count = 0
    }
    /^# Benchmark: / { flush(); params = "" }
    /^# Parameters: / { p = $0; sub(/^# Parameters: \(/, "", p); sub(/\)$/, "", p); gsub(/ /, "", p); params = p }
    /^Iteration +[0-9]+: / { s = $3; gsub(/,/, "", s); v[++count] = s + 0; unit = $4 }
    END { flush() }'
}

# The rate per second of a JMH median: ops/s as is, us/op inverted.
per_second() {
  awk -v v="$1" -v u="$2" 'BEGIN {
    if (u == "ops/s") printf "%.0f\n", v; else if (u == "us/op") printf "%.0f\n", 1e6 / v; else print "?" }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) printf "%.1f\n", v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

quick=(-f 1 -wi 2 -i 3 -w 2s -r 3s)
rows=()
row() { rows+=("$(printf '%-58s %14s  %s' "$1" "$2" "$3")"); }

echo "net.sh: machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a "$log"
echo "net.sh: java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" | tee -a "$log"

echo "net.sh: HandshakeBenchmark ..." >&2
read -r _ m u < <(jmh HandshakeBenchmark "${quick[@]}")
row "BOLT 8 handshake, both sides in memory" "$(per_second "$m" "$u")" "handshakes/s"

echo "net.sh: AdmissionBenchmark ..." >&2
while read -r p m u; do
  d=${p#difficulty=}
  d=${d%.0}
  row "PoW admission, both sides in memory, difficulty $d" "$(per_second "$m" "$u")" "admissions/s"
done < <(jmh AdmissionBenchmark "${quick[@]}")

echo "net.sh: TransportBenchmark ..." >&2
read -r p m u < <(jmh TransportBenchmark "${quick[@]}")
row "BOLT 8 encrypt + decrypt, ${p#size=}-byte message" "$(per_second "$m" "$u")" "messages/s"

echo "net.sh: RelayBenchmark ..." >&2
while read -r p m u; do
  r=$(per_second "$m" "$u")
  case "$p" in
    stage=broadcast) row "Engine: POWBroadcast decoded, verified, relayed (fanout 2)" "$r" \
                         "frames verified/s ($((2 * r)) asks/s sent)" ;;
    stage=middleman) row "Engine: full middleman cycle per topic (fanout 2)" "$r" \
                         "topics/s ($((2 * r)) POWBroadcasts relayed/s)" ;;
  esac
done < <(jmh RelayBenchmark -f 1 -wi 3 -i 5)

for d in 256 65536; do
  echo "net.sh: LinkAdmissionLoad difficulty $d, $rounds round(s) ..." >&2
  rates=()
  for ((i = 1; i <= rounds; i++)); do
    echo "\$ java org.giggossip.bench.net.LinkAdmissionLoad --difficulty $d --seconds 5 --warmup 2 --concurrency 4" >>"$log"
    out=$("$JAVA_HOME/bin/java" "$native" "${cp[@]}" org.giggossip.bench.net.LinkAdmissionLoad \
          --difficulty "$d" --seconds 5 --warmup 2 --concurrency 4 2>>"$log")
    printf '%s\n' "$out" >>"$log"
    last=$(printf '%s\n' "$out" | tail -n 1)
    case "$last" in
      admitted_per_second=*) rates+=("${last#admitted_per_second=}") ;;
      *) echo "net.sh: unexpected output from LinkAdmissionLoad (see $log): $last" >&2; exit 1 ;;
    esac
  done
  row "TCP 127.0.0.1 via Links: handshake + admission, difficulty $d" \
      "$(printf '%s\n' "${rates[@]}" | median)" "connections admitted/s (both ends on this machine)"
done

echo
printf '%-58s %14s  %s\n' "benchmark (one thread unless stated)" "median" "unit"
printf '%s\n' "${rows[@]}"
echo
echo "Engine rows: every node's proof-of-work target is difficulty 1, so they measure verification"
echo "and relaying; checking a proof costs one payload hash at any difficulty. Load at the end:"
echo "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (a loaded machine lowers every row). Raw output: $log"
