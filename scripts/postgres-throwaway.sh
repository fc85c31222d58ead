#!/usr/bin/env bash
# A throwaway PostgreSQL (initdb + pg_ctl) on a free port, with its data in a temporary directory.
#   source scripts/postgres-throwaway.sh
#   pg_throwaway_start   -> exports SOLSTAKE_TEST_POSTGRES_URL (and PG_THROWAWAY_DIR)
#   pg_throwaway_stop    -> stops the server and removes the directory
# initdb refuses to run as root: as root, the server runs as the `postgres` OS user.

pg_throwaway_bin_dir() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

pg_throwaway_as_owner() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

pg_throwaway_start() {
  PG_BIN=$(pg_throwaway_bin_dir) || { echo "PostgreSQL binaries not found (apt-get install postgresql)" >&2; return 1; }
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/solstake-pg.XXXXXX) || return 1
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()') || return 1
  if [ "$(id -u)" = "0" ]; then chown postgres "$PG_THROWAWAY_DIR" || return 1; fi
  # Password authentication over TCP (as in production: tests check what a wrong password does), trust on the socket.
  echo solstake >"$PG_THROWAWAY_DIR/password" && chmod 644 "$PG_THROWAWAY_DIR/password"
  pg_throwaway_as_owner "'$PG_BIN/initdb' -D '$PG_THROWAWAY_DIR/data' -U solstake --auth-local=trust --auth-host=scram-sha-256 --pwfile='$PG_THROWAWAY_DIR/password' -E UTF8 >'$PG_THROWAWAY_DIR/initdb.log' 2>&1" \
    || { cat "$PG_THROWAWAY_DIR/initdb.log" >&2; return 1; }
  pg_throwaway_as_owner "'$PG_BIN/pg_ctl' -D '$PG_THROWAWAY_DIR/data' -l '$PG_THROWAWAY_DIR/server.log' -w -t 60 -o \"-p $port -k '$PG_THROWAWAY_DIR' -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=1GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >/dev/null" \
    || { cat "$PG_THROWAWAY_DIR/server.log" >&2; return 1; }
  export PG_BIN PG_THROWAWAY_DIR
  export SOLSTAKE_TEST_POSTGRES_URL="postgres://solstake:solstake@127.0.0.1:$port/postgres"
  echo "throwaway PostgreSQL at $SOLSTAKE_TEST_POSTGRES_URL (data in $PG_THROWAWAY_DIR)"
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  pg_throwaway_as_owner "'$PG_BIN/pg_ctl' -D '$PG_THROWAWAY_DIR/data' -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PG_THROWAWAY_DIR"
  PG_THROWAWAY_DIR=""
}
