#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server for the store tests and print its URL.
#
#   export WIRECODER_TEST_PG_URL=$(bash scripts/postgres-test-server.sh)
#   .venv/bin/pytest tests/test_store.py
#   bash scripts/postgres-test-server.sh stop      # stop it and delete its files
#
# The cluster lives in $WIRECODER_PG_DIR (default: /tmp/wirecoder-pg-test), listens
# on 127.0.0.1 only, on a free port, with trust authentication, and is tuned for speed
# (fsync off): test data only. Running it again while the server is up just prints the
# URL. Installs Debian's postgresql package when no server binaries are found (root).
# Only the URL goes to stdout; progress and errors go to stderr.
set -euo pipefail

DIR=${WIRECODER_PG_DIR:-/tmp/wirecoder-pg-test}
DB=${WIRECODER_PG_DB:-wirecoder_test}
SUPERUSER=postgres
DATA=$DIR/data
LOG=$DIR/server.log
PORT_FILE=$DIR/port

log() { echo "postgres-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  [ "$(id -u)" -eq 0 ] || die "no PostgreSQL server binaries; install the postgresql package"
  command -v apt-get >/dev/null || die "no PostgreSQL server binaries and no apt-get"
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends postgresql >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends postgresql >&2; } \
    || die "apt-get install postgresql failed"
  BINDIR=$(find_bindir) || die "postgresql installed but initdb/pg_ctl not found"
fi

# Run as the server's owner: PostgreSQL refuses to run as root.
if [ "$(id -u)" -eq 0 ]; then
  id "$SUPERUSER" >/dev/null 2>&1 \
    || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$SUPERUSER"
  OWNER=$SUPERUSER
  as_owner() {
    if command -v runuser >/dev/null; then runuser -u "$OWNER" -- "$@"
    else su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"; fi
  }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

pg() { as_owner "$BINDIR/$1" "${@:2}"; }

ready() { [ -n "${1:-}" ] && "$BINDIR/pg_isready" -h 127.0.0.1 -p "$1" -U "$SUPERUSER" -d postgres -q >/dev/null 2>&1; }

# PID of a live postmaster for $DATA, if any (a dead or zombie one does not count).
live_pid() {
  local pid state
  pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] || return 1
  state=$(awk '/^State:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && echo "$pid"
}

url() { echo "postgresql://$SUPERUSER@127.0.0.1:$1/$DB"; }

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local port
  for port in $(seq 54329 55329); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port found"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_db() {
  local port=$1 exists
  exists=$(pg psql -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres -XtAq \
    -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [ "$exists" != 1 ]; then
    pg createdb -h 127.0.0.1 -p "$port" -U "$SUPERUSER" "$DB"
  fi
}

if [ "${1:-start}" = stop ]; then
  if [ -n "$(live_pid || true)" ]; then pg pg_ctl -D "$DATA" -m immediate -w stop >&2 || true; fi
  rm -rf "$DIR"
  log "stopped; removed $DIR"
  exit 0
fi
[ "${1:-start}" = start ] || die "usage: $0 [start|stop]"

PORT=$(cat "$PORT_FILE" 2>/dev/null || true)
if [ -n "$(live_pid || true)" ]; then
  # Running (or still starting): wait for it rather than start a second server.
  for _ in $(seq 1 60); do
    if ready "$PORT"; then
      ensure_db "$PORT"
      url "$PORT"
      exit 0
    fi
    sleep 0.5
  done
  die "a server runs on $DATA but does not accept connections on port ${PORT:-?}; run: $0 stop"
fi
# Left over from a server that died (container restart, kill -9); its PID may live on
# as a zombie, which would make the new server think it is still running.
rm -f "$DATA/postmaster.pid" "$DIR"/.s.PGSQL.*

mkdir -p "$DIR"
chown "$OWNER" "$DIR" 2>/dev/null || true
chmod 700 "$DIR"
as_owner test -w "$DIR" || die "$OWNER cannot write to $DIR; set WIRECODER_PG_DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  log "initdb in $DATA ($BINDIR)"
  pg initdb -D "$DATA" -U "$SUPERUSER" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || pg initdb -D "$DATA" -U "$SUPERUSER" -A trust -E UTF8 --no-locale --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
fi

if [ -z "$PORT" ] || ! port_free "$PORT"; then
  PORT=$(free_port)
fi
echo "$PORT" >"$PORT_FILE"

log "starting on 127.0.0.1:$PORT (log: $LOG)"
pg pg_ctl -D "$DATA" -l "$LOG" -w -t 60 start -o "\
 -c listen_addresses=127.0.0.1 -p $PORT -k $DIR \
 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
 -c max_connections=100 -c shared_buffers=64MB" >&2 \
  || { tail -n 20 "$LOG" >&2 || true; die "pg_ctl start failed"; }

ensure_db "$PORT"
url "$PORT"
