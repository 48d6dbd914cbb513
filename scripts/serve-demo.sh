#!/usr/bin/env bash
# Starts the demo: the task worker in the background and the web server in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
$BIN/penata db_worker --interval 1 >"${PENATA_DATA_DIR:-var}/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
cat <<MSG

  Penata berjalan di  http://$HOST:$PORT/
  Penata is running at http://$HOST:$PORT/

  Demo logins (password: ${PENATA_DEMO_PASSWORD:-semarang-demo-2026}):
MSG
$BIN/penata demo-logins
echo
echo "  Task worker log: ${PENATA_DATA_DIR:-var}/worker.log   Stop: Ctrl+C"
echo
exec $BIN/penata runserver "$HOST:$PORT" --noreload
