#!/usr/bin/env bash
# check-dist.sh: proves that the release archive runs on a machine without a
# JDK. Unpacks it in a temporary directory and runs bin/gg, through a symlink,
# with an empty environment (no JAVA_HOME) and a PATH that holds only that
# symlink and readlink, so no java can be found but the bundled one:
#   gg --version, gg demo --report (paid, settled, money conserved),
#   gg node and gg settler (their start lines, then SIGTERM and a clean stop).
# Usage: scripts/check-dist.sh [ARCHIVE]   (default: the newest dist/*.tar.gz)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf 'check-dist: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

archive=${1:-}
if [ -z "$archive" ]; then
  archive=$(ls -t "$root"/dist/giggossip-*-linux-x64.tar.gz 2>/dev/null | head -n 1) || true
fi
[ -n "$archive" ] && [ -f "$archive" ] || die "no release archive; build one with ./gg dist"
name=$(basename "$archive" .tar.gz)

tmp=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

tar -xzf "$archive" -C "$tmp"
release=$tmp/$name
[ -x "$release/bin/gg" ] && [ -x "$release/runtime/bin/java" ] || die "$name lacks bin/gg or runtime/bin/java"
java_bin=$(cd "$release/runtime/bin" && pwd -P)/java

# The only PATH: bin/gg linked as if installed, and readlink, which the
# launcher uses to follow that link. No java, no JAVA_HOME.
mkdir "$tmp/path" "$tmp/home" "$tmp/work"
ln -s "$release/bin/gg" "$tmp/path/gg"
ln -s "$(command -v readlink)" "$tmp/path/readlink"
bare=(env -i PATH="$tmp/path" HOME="$tmp/home" TZ=UTC)
if "${bare[@]}" /bin/sh -c 'command -v java' >/dev/null 2>&1; then
  die "java is on the check's PATH"
fi

# Waits up to $4 seconds for the extended regex $3 in file $2, while process $1 runs.
await_line() {
  local deadline=$((SECONDS + $4))
  until grep -Eq "$3" "$2" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] && kill -0 "$1" 2>/dev/null || return 1
    sleep 0.2
  done
}

# Sends SIGTERM to $1 and waits up to $2 seconds for it to exit.
stop() {
  local pid=$1 deadline=$((SECONDS + $2))
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      return 1
    fi
    sleep 0.2
  done
  wait "$pid" 2>/dev/null || true
}

cd "$tmp/work"

version=$(timeout 60 "${bare[@]}" gg --version) || die "gg --version failed"
grep -q '^gg [0-9]' <<<"$version" || die "gg --version printed: $version"
log "gg --version: $(tr '\n' ' ' <<<"$version")"

start=$SECONDS
if ! timeout 120 "${bare[@]}" gg demo --report r.json >demo.out 2>demo.err; then
  tail -n 20 demo.out demo.err >&2
  die "gg demo failed"
fi
for key in paid settled money_conserved; do
  grep -Eq "\"$key\" *: *true" r.json || { cat r.json >&2; die "the demo's report lacks \"$key\": true"; }
done
log "gg demo: paid, settled, money conserved ($((SECONDS - start)) s)"

# A node and a settler, side by side, on ports the system picks.
cat >node.ini <<'INI'
[gossip]
p2p_address = 127.0.0.1:0
api_address = 127.0.0.1:0
[node]
data_dir = node-data
app_address = 127.0.0.1:0
INI
"${bare[@]}" gg node --config node.ini 2>node.log &
node_pid=$!
pids+=("$node_pid")
"${bare[@]}" gg settler --data settler-data --listen 127.0.0.1:0 2>settler.log &
settler_pid=$!
pids+=("$settler_pid")

await_line "$node_pid" node.log 'msg="node [0-9a-f]{64}@127\.0\.0\.1:[0-9]+ started' 60 ||
  { cat node.log >&2; die "gg node did not log its start (exited, or not within 60 s)"; }
await_line "$settler_pid" settler.log 'msg="settler [0-9a-f]{64} listening on http://127\.0\.0\.1:[0-9]+' 60 ||
  { cat settler.log >&2; die "gg settler did not log its listening line (exited, or not within 60 s)"; }
# bin/gg execs the runtime, so these processes are the bundled java.
for pid in "$node_pid" "$settler_pid"; do
  exe=$(readlink "/proc/$pid/exe") || die "process $pid is gone"
  [ "$exe" = "$java_bin" ] || die "process $pid runs $exe, not the bundled $java_bin"
done
log "gg node and gg settler started on the bundled runtime"

stop "$node_pid" 30 || { cat node.log >&2; die "gg node did not stop within 30 s of SIGTERM"; }
stop "$settler_pid" 30 || { cat settler.log >&2; die "gg settler did not stop within 30 s of SIGTERM"; }
pids=()
grep -q 'msg="stopped"' node.log || { cat node.log >&2; die "gg node did not log its stop"; }
grep -q 'msg="stopped"' settler.log || { cat settler.log >&2; die "gg settler did not log its stop"; }
log "OK: $name runs without a JDK"
