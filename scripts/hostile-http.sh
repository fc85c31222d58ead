#!/usr/bin/env bash
# Hostile input against a real `solstake serve` (SQLite, no worker): every case of scripts/hostile_http.py, then a
# schemathesis GraphQL run of at least 500 generated queries, checking the server never answers 5xx or slower than 1 s
# and is still alive after each phase. Bounded in time (about 2 minutes); exits non-zero on any failure.
#   bash scripts/hostile-http.sh [PATH/TO/solstake]        (default: .build/debug/solstake)
set -euo pipefail
cd "$(dirname "$0")/.."
SOLSTAKE=${1:-.build/debug/solstake}
[ -x "$SOLSTAKE" ] || { echo "hostile-http: no solstake binary at $SOLSTAKE (swift build first)" >&2; exit 1; }
command -v schemathesis >/dev/null 2>&1 || { echo "hostile-http: schemathesis is not installed (python3 -m pip install schemathesis)" >&2; exit 1; }

HEADER_TIMEOUT=2
BODY_TIMEOUT=3
IDLE_TIMEOUT=3
WS_PER_CLIENT=8
RATE_PER_MINUTE=120
API_KEY=hostile-test-key-0123456789
WORK=$(mktemp -d)
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_server RATE_LIMIT: starts the server on a free port with the limits above; sets PORT and SERVER_PID.
start_server() {
  PORT=$(free_port)
  DATABASE_URL="sqlite://$WORK/hostile.sqlite" PORT=$PORT SOLANA_RPC_URL=http://127.0.0.1:9 LOG_LEVEL=warning \
    HTTP_HEADER_TIMEOUT_SECONDS=$HEADER_TIMEOUT HTTP_BODY_TIMEOUT_SECONDS=$BODY_TIMEOUT HTTP_IDLE_TIMEOUT_SECONDS=$IDLE_TIMEOUT \
    GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT=$WS_PER_CLIENT GRAPHQL_RATE_LIMIT_PER_MINUTE=$1 SOLSTAKE_API_KEYS="hostile:$API_KEY" \
    "$SOLSTAKE" serve --no-worker >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "hostile-http: the server did not start:" >&2
  cat "$WORK/serve.log" >&2
  exit 1
}

require_alive() {
  if ! kill -0 "$SERVER_PID" 2>/dev/null || ! curl -sf --max-time 1 "http://127.0.0.1:$PORT/health/live" >/dev/null; then
    echo "hostile-http: the server is not answering after $1:" >&2
    tail -n 50 "$WORK/serve.log" >&2
    exit 1
  fi
  echo "hostile-http: server alive after $1"
}

status=0
start_server "$RATE_PER_MINUTE"
python3 scripts/hostile_http.py "$PORT" "$HEADER_TIMEOUT" "$BODY_TIMEOUT" "$IDLE_TIMEOUT" "$WS_PER_CLIENT" "$RATE_PER_MINUTE" || status=1
require_alive "the hostile cases"
stop_server

# Schemathesis generates queries from the introspected schema (rate limiting off: it is not what is tested here).
start_server 0
REPORTS="$WORK/schemathesis"
schemathesis run "http://127.0.0.1:$PORT/graphql" --max-examples 50 --workers 1 --checks not_a_server_error \
  --max-response-time 1 --header "Authorization: Bearer $API_KEY" --report junit --report-dir "$REPORTS" \
  --seed 16 --no-color >"$WORK/schemathesis.log" 2>&1 || status=1
tail -n 25 "$WORK/schemathesis.log"
generated=$(python3 - "$REPORTS" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
total = 0
for path in glob.glob(sys.argv[1] + "/*.xml"):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        total += int(suite.get("tests", 0))
print(total)
EOF
)
cases=$(grep -oE '[0-9]+ generated' "$WORK/schemathesis.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
echo "hostile-http: schemathesis generated $cases queries ($generated operations in the report)"
if [ "${cases:-0}" -lt 500 ]; then echo "hostile-http: fewer than 500 generated queries" >&2; status=1; fi
require_alive "schemathesis"
exit $status
