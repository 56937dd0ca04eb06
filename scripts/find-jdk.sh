# shellcheck shell=bash
# Sourced by ./gg and .ci/run. Defines gg_find_jdk, which prints the home of a
# JDK >= $GG_MIN_JAVA (default 21), or returns 1. Candidates, in order:
# $JAVA_HOME, the java on PATH, then the usual JVM directories of Linux and macOS.

GG_MIN_JAVA=${GG_MIN_JAVA:-21}

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
gg_jdk_version() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ -n "$v" ] && printf '%s\n' "$v"
}

gg_find_jdk() {
  local c v candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)" 2>/dev/null) && candidates+=("${c%/bin/java}")
  fi
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  # Prefer the newest JDK found.
  local best="" bestv=0
  for c in "${candidates[@]}"; do
    v=$(gg_jdk_version "$c") || continue
    if [ "$v" -ge "$GG_MIN_JAVA" ] 2>/dev/null && [ "$v" -gt "$bestv" ]; then
      best=$c; bestv=$v
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

gg_no_jdk_message() {
  cat >&2 <<MSG
gg: no JDK $GG_MIN_JAVA or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm,
    /Library/Java/JavaVirtualMachines and ~/.sdkman).
    Install one, for example:
      Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless   (or temurin-21-jdk)
      macOS:          brew install openjdk@21
    or point JAVA_HOME at an existing JDK >= $GG_MIN_JAVA.
MSG
}

# Exports JAVA_HOME as the newest JDK >= $GG_MIN_JAVA (and quiets Maven 3.9's
# Guice, which calls sun.misc.Unsafe, on JDK 24+); exits 1 with advice if none.
gg_use_jdk() {
  if ! JAVA_HOME=$(gg_find_jdk); then
    gg_no_jdk_message
    exit 1
  fi
  export JAVA_HOME
  if [ "$(gg_jdk_version "$JAVA_HOME")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
