#!/usr/bin/env bash
# The compose topology as local processes: PostgreSQL, a one-shot migrate, 2 API replicas, 2 workers (with their metrics
# listeners) and a simulated Solana cluster. Checks /health/ready on both APIs, SIGKILLs one API and one worker in the
# middle of the work, and checks that the work goes on and nothing is lost: every job completes, the data is served.
# The work is solstake's own job kinds: a fetch, a scoring run and stake syncs of tracked wallets, each slowed by the
# simulator's latency so that some are running when the worker dies.
#   bash deploy/smoke.sh [BIN_DIR]      (default: .build/debug; needs solstake and solana-sim built)
# SMOKE_RUNNER=podman SMOKE_IMAGE=IMAGE runs every solstake process in a container of IMAGE instead
# (deploy/container-smoke.sh); PostgreSQL and the simulator stay on the host, whose network the containers share.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
runner=${SMOKE_RUNNER:-process}
for b in solstake solana-sim; do [ -x "$bin/$b" ] || { echo "smoke: $bin/$b is not built" >&2; exit 1; }; done
[ "$runner" = process ] || [ -n "${SMOKE_IMAGE:-}" ] || { echo "smoke: SMOKE_RUNNER=$runner needs SMOKE_IMAGE" >&2; exit 1; }
jobs=${SMOKE_JOBS:-300}
wallets=${SMOKE_WALLETS:-5}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ "$runner" = podman ] && podman rm -f $(podman ps -aq --filter name=smoke-) >/dev/null 2>&1 || true
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

"$bin/solana-sim" --port 0 --validators 200 --slot-time-ms 0 --fault getProgramAccounts:latency:1:100 >"$work/sim.log" 2>&1 &
pids+=($!)
sim_url=""
for _ in $(seq 1 300); do
  sim_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sim.log" | head -n 1 || true)
  [ -n "$sim_url" ] && break
  sleep 0.1
done
[ -n "$sim_url" ] || fail "the simulator did not start"
# The simulator has no rate limit: public mainnet's (the defaults) would make the stake syncs wait on it.
export SOLANA_RPC_URL=$sim_url LOG_FORMAT=text LOG_LEVEL=info HOST=127.0.0.1 \
  SOLANA_RPC_REQUESTS_PER_10S=100000 SOLANA_RPC_METHOD_REQUESTS_PER_10S=100000

# How a solstake process runs: a child process of this script, or a container of the image.
container_args=(--network host -e DATABASE_URL -e SOLANA_RPC_URL -e LOG_FORMAT -e LOG_LEVEL -e HOST
  -e SOLANA_RPC_REQUESTS_PER_10S -e SOLANA_RPC_METHOD_REQUESTS_PER_10S)
solstake() { # a command to its end, in the foreground
  if [ "$runner" = podman ]; then podman run --rm "${container_args[@]}" "$SMOKE_IMAGE" "$@"; else "$bin/solstake" "$@"; fi
}
start() { # name, arguments...: in the background, its output in $work/NAME.log
  local name=$1; shift
  if [ "$runner" = podman ]; then
    # Workers listen on a port of their own, not the one the image's HEALTHCHECK probes.
    local health=() previous=""
    [ "$1" = worker ] && health=(--no-healthcheck)
    for argument in "$@"; do [ "$previous" = --port ] && health=(-e "HEALTH_PORT=$argument"); previous=$argument; done
    podman run -d --name "smoke-$name" "${health[@]}" "${container_args[@]}" "$SMOKE_IMAGE" "$@" >/dev/null
    podman logs -f "smoke-$name" >"$work/$name.log" 2>&1 &
    pids+=($!)
  else
    "$bin/solstake" "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
    echo $! >"$work/$name.pid"
  fi
}
signal() { # signal, name
  if [ "$runner" = podman ]; then podman kill -s "$1" "smoke-$2" >/dev/null; return; fi
  kill -"$1" "$(cat "$work/$2.pid")"
  # Reaped here, so that bash does not report the killed job.
  if [ "$1" = KILL ]; then wait "$(cat "$work/$2.pid")" 2>/dev/null || true; fi
}
running() { # name
  if [ "$runner" = podman ]; then [ "$(podman inspect -f '{{.State.Running}}' "smoke-$1" 2>/dev/null)" = true ]
  else kill -0 "$(cat "$work/$1.pid")" 2>/dev/null; fi
}

solstake migrate >"$work/migrate.log" 2>&1 || fail "migrate"
ok "migrate applied $(psql_q 'SELECT count(*) FROM "migrations"') migrations ($runner)"

# Ports chosen here rather than 0: the image's HEALTHCHECK must know the API's port.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start api1 serve --no-worker --port "$(free_port)"
start api2 serve --no-worker --port "$(free_port)"
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
if [ "$runner" = podman ]; then
  health=$(podman healthcheck run smoke-api2 2>&1) || fail "the image's HEALTHCHECK fails on api2: $health"
  ok "the image's HEALTHCHECK passes on api2"
fi

# The work: a fetch and a scoring run of the simulated cluster; $wallets tracked wallets (each enqueues its stake
# sync), then $jobs more stake syncs of them, enqueued in one statement.
solstake queue add fetch >/dev/null
keys=$(python3 -c '
import os
alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
for _ in range('"$wallets"'):
    raw = os.urandom(32)
    n, key = int.from_bytes(raw, "big"), ""
    while n: n, r = divmod(n, 58); key = alphabet[r] + key
    print("1" * (len(raw) - len(raw.lstrip(b"\0"))) + key)')
for key in $keys; do solstake wallet track "$key" >"$work/track.log" 2>&1 || fail "wallet track $key: $(tail -n 3 "$work/track.log")"; done
array=$(printf "'%s'," $keys)
psql_q "INSERT INTO \"job\" (\"kind\", \"payload\", \"state\", \"runAt\", \"createdAt\", \"maxAttempts\")
        SELECT 'stake-sync', '{\"wallet\": \"' || (ARRAY[${array%,}])[1 + g % $wallets] || '\"}', 'available', t, t, 5
        FROM (SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) AS t) n, generate_series(1, $jobs) g" >/dev/null \
  || fail "enqueue"
sleep 2
for name in worker1 api1; do
  signal KILL "$name"
  for _ in $(seq 1 50); do running "$name" || break; sleep 0.1; done
done
ok "SIGKILLed api1 and worker1 with $(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" = 'running'") jobs running and $(psql_q "SELECT count(*) FROM \"job\" WHERE \"state\" = 'available'") waiting"
solstake queue add score >/dev/null

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
[ "$completed" = $((jobs + wallets + 2)) ] || fail "$completed jobs completed, expected $((jobs + wallets + 2))"
ok "all $completed jobs completed ($rescued rescued from the killed worker's leases), none failed"

answer=$(curl -s --max-time 10 -H 'content-type: application/json' \
  -d '{"query":"{ networkSummary { validatorCount } scoringRuns(limit: 1) { status validatorCount } }"}' "http://127.0.0.1:$api2/graphql")
echo "$answer" | grep -q '"validatorCount":200' || fail "the surviving API answered: $answer"
echo "$answer" | grep -q '"status":"completed"' || fail "no completed scoring run: $answer"
ok "the surviving API serves the fetched and scored cluster: $answer"
metrics=$(curl -s --max-time 10 "http://127.0.0.1:$w2/metrics/prometheus")
echo "$metrics" | grep -q 'solstake_jobs_total{kind="stake-sync",outcome="completed"}' || fail "worker2 exposes no job counters"
ok "worker2's metrics count its jobs: $(echo "$metrics" | grep 'solstake_jobs_total{kind="stake-sync",outcome="completed"}')"

signal TERM worker2
signal TERM api2
for name in worker2 api2; do
  for _ in $(seq 1 150); do running "$name" || break; sleep 0.2; done
  running "$name" && fail "$name did not exit within 30 s of SIGTERM"
done
ok "SIGTERM stopped the surviving API and worker"
echo "smoke: passed"
