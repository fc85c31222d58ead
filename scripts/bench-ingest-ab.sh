#!/usr/bin/env bash
# A/B of two ingest-bench binaries (e.g. before and after a change) in the same conditions: the real epoch-752 snapshot
# (when SOLSTAKE_MAINNET_FIXTURES is set) and 10,000 synthetic validators, the binaries alternating run by run, their
# order swapped every round, so a slow or fast spell of this shared machine falls on both. Prints each phase's median
# per binary and case and the ratio B / A; then one 100,000-validator cycle per binary (it must complete).
#   bash scripts/bench-ingest-ab.sh OLD_BINARY NEW_BINARY [sqlite|postgres]
# Build a binary of a revision with: git worktree add /tmp/rev REV && swift build -c release --package-path /tmp/rev
#   --product ingest-bench (then use /tmp/rev/.build/release/ingest-bench). PostgreSQL needs SOLSTAKE_TEST_POSTGRES_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?old ingest-bench binary}
B=${2:?new ingest-bench binary}
DB=${3:-sqlite}
ROUNDS=${ROUNDS:-5}
LARGE=${LARGE:-1}
SCRATCH=${SCRATCH_PATH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product solana-sim >/dev/null
SIM=$SCRATCH/release/solana-sim

source scripts/solana-sim.sh
trap simulators_stop EXIT
CASES=()
if [ -n "${SOLSTAKE_MAINNET_FIXTURES:-}" ]; then CASES+=("epoch-752" "$(start_simulator --snapshot "$SOLSTAKE_MAINNET_FIXTURES")"); fi
CASES+=("10k" "$(start_simulator --validators 10000 --seed 1)")

OUT=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for ((i = 0; i < ${#CASES[@]}; i += 2)); do
    for bin in $order; do
      exe=$A; [ "$bin" = B ] && exe=$B
      sync  # the previous run's writes reach the disk before this run, not during it
      echo "$bin ${CASES[i]} $("$exe" --rpc "${CASES[i + 1]}" --database "$DB" | grep "| cycle")" >>"$OUT"
    done
  done
done
python3 - "$OUT" "$DB" <<'PY'
import re, statistics, sys
rows = {}
patterns = [('rpc', r'rpc ([0-9.]+)'), ('build', r'build ([0-9.]+)'), ('fetch write', r'build [0-9.]+ s, write ([0-9.]+)'),
            ('score read', r'read ([0-9.]+)'), ('model', r'model ([0-9.]+)'), ('score write', r'model [0-9.]+ s, write ([0-9.]+)'),
            ('cycle', r'cycle ([0-9.]+)'), ('peak RSS MB', r'RSS ([0-9]+)')]
for line in open(sys.argv[1]):
    binary, case, rest = line.split(' ', 2)
    rows.setdefault(case, {}).setdefault(binary, []).append(
        {k: float(m.group(1)) if (m := re.search(p, rest)) else float('nan') for k, p in patterns})
for case, by in rows.items():
    n = len(by['A'])
    print(f"{case} on {sys.argv[2]} (median of {n} runs each, s):")
    print(f"  {'phase':12}{'A':>9}{'B':>9}{'B / A':>8}")
    for key, _ in patterns:
        a, b = (statistics.median(r[key] for r in by[x]) for x in 'AB')
        print(f"  {key:12}{a:9.3f}{b:9.3f}{(b / a if a else float('nan')):8.2f}")
    print(f"  cycles A {[r['cycle'] for r in by['A']]}")
    print(f"  cycles B {[r['cycle'] for r in by['B']]}")
PY
rm -f "$OUT"
if [ "$LARGE" = 1 ]; then
  URL=$(start_simulator --validators 100000 --seed 1)
  for bin in A B; do
    exe=$A; [ "$bin" = B ] && exe=$B
    sync
    echo "100,000 validators, $bin: $("$exe" --rpc "$URL" --database "$DB" | sed -n 's/.*\(| cycle [0-9.]* s\).*\(peak RSS [0-9]* MB\).*/\1, \2/p')"
  done
fi
