#!/usr/bin/env bash
# Fetch + score cycle benchmark: the real epoch-752 snapshot and synthetic 10,000 and 100,000 validators, on SQLite and
# (when SOLSTAKE_TEST_POSTGRES_URL is set, or START_POSTGRES=1) PostgreSQL. Release build; one process per case.
#   SOLSTAKE_MAINNET_FIXTURES=../shared/fixtures/mainnet bash scripts/bench-ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH_PATH:-.build}   # another scratch path (e.g. .build-release) keeps a debug build usable meanwhile
swift build -c release --scratch-path "$SCRATCH" --product solana-sim >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product ingest-bench >/dev/null
BIN=$SCRATCH/release
if [ "${START_POSTGRES:-0}" = 1 ] && [ -z "${SOLSTAKE_TEST_POSTGRES_URL:-}" ]; then
  source scripts/postgres-throwaway.sh
  pg_throwaway_start >/dev/null
  trap pg_throwaway_stop EXIT
fi

REPEAT=${REPEAT:-3}   # runs per case and database; the median cycle is reported (this machine is shared and noisy)
declare -A MEDIAN

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run_db() {  # label, url, database
  local cycles=()
  for _ in $(seq 1 "$REPEAT"); do
    local line; line=$("$BIN/ingest-bench" --rpc "$2" --database "$3" --label "$1")
    echo "$line"
    case "$line" in *skipped*) return 0 ;; esac
    cycles+=("$(echo "$line" | sed -n 's/.*| cycle \([0-9.]*\) s.*/\1/p')")
  done
  local m; m=$(printf '%s\n' "${cycles[@]}" | median)
  MEDIAN["$1/$3"]=$m
  echo "  => $1 on $3: median cycle $m s over $REPEAT runs"
}

run_case() {  # label, solana-sim arguments...
  local label=$1; shift
  local log; log=$(mktemp)
  "$BIN/solana-sim" --port 0 --slot-time-ms 0 "$@" >"$log" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || { echo "solana-sim did not start: $(cat "$log")"; kill $pid; return 1; }
  run_db "$label" "$url" sqlite
  run_db "$label" "$url" postgres
  kill $pid; wait $pid 2>/dev/null || true
  rm -f "$log"
}

if [ -n "${SOLSTAKE_MAINNET_FIXTURES:-}" ]; then
  run_case "epoch-752 snapshot" --snapshot "$SOLSTAKE_MAINNET_FIXTURES"
fi
run_case "synthetic 10,000" --validators 10000 --seed 1
run_case "synthetic 100,000" --validators 100000 --seed 1
for db in sqlite postgres; do
  small=${MEDIAN["synthetic 10,000/$db"]:-}
  large=${MEDIAN["synthetic 100,000/$db"]:-}
  if [ -n "$small" ] && [ -n "$large" ]; then
    awk -v s="$small" -v l="$large" -v d="$db" 'BEGIN { printf "%s: 100,000 / 10,000 validators = %.1f x (medians %.2f s / %.2f s; target <= 10 x)\n", d, l / s, l, s }'
  fi
done
