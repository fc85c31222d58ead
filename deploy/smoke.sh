#!/usr/bin/env bash
# The compose topology as local processes: PostgreSQL, a one-shot migrate, 2 API replicas, 2 workers (with their metrics
# listeners) and a simulated Solana cluster. Checks /health/ready on both APIs, SIGKILLs one API and one worker in the
# middle of the work, and checks that the work goes on and nothing is lost: every job completes, the data is served.
#   bash deploy/smoke.sh [BIN_DIR]      (default: .build/debug; needs solstake and solana-sim built)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
for b in solstake solana-sim; do [ -x "$bin/$b" ] || { echo "smoke: $bin/$b is not built" >&2; exit 1; }; done
jobs=${SMOKE_JOBS:-300}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pg_throwaway_stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }
ok() { echo "smoke: ok $*"; }

# shellcheck source=../scripts/postgres-throwaway.sh
source scripts/postgres-throwaway.sh
pg_throwaway_start >/dev/null
admin=$SOLSTAKE_TEST_POSTGRES_URL
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | head -n 1)
"$psql_bin" "$admin" -qc "CREATE DATABASE solstake_smoke" >/dev/null
export DATABASE_URL=${admin%/postgres}/solstake_smoke
psql_q() { "$psql_bin" "$DATABASE_URL" -Atc "$1"; }

# Prints the port a process logged it listens on (waits up to 30 s).
port_of() {
  for _ in $(seq 1 300); do
    local port
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$1" | head -n 1 | cut -d: -f2 || true)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

"$bin/solana-sim" --port 0 --validators 200 --slot-time-ms 0 >"$work/sim.log" 2>&1 &
pids+=($!)
sim_url=""
for _ in $(seq 1 300); do
  sim_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sim.log" | head -n 1 || true)
  [ -n "$sim_url" ] && break
  sleep 0.1
done
[ -n "$sim_url" ] || fail "the simulator did not start"
export SOLANA_RPC_URL=$sim_url LOG_FORMAT=text LOG_LEVEL=info HOST=127.0.0.1

"$bin/solstake" migrate >"$work/migrate.log" 2>&1 || fail "migrate"
ok "migrate applied $(psql_q 'SELECT count(*) FROM "migrations"') migrations"

start() { # name, arguments...
  local name=$1; shift
  "$bin/solstake" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$name.pid"
}
start api1 serve --no-worker --port 0
start api2 serve --no-worker --port 0
worker_args=(worker --metrics-port 0 --no-scheduler --poll-ms 50 --lease-seconds 4 --stalled-interval-seconds 1 --concurrency 3)
start worker1 "${worker_args[@]}"
start worker2 "${worker_args[@]}"
api1=$(port_of "$work/api1.log") || fail "api1 did not listen"
api2=$(port_of "$work/api2.log") || fail "api2 did not listen"
w1=$(port_of "$work/worker1.log") || fail "worker1 did not listen"
w2=$(port_of "$work/worker2.log") || fail "worker2 did not listen"
for port in "$api1" "$api2" "$w1" "$w2"; do
  for _ in $(seq 1 100); do [ "$(status_of "http://127.0.0.1:$port/health/ready")" = 200 ] && break; sleep 0.1; done
  [ "$(status_of "http://127.0.0.1:$port/health/ready")" = 200 ] || fail "/health/ready on port $port"
done
ok "/health/ready 200 on both APIs ($api1, $api2) and both workers ($w1, $w2)"

# The work: a fetch and a scoring run of the simulated cluster, and $jobs short jobs, enqueued in one statement.
"$bin/solstake" queue add fetch >/dev/null
psql_q "INSERT INTO \"job\" (\"kind\", \"payload\", \"state\", \"runAt\", \"createdAt\", \"maxAttempts\")
        SELECT 'sleep', '{\"ms\": 100}', 'available', t, t, 5
        FROM (SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) AS t) n, generate_series(1, $jobs)" >/dev/null \
  || fail "enqueue"
sleep 2
for name in worker1 api1; do
  kill -9 "$(cat "$work/$name.pid")"
  wait "$(cat "$work/$name.pid")" 2>/dev/null || true
done
ok "SIGKILLed api1 and worker1 with $(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" = 'running'") jobs running and $(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" = 'available'") waiting"
"$bin/solstake" queue add score >/dev/null

deadline=$((SECONDS + 180))
while :; do
  left=$(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" NOT IN ('completed', 'failed', 'cancelled')")
  [ "$left" = 0 ] && break
  [ $SECONDS -lt $deadline ] || fail "$left jobs unfinished after 180 s"
  sleep 0.5
done
completed=$(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" = 'completed'")
failed=$(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" <> 'completed'")
rescued=$(psql_q "SELECT count(*) FROM \"job\" WHERE \"stallCount\" > 0")
[ "$failed" = 0 ] || fail "$failed jobs did not complete: $(psql_q "SELECT \"kind\", \"lastError\" FROM \"job\" WHERE \"state\" <> 'completed' LIMIT 3")"
[ "$completed" = $((jobs + 2)) ] || fail "$completed jobs completed, expected $((jobs + 2))"
ok "all $completed jobs completed ($rescued rescued from the killed worker's leases), none failed"

answer=$(curl -s --max-time 10 -H 'content-type: application/json' \
  -d '{"query":"{ networkSummary { validatorCount } scoringRuns(limit: 1) { status validatorCount } }"}' "http://127.0.0.1:$api2/graphql")
echo "$answer" | grep -q '"validatorCount":200' || fail "the surviving API answered: $answer"
echo "$answer" | grep -q '"status":"completed"' || fail "no completed scoring run: $answer"
ok "the surviving API serves the fetched and scored cluster: $answer"
metrics=$(curl -s --max-time 10 "http://127.0.0.1:$w2/metrics/prometheus")
echo "$metrics" | grep -q 'solstake_jobs_total{kind="sleep",outcome="completed"}' || fail "worker2 exposes no job counters"
ok "worker2's metrics count its jobs: $(echo "$metrics" | grep 'solstake_jobs_total{kind="sleep",outcome="completed"}')"

kill -TERM "$(cat "$work/worker2.pid")" "$(cat "$work/api2.pid")"
for name in worker2 api2; do
  pid=$(cat "$work/$name.pid")
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && fail "$name did not exit within 30 s of SIGTERM"
done
ok "SIGTERM stopped the surviving API and worker"
echo "smoke: passed"
