#!/usr/bin/env bash
# Fetch + score cycle benchmark: the real epoch-752 snapshot and synthetic 10,000 and 100,000 validators, on SQLite and
# (when SOLSTAKE_TEST_POSTGRES_URL is set, or START_POSTGRES=1) PostgreSQL. Release build; one process per run.
#   SOLSTAKE_MAINNET_FIXTURES=../shared/fixtures/mainnet bash scripts/bench-ingest.sh
# CURVE=1 adds 1,000 and 30,000 validators and prints the median cycle per validator at each size.
# The 10,000 and 100,000 runs alternate (10k, 100k, 10k, 100k, ...) so that a slower or faster spell of this shared
# machine falls on both sizes rather than on one; each size's median is over its own runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH_PATH:-.build}   # another scratch path (e.g. .build-release) keeps a debug build usable meanwhile
swift build -c release --scratch-path "$SCRATCH" --product solana-sim >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product ingest-bench >/dev/null
BIN=$SCRATCH/release
if [ "${START_POSTGRES:-0}" = 1 ] && [ -z "${SOLSTAKE_TEST_POSTGRES_URL:-}" ]; then
  source scripts/postgres-throwaway.sh
  pg_throwaway_start >/dev/null
fi

REPEAT=${REPEAT:-3}   # runs per case and database; the median cycle is reported (this machine is shared and noisy)
declare -A CYCLES
SIM=$BIN/solana-sim
source scripts/solana-sim.sh
trap 'simulators_stop; [ "${START_POSTGRES:-0}" = 1 ] && pg_throwaway_stop || true' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else if (NR) print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_once() {  # label, url, database: one run, its line printed and its cycle recorded
  # The previous run's writes (a 100,000 run leaves ~400 MB of PostgreSQL WAL, or its SQLite files, in the page cache)
  # reach the disk now, not during this run.
  sync
  local line; line=$("$BIN/ingest-bench" --rpc "$2" --database "$3" --label "$1")
  echo "$line"
  case "$line" in *skipped*) return 0 ;; esac
  CYCLES["$1/$3"]+="$(echo "$line" | sed -n 's/.*| cycle \([0-9.]*\) s.*/\1/p') "
}

alternate() {  # database, then label/url pairs: REPEAT rounds of one run of each pair in turn
  local db=$1; shift
  local pairs=("$@") i
  for _ in $(seq 1 "$REPEAT"); do
    for ((i = 0; i < ${#pairs[@]}; i += 2)); do run_once "${pairs[i]}" "${pairs[i + 1]}" "$db"; done
  done
}

report() {  # label, database
  local cycles=${CYCLES["$1/$2"]:-}
  [ -n "$cycles" ] || return 0
  echo "  => $1 on $2: median cycle $(printf '%s\n' $cycles | median) s over $(echo $cycles | wc -w) runs ($cycles)"
}

for db in sqlite postgres; do
  if [ -n "${SOLSTAKE_MAINNET_FIXTURES:-}" ]; then
    [ -n "${SNAPSHOT_URL:-}" ] || SNAPSHOT_URL=$(start_simulator --snapshot "$SOLSTAKE_MAINNET_FIXTURES")
    for _ in $(seq 1 "$REPEAT"); do run_once "epoch-752 snapshot" "$SNAPSHOT_URL" "$db"; done
    report "epoch-752 snapshot" "$db"
  fi
  [ -n "${SMALL_URL:-}" ] || SMALL_URL=$(start_simulator --validators 10000 --seed 1)
  [ -n "${LARGE_URL:-}" ] || LARGE_URL=$(start_simulator --validators 100000 --seed 1)
  alternate "$db" "synthetic 10,000" "$SMALL_URL" "synthetic 100,000" "$LARGE_URL"
  run_once "synthetic 10,000" "$SMALL_URL" "$db"   # every 100,000 run sits between two 10,000 runs
  report "synthetic 10,000" "$db"
  report "synthetic 100,000" "$db"
  if [ "${CURVE:-0}" = 1 ]; then
    # The cost per validator from 1,000 to 100,000: flat is linear scaling.
    [ -n "${TINY_URL:-}" ] || TINY_URL=$(start_simulator --validators 1000 --seed 1)
    [ -n "${MEDIUM_URL:-}" ] || MEDIUM_URL=$(start_simulator --validators 30000 --seed 1)
    alternate "$db" "synthetic 1,000" "$TINY_URL" "synthetic 30,000" "$MEDIUM_URL"
    curve=""
    for size in 1,000 10,000 30,000 100,000; do
      m=$(printf '%s\n' ${CYCLES["synthetic $size/$db"]:-} | median)
      [ -n "$m" ] && curve+="$(awk -v m="$m" -v n="${size//,/}" -v s="$size" 'BEGIN { printf "%s: %.0f us  ", s, m * 1e6 / n }')"
    done
    echo "$db: median cycle per validator: $curve"
  fi
done

for db in sqlite postgres; do
  small=$(printf '%s\n' ${CYCLES["synthetic 10,000/$db"]:-} | median)
  large=$(printf '%s\n' ${CYCLES["synthetic 100,000/$db"]:-} | median)
  if [ -n "$small" ] && [ -n "$large" ]; then
    awk -v s="$small" -v l="$large" -v d="$db" 'BEGIN { printf "%s: 100,000 / 10,000 validators = %.1f x (medians %.2f s / %.2f s; target <= 10 x)\n", d, l / s, l, s }'
    # The same ratio taken run by run: each 100,000 cycle over the mean of the 10,000 cycles just before and after it,
    # which cancels a slow or fast spell of the machine that lasts a few runs; the median over the runs.
    read -r -a smalls <<<"${CYCLES["synthetic 10,000/$db"]}"
    read -r -a larges <<<"${CYCLES["synthetic 100,000/$db"]}"
    pairs=""
    for i in "${!larges[@]}"; do
      [ -n "${smalls[$((i + 1))]:-}" ] || continue
      pairs+="$(awk -v a="${smalls[$i]}" -v l="${larges[$i]}" -v b="${smalls[$((i + 1))]}" 'BEGIN { printf "%.2f", 2 * l / (a + b) }') "
    done
    [ -n "$pairs" ] && echo "$db: run by run (each 100,000 cycle over its neighbouring 10,000 cycles): median $(printf '%s\n' $pairs | median) x ($pairs)"
  fi
done
