#!/usr/bin/env bash
# A/B of two ingest-bench binaries (e.g. before and after a change) in the same conditions: they run alternately
# (10k, 10k per binary, then 100k per binary, ROUNDS times, the binaries' order swapped every round) so a slow or fast
# spell of this shared machine falls on both;
# prints each phase's median per binary and size, and the 100,000 / 10,000 ratios.
#   bash scripts/bench-ingest-ab.sh OLD_BINARY NEW_BINARY [sqlite|postgres]
# Build a binary of a revision with: git worktree add /tmp/rev REV && swift build -c release --package-path /tmp/rev
#   --product ingest-bench (then use /tmp/rev/.build/release/ingest-bench). PostgreSQL needs SOLSTAKE_TEST_POSTGRES_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?old ingest-bench binary}
B=${2:?new ingest-bench binary}
DB=${3:-sqlite}
ROUNDS=${ROUNDS:-3}
SCRATCH=${SCRATCH_PATH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product solana-sim >/dev/null
SIM=$SCRATCH/release/solana-sim

source scripts/solana-sim.sh
trap simulators_stop EXIT
SMALL=$(start_simulator --validators 10000 --seed 1)
LARGE=$(start_simulator --validators 100000 --seed 1)

OUT=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  # A then B in odd rounds, B then A in even ones: a run's position (say, right after a 100,000 run) falls on both.
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for bin in $order; do
    exe=$A; [ "$bin" = B ] && exe=$B
    for _ in 1 2; do sync; echo "$bin 10k $("$exe" --rpc "$SMALL" --database "$DB")" >>"$OUT"; done
  done
  for bin in $order; do
    exe=$A; [ "$bin" = B ] && exe=$B
    sync  # the previous run's writes reach the disk before this run, not during it
    echo "$bin 100k $("$exe" --rpc "$LARGE" --database "$DB")" >>"$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = {}
patterns = [('rpc', r'rpc ([0-9.]+)'), ('build', r'build ([0-9.]+)'), ('write', r'build [0-9.]+ s, write ([0-9.]+)'),
            ('read', r'read ([0-9.]+)'), ('model', r'model ([0-9.]+)'), ('swrite', r'model [0-9.]+ s, write ([0-9.]+)'),
            ('cycle', r'cycle ([0-9.]+)'), ('rss', r'RSS ([0-9]+)')]
for line in open(sys.argv[1]):
    binary, size, rest = line.split(' ', 2)
    values = {}
    for key, pattern in patterns:
        match = re.search(pattern, rest)
        values[key] = float(match.group(1)) if match else float('nan')
    rows.setdefault((binary, size), []).append(values)
print(f"{'phase':8}{'A 10k':>10}{'B 10k':>10}{'A 100k':>10}{'B 100k':>10}{'ratio A':>9}{'ratio B':>9}")
for key, _ in patterns:
    m = {k: statistics.median(r[key] for r in v) for k, v in rows.items()}
    print(f"{key:8}" + "".join(f"{m[(b, s)]:10.3f}" for s in ('10k', '100k') for b in 'AB')
          + f"{m[('A', '100k')] / m[('A', '10k')]:9.2f}{m[('B', '100k')] / m[('B', '10k')]:9.2f}")
for key, values in sorted(rows.items()):
    print(key[0], key[1], 'cycles', [v['cycle'] for v in values])
PY
rm -f "$OUT"
