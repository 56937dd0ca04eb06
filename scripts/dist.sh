#!/usr/bin/env bash
# dist.sh: builds dist/giggossip-<version>-linux-x64.tar.gz, a release that
# runs without a JDK or Maven: a jlink'ed Java runtime holding only the JDK
# modules Gig-gossip uses, the application jars, the bin/gg launcher, the
# example configurations and a README. Run through ./gg dist, which first
# rebuilds app/target/gg.jar when the sources changed; see docs/release.md.
set -euo pipefail
shopt -s extglob

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"

log() { printf 'dist: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Runtime-only modules that jdeps cannot see (they are reached through
# service loading or security providers, not through class references):
#   jdk.crypto.ec  elliptic-curve TLS (an lnd's certificate) on Java 21; an
#                  empty module from Java 22, where EC moved into java.base.
extra_modules=(jdk.crypto.ec)

# Jars that only hold the native code of other platforms (libsecp256k1 for Windows).
other_platform_jars=('secp256k1-kmp-jni-jvm-mingw-*.jar' 'secp256k1-kmp-jni-jvm-darwin-*.jar')
# Jars that carry their JNI libraries for many platforms keep only linux-x64's:
# "jar | directory of the libraries | the ones kept (a bash pattern, relative to it)".
native_trims=(
  'sqlite-jdbc-*.jar|org/sqlite/native|Linux/x86_64/*'
  'grpc-netty-shaded-*.jar|META-INF/native|@(*_linux_x86_64.so|*_epoll_x86_64.so)'
  'secp256k1-kmp-jni-jvm-linux-*.jar|fr/acinq/secp256k1/jni/native|linux-x86_64/*'
)

[ $# -eq 0 ] || die "usage: ./gg dist (no arguments)"
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] ||
  die "the release is built for linux-x64, on linux-x64 (this is $(uname -s) $(uname -m)); see docs/release.md"

gg_use_jdk
jdk_version=$(gg_jdk_version "$JAVA_HOME")
for tool in jlink jdeps jar; do
  [ -x "$JAVA_HOME/bin/$tool" ] || die "$JAVA_HOME has no bin/$tool; a full JDK $GG_MIN_JAVA+ is needed"
done

jar="$root/app/target/gg.jar"
lib="$root/app/target/lib"
[ -f "$jar" ] && [ -d "$lib" ] || die "no app/target/gg.jar; build it first: ./gg build (./gg dist does)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The jar's manifest names the version and, in Class-Path, exactly the
# libraries it runs with (app/target/lib may hold stale ones too).
(cd "$work" && "$JAVA_HOME/bin/jar" xf "$jar" META-INF/MANIFEST.MF)
manifest_value() {
  tr -d '\r' <"$work/META-INF/MANIFEST.MF" | awk -v key="$1: " '
    on && /^ / { value = value substr($0, 2); next }
    on { exit }
    index($0, key) == 1 { on = 1; value = substr($0, length(key) + 1) }
    END { if (on) print value }'
}
version=$(manifest_value Implementation-Version)
[[ $version =~ ^[0-9A-Za-z][0-9A-Za-z.+-]*$ ]] || die "no usable Implementation-Version in gg.jar: '$version'"
read -r -a classpath <<<"$(manifest_value Class-Path)"
[ "${#classpath[@]}" -gt 0 ] || die "gg.jar's manifest has no Class-Path"

name="giggossip-$version-linux-x64"
out="$root/dist"
stage="$work/$name"
mkdir -p "$stage/bin" "$stage/app/lib" "$stage/config"

log "building $name with $JAVA_HOME (Java $jdk_version)"
cp "$jar" "$stage/app/gg.jar"
for entry in "${classpath[@]}"; do
  [[ $entry =~ ^lib/[A-Za-z0-9._+-]+\.jar$ ]] || die "unexpected Class-Path entry in gg.jar: $entry"
  file=${entry#lib/}
  skip=false
  for pattern in "${other_platform_jars[@]}"; do
    # shellcheck disable=SC2053
    [[ $file == $pattern ]] && skip=true
  done
  $skip && continue
  [ -f "$lib/$file" ] || die "app/target/lib/$file is missing; rebuild: ./gg build"
  cp "$lib/$file" "$stage/app/lib/"
done

# Rewrites jar $1 without the files under $2 that do not match pattern $3;
# at least one must stay, and no other file of the jar changes.
trim_natives() {
  local jar=$1 dir=$2 keep=$3 unpacked="$work/trim" file rel kept=0
  mkdir "$unpacked"
  (cd "$unpacked" && "$JAVA_HOME/bin/jar" xf "$jar")
  [ -d "$unpacked/$dir" ] || die "$(basename "$jar") has no $dir/"
  while IFS= read -r -d '' file; do
    rel=${file#"$unpacked/$dir/"}
    # shellcheck disable=SC2053
    if [[ $rel == $keep ]]; then
      kept=$((kept + 1))
    else
      rm "$file"
    fi
  done < <(find "$unpacked/$dir" -type f -print0)
  [ "$kept" -gt 0 ] || die "$(basename "$jar") has no $dir/$keep"
  find "$unpacked/$dir" -mindepth 1 -type d -empty -delete
  "$JAVA_HOME/bin/jar" tf "$jar" | grep -v -e "^$dir/" -e '/$' | sort >"$work/trim.before"
  rm "$jar"
  if [ -f "$unpacked/META-INF/MANIFEST.MF" ]; then
    "$JAVA_HOME/bin/jar" --create --file "$jar" --manifest "$unpacked/META-INF/MANIFEST.MF" -C "$unpacked" .
  else
    "$JAVA_HOME/bin/jar" --create --no-manifest --file "$jar" -C "$unpacked" .
  fi
  "$JAVA_HOME/bin/jar" tf "$jar" | grep -v -e "^$dir/" -e '/$' | sort >"$work/trim.after"
  cmp -s "$work/trim.before" "$work/trim.after" || die "rewriting $(basename "$jar") changed more than $dir/"
  rm -rf "$unpacked"
}
for rule in "${native_trims[@]}"; do
  IFS='|' read -r pattern dir keep <<<"$rule"
  for file in "$stage"/app/lib/$pattern; do
    if [ -f "$file" ]; then
      trim_natives "$file" "$dir" "$keep"
    fi
  done
done

# The JDK modules: every one the classes refer to (jdeps), plus the
# runtime-only ones above that this JDK has.
modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 \
            "$stage/app/gg.jar" "$stage"/app/lib/*.jar 2>"$work/jdeps.log" | tail -n 1) ||
  { cat "$work/jdeps.log" >&2; die "jdeps failed"; }
[[ $modules =~ ^[a-z][a-z0-9.]*(,[a-z][a-z0-9.]*)*$ ]] || die "unexpected jdeps output: $modules"
available=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')
for m in "${extra_modules[@]}"; do
  if grep -qx "$m" <<<"$available"; then
    modules="$modules,$m"
  fi
done
log "JDK modules: $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$stage/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6

# The launcher gets the JVM options ./gg would give this runtime's version.
jvm_opts='--enable-native-access=ALL-UNNAMED'
if [ "$jdk_version" -ge 23 ]; then
  jvm_opts="$jvm_opts --sun-misc-unsafe-memory-access=allow"
fi
sed -e "s|@JVM_OPTS@|$jvm_opts|" -e "s|@JAVA_VERSION@|$jdk_version|" \
  "$root/scripts/dist/gg" >"$stage/bin/gg"
chmod 755 "$stage/bin/gg"
sed -e "s|@VERSION@|$version|" -e "s|@JAVA_VERSION@|$jdk_version|" \
  "$root/scripts/dist/README.txt" >"$stage/README.txt"
cp "$root"/node/config/*.ini.example "$stage/config/"
if grep -q '@[A-Z_]*@' "$stage/bin/gg" "$stage/README.txt"; then
  die "a placeholder was left in bin/gg or README.txt"
fi

mkdir -p "$out"
archive="$out/$name.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner --sort=name -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
log "$(du -sk "$stage" | cut -f1) KiB unpacked, $(($(stat -c %s "$archive") / 1024)) KiB archive"
printf '%s\n' "$archive"
