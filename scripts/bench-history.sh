#!/usr/bin/env bash
# All 244 real mainnet epochs of the fixtures' per-epoch history through fetch + score, one after another, on SQLite and
# (when SOLSTAKE_TEST_POSTGRES_URL is set, or START_POSTGRES=1) PostgreSQL. Release build; one process per database.
#   START_POSTGRES=1 bash scripts/bench-history.sh            (FROM=734 TO=764 for a shorter span)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH_PATH:-.build}
FIXTURES=${SOLSTAKE_MAINNET_FIXTURES:-../shared/fixtures/mainnet}
swift build -c release --scratch-path "$SCRATCH" --product history-bench >/dev/null
if [ "${START_POSTGRES:-0}" = 1 ] && [ -z "${SOLSTAKE_TEST_POSTGRES_URL:-}" ]; then
  source scripts/postgres-throwaway.sh
  pg_throwaway_start >/dev/null
  trap 'pg_throwaway_stop' EXIT
fi
SPAN=()
[ -n "${FROM:-}" ] && SPAN+=(--from "$FROM")
[ -n "${TO:-}" ] && SPAN+=(--to "$TO")
for db in sqlite postgres; do
  sync
  "$SCRATCH/release/history-bench" --fixtures "$FIXTURES" --database "$db" "${SPAN[@]}"
  # Control: the same last epoch with only the 31 epochs before it stored. Its score read matches the full history's
  # when the read covers the window's rows alone.
  if [ -z "${FROM:-}${TO:-}" ]; then
    "$SCRATCH/release/history-bench" --fixtures "$FIXTURES" --database "$db" --from 865 --to 895 | grep "score read"
  fi
done
