#!/usr/bin/env bash
# postgres.sh: a PostgreSQL for the settler's tests, from Debian packages.
# Run as root on Debian or Ubuntu. Idempotent: installs the postgresql package
# when missing, creates and starts a cluster when none runs, creates the test
# role and database when missing, then prints the JDBC URL (and only that) on
# standard output. Progress goes to standard error.
#
#   export GG_TEST_POSTGRES_URL=$(scripts/postgres.sh)
#
# The server listens on 127.0.0.1 only (Debian's default, listen_addresses =
# localhost). Names and password can be changed with GG_PG_USER, GG_PG_DB and
# GG_PG_PASSWORD; the defaults are for a throwaway test database.
set -euo pipefail

user=${GG_PG_USER:-gg_test}
db=${GG_PG_DB:-gg_test}
password=${GG_PG_PASSWORD:-gg_test_password}

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for name in "$user" "$db"; do
  [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "bad role or database name: $name"
done
[[ $password =~ ^[A-Za-z0-9_.-]{8,100}$ ]] || die "the password must be 8 to 100 of A-Z a-z 0-9 _ . -"

[ "$(id -u)" -eq 0 ] || die "run me as root (apt-get and the postgres account need it)"

start=$SECONDS
if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "no apt-get: install PostgreSQL yourself and set GG_TEST_POSTGRES_URL"
  log "installing postgresql from the Debian packages ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# The newest installed server version, and its cluster "main" (the package makes
# one, unless package scripts were told not to, as in some container images).
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
[ -x "/usr/lib/postgresql/$version/bin/postgres" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "creating cluster $version/main ..."
  pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
if [ "$status" != online ]; then
  log "starting cluster $version/main on port $port ..."
  # postgres refuses to run as root; pg_ctlcluster switches to the cluster's owner
  pg_ctlcluster "$version" main start >&2 || pg_lsclusters -h | grep -q "^$version  *main .* online" \
    || die "cannot start the cluster; see /var/log/postgresql/postgresql-$version-main.log"
fi

ready=0
for _ in $(seq 1 100); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then ready=1; break; fi
  sleep 0.1  # polling a server that is starting: there is nothing to wait on instead
done
[ "$ready" -eq 1 ] || die "PostgreSQL is not accepting connections on 127.0.0.1:$port"

as_postgres() { su postgres -s /bin/sh -c "psql -X -q -v ON_ERROR_STOP=1 -p $port -tA $*"; }

if [ "$(as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$user'\"")" != 1 ]; then
  log "creating role $user ..."
  as_postgres "-c \"CREATE ROLE $user LOGIN PASSWORD '$password'\"" >&2
else
  as_postgres "-c \"ALTER ROLE $user LOGIN PASSWORD '$password'\"" >&2
fi
if [ "$(as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"")" != 1 ]; then
  log "creating database $db ..."
  as_postgres "-c \"CREATE DATABASE $db OWNER $user\"" >&2
fi

log "PostgreSQL $version ready on 127.0.0.1:$port, database $db ($((SECONDS - start))s)"
printf 'jdbc:postgresql://127.0.0.1:%s/%s?user=%s&password=%s\n' "$port" "$db" "$user" "$password"
