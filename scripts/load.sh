#!/usr/bin/env bash
# `make load`: Penata as in production, on loopback, under a locust load, then a report.
#
# Starts a throwaway PostgreSQL cluster (as .ci/run does), migrates, loads the Semarang demo
# data set (EMPLOYEES, default 15,000), creates the load-test accounts and the roster file
# (bench/load/prepare.py), starts gunicorn (WORKERS sync workers, DEBUG off, Secure cookies) and
# the task worker (penata db_worker), drives them with locust (USERS users for DURATION,
# headless, loopback only), writes bench/results/load.json and load.png, and stops everything
# it started (also on Ctrl+C or failure).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-5}
DURATION=${DURATION:-5m}
EMPLOYEES=${EMPLOYEES:-15000}
WORKERS=${WORKERS:-4}
RESULTS=${RESULTS:-bench/results}

for tool in "$PGBIN/initdb" "$BIN/gunicorn" "$BIN/locust"; do
  [ -x "$tool" ] || { echo "load: $tool is missing (PostgreSQL 15: apt-get install postgresql; gunicorn/locust: pip install -e '.[load]')" >&2; exit 2; }
done
id postgres >/dev/null 2>&1 || { echo "load: needs the 'postgres' system user (as .ci/run)" >&2; exit 2; }

run=$(mktemp -d /tmp/penata-load.XXXXXX)
chmod 755 "$run"
mkdir -p "$run/pg" "$run/data" "$run/out"
chown postgres "$run/pg"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
pgport=$(free_port)
webport=$(free_port)
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$run/pg/data" -m fast stop >/dev/null 2>&1 || true
  if [ "${KEEP_RUN:-0}" = 1 ]; then echo "load: run directory kept: $run"; else rm -rf "$run"; fi
  exit $rc
}
trap cleanup EXIT INT TERM

echo "== PostgreSQL on 127.0.0.1:$pgport"
runuser -u postgres -- "$PGBIN/initdb" -D "$run/pg/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$run/pg/data" -l "$run/pg/server.log" -w \
  -o "-p $pgport -k $run/pg -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$pgport" -U postgres penata_load

export PENATA_DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/penata_load"
export PENATA_DATA_DIR="$run/data"
export PENATA_DEBUG=0
export PENATA_SECRET_KEY
PENATA_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')
export PENATA_ALLOWED_HOSTS=127.0.0.1
export PENATA_SITE_URL="https://127.0.0.1:$webport"
export PENATA_LOG_LEVEL=WARNING

echo "== migrate, static files, seed-demo --employees $EMPLOYEES"
$BIN/penata migrate --noinput -v 0
$BIN/penata collectstatic --noinput -v 0
seed_start=$(date +%s)
$BIN/penata seed-demo --employees "$EMPLOYEES" >"$run/out/seed.log"
echo "   seeded in $(( $(date +%s) - seed_start )) s"
$BIN/python -m bench.load.prepare "$run/out"

echo "== gunicorn ($WORKERS workers) on 127.0.0.1:$webport and the task worker"
$BIN/gunicorn penata.wsgi --workers "$WORKERS" --bind "127.0.0.1:$webport" --timeout 120 \
  --error-logfile "$run/out/gunicorn.log" --log-level warning &
pids+=($!)
$BIN/penata db_worker --interval 1 >"$run/out/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:$webport/healthz', headers={'X-Forwarded-Proto': 'https'}), timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 1
done

# Warm up every worker (first template renders, connections) so the run measures steady state.
for _ in $(seq 1 $((WORKERS * 3))); do
  python3 -c "import urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:$webport/masuk/', headers={'X-Forwarded-Proto': 'https'}), timeout=30)" >/dev/null 2>&1 || true
done

echo "== locust: $USERS users for $DURATION"
set +e
LOAD_DIR="$run/out" LOAD_OUTCOMES="$run/out/outcomes.json" $BIN/locust \
  -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$webport" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --stop-timeout 30 \
  --csv "$run/out/locust" --csv-full-history --only-summary --loglevel WARNING
locust_rc=$?
set -e
errors_5xx=$(grep -c '" 5[0-9][0-9] ' "$run/out/gunicorn.log" 2>/dev/null || true)
mkdir -p "$RESULTS"
$BIN/python -m bench.load.report "$run/out" "$RESULTS" \
  --users "$USERS" --duration "$DURATION" --workers "$WORKERS" --employees "$EMPLOYEES" \
  --spawn-rate "$SPAWN_RATE"
echo "   gunicorn error log lines: $(wc -l <"$run/out/gunicorn.log"), 5xx: ${errors_5xx:-0}"
exit $locust_rc
