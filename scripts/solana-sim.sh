# Simulators for the benchmark scripts; source it, set SIM to the solana-sim binary, and call simulators_stop on exit.
#   start_simulator ARGS...   starts `solana-sim --port 0 --slot-time-ms 0 ARGS...` and prints its URL
# The pids go to a file: start_simulator runs in a command substitution (a subshell), where appending to an array would
# not reach the calling shell and the simulators would outlive the script.
SIMULATOR_PIDS=$(mktemp)

simulators_stop() {
  while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$SIMULATOR_PIDS"
  rm -f "$SIMULATOR_PIDS"
}

start_simulator() {
  local log; log=$(mktemp)
  "$SIM" --port 0 --slot-time-ms 0 "$@" >"$log" 2>&1 &
  echo $! >>"$SIMULATOR_PIDS"
  local url=""
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || { echo "solana-sim did not start: $(cat "$log")" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
  echo "$url"
}
