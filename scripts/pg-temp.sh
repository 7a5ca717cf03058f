#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server in a temporary directory on a private
# port and prints `export PG*=...` lines for the caller to eval.
# Usage: eval "$(scripts/pg-temp.sh start [PORT])"; scripts/pg-temp.sh stop DIR
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "pg-temp: PostgreSQL server binaries not found; install the Debian package 'postgresql'" >&2
  exit 1
fi

run_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    port=${2:-54329}
    dir=$(mktemp -d /tmp/spindle-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    run_as "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    # Tuned for a disposable test server: durability off, memory for 2 cores / 24 GiB.
    run_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_connections=200" \
      start >/dev/null
    echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres SPINDLE_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-temp.sh stop DIR}
    run_as "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-temp.sh start [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
