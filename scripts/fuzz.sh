#!/usr/bin/env bash
# Fuzzes the GraphQL request path (Fuzz/fuzz-graphql: JSON body, limits, parse, validation, variable coercion and
# execution on an empty database) with libFuzzer for a bounded time. Exits non-zero on a crash or a hang; the input
# that caused it is left in FINDINGS (default .build-fuzz/findings) to replay with `.build/debug/fuzz-graphql FILE`.
#   FUZZ_SECONDS=60 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BUDGET=${FUZZ_SECONDS:-60}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
FINDINGS=${FINDINGS:-$SCRATCH/findings}
swift build --product fuzz-graphql --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
CORPUS=$(mktemp -d)
trap 'rm -rf "$CORPUS"' EXIT
mkdir -p "$FINDINGS"
# -timeout: an input running longer than 5 s is a hang; -rss_limit_mb bounds memory; the seeds stay untouched.
"$SCRATCH/debug/fuzz-graphql" "$CORPUS" Fuzz/corpus/graphql -max_total_time="$SECONDS_BUDGET" -timeout=5 \
  -rss_limit_mb=4096 -max_len=8192 -artifact_prefix="$FINDINGS/" -print_final_stats=1 2>&1 | tail -n 25
echo "fuzz: no crash or hang in $SECONDS_BUDGET s"
