# Sourced by scripts/test.sh: start a throwaway PostgreSQL cluster on loopback for the storage
# tests (tests/store) and export DGS_TEST_POSTGRES_URL; it is stopped and removed when the shell exits.
#   - DGS_TEST_POSTGRES_URL already set: that server is used, nothing is started.
#   - DGS_NO_POSTGRES=1: nothing is started; the PostgreSQL variants of the tests skip.
#   - Needs root and Debian's postgresql package (scripts/system-deps.sh postgresql installs it);
#     otherwise the PostgreSQL variants skip with the reason printed here.

dgs_pg_skip() {
  echo "PostgreSQL storage tests will be skipped: $*" >&2
  return 0
}

dgs_pg_stop() {
  if [ -n "${DGS_PG_DIR:-}" ] && [ -d "$DGS_PG_DIR" ]; then
    su postgres -s /bin/sh -c "'$DGS_PG_BIN/pg_ctl' -D '$DGS_PG_DIR/data' -m immediate -w stop" >/dev/null 2>&1 || true
    rm -rf "$DGS_PG_DIR"
  fi
}

dgs_pg_start() {
  if [ -n "${DGS_TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL storage tests use DGS_TEST_POSTGRES_URL" >&2
    return 0
  fi
  [ "${DGS_NO_POSTGRES:-0}" = "1" ] && { dgs_pg_skip "DGS_NO_POSTGRES=1"; return 0; }
  [ "$(id -u)" -eq 0 ] || { dgs_pg_skip "not running as root (set DGS_TEST_POSTGRES_URL to use a server)"; return 0; }
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || { dgs_pg_skip "Debian's postgresql package is not installed"; return 0; }
  id postgres >/dev/null 2>&1 || { dgs_pg_skip "there is no postgres user"; return 0; }
  local port=54329
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  DGS_PG_DIR=$(mktemp -d /tmp/dgs-pg.XXXXXX)
  DGS_PG_BIN=$bin
  chown postgres:postgres "$DGS_PG_DIR"
  chmod 700 "$DGS_PG_DIR"
  trap dgs_pg_stop EXIT
  if ! su postgres -s /bin/sh -c "'$bin/initdb' -D '$DGS_PG_DIR/data' -U postgres -A trust -E UTF8 --no-locale --no-sync" \
       >"$DGS_PG_DIR/initdb.log" 2>&1; then
    cat "$DGS_PG_DIR/initdb.log" >&2
    dgs_pg_skip "initdb failed"; return 0
  fi
  # a test cluster: loopback only, no fsync (the tests kill clients, not the server)
  if ! su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$DGS_PG_DIR/data' -l '$DGS_PG_DIR/server.log' -w -t 60 \
       -o \"-k '$DGS_PG_DIR' -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=200\" start" >/dev/null 2>&1; then
    cat "$DGS_PG_DIR/server.log" >&2 || true
    dgs_pg_skip "the server did not start"; return 0
  fi
  if ! su postgres -s /bin/sh -c "'$bin/createdb' -h '$DGS_PG_DIR' -p $port -U postgres dgs_test" >/dev/null 2>&1; then
    dgs_pg_skip "createdb failed"; return 0
  fi
  export DGS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/dgs_test"
  echo "PostgreSQL $(basename "$(dirname "$bin")") for the storage tests on 127.0.0.1:$port" >&2
}

dgs_pg_start
