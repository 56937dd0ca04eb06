#!/usr/bin/env bash
# Runs the JMH benchmarks of bench/ from bench/target/classes and bench/target/lib,
# building them first with the Maven wrapper when they are missing or older than
# the sources. Every argument goes to org.openjdk.jmh.Main, for example:
#   bench/jmh.sh PowBenchmark                     # all of it, with its defaults
#   bench/jmh.sh 'PowBenchmark.attempt.*' -f 1 -wi 3 -i 5 -p payloadSize=256
#   bench/jmh.sh -h                               # JMH's own options
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
gg_use_jdk

list=bench/target/classes/META-INF/BenchmarkList
if [ ! -f "$list" ] || [ ! -d bench/target/lib ] ||
   [ -n "$(find pom.xml core/pom.xml net/pom.xml bench/pom.xml core/src/main net/src/main bench/src/main -newer "$list" -type f -print -quit)" ]; then
  echo "jmh.sh: building the benchmarks (./mvnw -B -ntp -q -DskipTests -pl bench -am package) ..." >&2
  ./mvnw -B -ntp -q -DskipTests -pl bench -am package
fi

exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main "$@"
