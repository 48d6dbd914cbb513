#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster on a free loopback port (as .ci/run):
#   scripts/with-postgres.sh DBNAME COMMAND...
# PENATA_DATABASE_URL points at DBNAME (created empty); the cluster is removed afterwards.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
db=$1
shift
[ -x "$PGBIN/initdb" ] || { echo "needs PostgreSQL 15 in $PGBIN (apt-get install postgresql)" >&2; exit 2; }
id postgres >/dev/null 2>&1 || { echo "needs the 'postgres' system user (as .ci/run)" >&2; exit 2; }
root=$(mktemp -d /tmp/penata-pg.XXXXXX)
chown postgres "$root"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$root/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT INT TERM
runuser -u postgres -- "$PGBIN/initdb" -D "$root/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB -c maintenance_work_mem=256MB" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
export PENATA_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
"$@"
