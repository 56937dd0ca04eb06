#!/usr/bin/env bash
# Compares Java proof-of-work speed (gg bench pow, the production solver) with a
# native reference (bench/native/sha256_loop.c, OpenSSL) on the same attempts:
#   work = SHA-256( SHA-256(payload) || nonce as 8 bytes big-endian ), one compression each.
#
# Usage: bench/pow-vs-native.sh [SECONDS] [ROUNDS]      (defaults: 5 and 5)
# Each round runs, one after the other: native on 1 thread, Java on 1 thread,
# Java on 2 threads, each with a 1 s warm-up and then SECONDS measured. Prints
# each round, the medians, and the ratios java1/native (target >= 0.95) and
# java2/java1 (target >= 1.80). Measure on a quiet machine; progress and raw
# output go to bench/target/pow-vs-native.log.
set -euo pipefail

seconds=${1:-5}
rounds=${2:-5}
case "$seconds$rounds" in
  *[!0-9]*|"") echo "usage: bench/pow-vs-native.sh [SECONDS] [ROUNDS] (positive integers)" >&2; exit 2 ;;
esac
if [ "$seconds" -lt 1 ] || [ "$rounds" -lt 1 ]; then
  echo "usage: bench/pow-vs-native.sh [SECONDS] [ROUNDS] (positive integers)" >&2
  exit 2
fi
warmup=1

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
gg_use_jdk

mkdir -p bench/target
log=bench/target/pow-vs-native.log
: >"$log"

# --- native reference ---------------------------------------------------------
src=bench/native/sha256_loop.c
bin=bench/native/sha256_loop.bin
native_skip=""
if ! command -v gcc >/dev/null 2>&1; then
  native_skip="gcc not found (install gcc to get the native numbers)"
elif ! printf '#include <openssl/sha.h>\n' | gcc -E -x c - >/dev/null 2>&1; then
  native_skip="OpenSSL headers not found (install libssl-dev, or openssl-devel)"
elif [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
  if ! gcc -O2 -Wno-deprecated-declarations -o "$bin" "$src" -lcrypto >>"$log" 2>&1; then
    native_skip="could not compile or link $src against libcrypto (see $log)"
  fi
fi
if [ -n "$native_skip" ]; then
  echo "native reference skipped: $native_skip; running the Java numbers only" >&2
fi

# --- Java: build if needed --------------------------------------------------------
jar=node/target/gg.jar
if [ ! -f "$jar" ] ||
   [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  ./gg build
fi

# Runs a command, logs its output, and prints the integer of its last line
# attempts_per_second=<integer>, or fails.
rate() {
  local out last
  echo "\$ $*" >>"$log"
  out=$("$@" 2>>"$log") || { echo "failed: $* (see $log)" >&2; return 1; }
  printf '%s\n' "$out" >>"$log"
  last=$(printf '%s\n' "$out" | tail -n 1)
  case "$last" in
    attempts_per_second=[0-9]*) printf '%s\n' "${last#attempts_per_second=}" ;;
    *) echo "unexpected last line from $*: $last" >&2; return 1 ;;
  esac
}

median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) printf "%d\n", v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { # ratio A B target: A/B with 3 decimals, and whether it meets the target
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
    if (a == "-" || b == "-" || b == 0) { print "n/a"; exit }
    r = a / b; printf "%.3f  (target >= %.2f: %s)\n", r, t, (r >= t ? "met" : "BELOW") }'
}

echo "pow-vs-native: $rounds round(s), ${warmup} s warm-up + ${seconds} s measured per run"
echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "java:    $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) at $JAVA_HOME"
if [ -z "$native_skip" ]; then
  echo "native:  $(openssl version 2>/dev/null || echo 'OpenSSL (version unknown)'), gcc -O2"
fi
echo
printf '%-8s %14s %14s %14s\n' round native_1t java_1t java_2t
native_all=() java1_all=() java2_all=()
for ((r = 1; r <= rounds; r++)); do
  n="-"
  if [ -z "$native_skip" ]; then
    n=$(rate "$bin" --seconds "$seconds" --warmup "$warmup")
    native_all+=("$n")
  fi
  j1=$(rate ./gg bench pow --threads 1 --seconds "$seconds" --warmup "$warmup")
  java1_all+=("$j1")
  j2=$(rate ./gg bench pow --threads 2 --seconds "$seconds" --warmup "$warmup")
  java2_all+=("$j2")
  printf '%-8s %14s %14s %14s\n' "$r" "$n" "$j1" "$j2"
done

mn="-"
[ ${#native_all[@]} -gt 0 ] && mn=$(printf '%s\n' "${native_all[@]}" | median)
m1=$(printf '%s\n' "${java1_all[@]}" | median)
m2=$(printf '%s\n' "${java2_all[@]}" | median)
printf '%-8s %14s %14s %14s\n' median "$mn" "$m1" "$m2"
echo
echo "java1/native = $(ratio "$m1" "$mn" 0.95)"
echo "java2/java1  = $(ratio "$m2" "$m1" 1.80)"
[ -n "$native_skip" ] && echo "(native skipped: $native_skip)"
exit 0
