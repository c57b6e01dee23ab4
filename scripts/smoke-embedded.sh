#!/usr/bin/env bash
# Starts the system exactly as the README says (`npm start`, embedded default: no DATABASE_URL,
# no REDIS_URL), on a fresh data directory, waits for health, runs the browser chat slice
# against it, and stops it. Prints the start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3917}
data=$(mktemp -d)
log=$(mktemp)
unset DATABASE_URL REDIS_URL
t0=$(date +%s%N)
PORT=$port DATA_DIR="$data" PUBLIC_URL="http://127.0.0.1:$port" npm start >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "npm start exited:"; cat "$log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/api/health" || { echo "no health after 90s:"; cat "$log"; exit 1; }
echo
echo "embedded default healthy after $(( ($(date +%s%N) - t0) / 1000000 )) ms (including any build)"
grep -E '云坐席 engine ready|Citizen H5|Agent workbench' "$log" || true
report=$(mktemp --suffix=.json)
status=0
E2E_BASE_URL="http://127.0.0.1:$port" npm exec -w e2e -- vitest run --reporter=default --reporter=json \
  "--outputFile.json=$report" chat-slice || status=$?
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`smoke (embedded default): ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" || true
rm -f "$report"
exit $status
