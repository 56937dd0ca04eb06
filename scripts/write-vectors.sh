#!/usr/bin/env bash
# write-vectors.sh: regenerates the golden vectors of the wire format in
# docs/vectors (frames, service, link: .txt and .md) from the fixed inputs in
# the test code, then checks them as the tests always do.
#
#   scripts/write-vectors.sh          # then review `git diff docs/vectors`
#
# The vectors pin the wire format: only run this for a deliberate change of it,
# give the format a new version (docs/vectors/README.md) and say so in the
# commit. Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
gg_use_jdk

cd "$root"
./mvnw -B -ntp -q -pl net -am test \
  -Dtest='WireVectorsTest,LinkVectorsTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgiggossip.vectors.write=true "$@"
git -C "$root" status --short docs/vectors
