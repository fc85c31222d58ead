#!/usr/bin/env bash
# Regenerates docs/backtest/ from the real history file: imports it into a throwaway SQLite database, then runs
# `solstake backtest` over the tuning epochs (703-800, where model v2 was chosen) and the held-out ones (801-885).
# Usage: scripts/backtest-report.sh   (reads $SOLSTAKE_MAINNET_FIXTURES, default ../shared/fixtures/mainnet)
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures="${SOLSTAKE_MAINNET_FIXTURES:-../shared/fixtures/mainnet}"
file="$fixtures/marinade_sam_per_epoch_validator_history_e652-e895.json.gz"
[ -f "$file" ] || { echo "history file not found: $file (set SOLSTAKE_MAINNET_FIXTURES)" >&2; exit 1; }
swift build -c release --product solstake --scratch-path .build-release
bin=.build-release/release/solstake
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/backtest.sqlite"
"$bin" import history "$file"
"$bin" backtest --from 703 --to 800 --out docs/backtest/tuning
"$bin" backtest --from 801 --to 885 --out docs/backtest/held-out
