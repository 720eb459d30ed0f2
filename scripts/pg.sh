#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests and benchmarks: in a temporary folder, listening
# on a Unix socket in that folder only (no TCP port, nothing reachable from outside), fsync off.
# `start --durable` keeps every commit on disk instead (fsync, synchronous_commit and
# full_page_writes on, PostgreSQL's own defaults), for benchmarks that measure durable commits.
#
#   eval "$(scripts/pg.sh start)"     # exports JANGTEO_TEST_PG_URL and JANGTEO_PG_DIR
#   eval "$(scripts/pg.sh start --durable)"
#   scripts/pg.sh stop "$JANGTEO_PG_DIR"
set -euo pipefail

pgbin=/usr/lib/postgresql/15/bin

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

case "${1:-}" in
start)
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    case "${2:-}" in
    "") ;;
    --durable) durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on" ;;
    *) echo "usage: pg.sh start [--durable] | stop DIR" >&2; exit 2 ;;
    esac
    if [ ! -x "$pgbin/initdb" ]; then
        echo "pg.sh: PostgreSQL 15 is not installed (run scripts/setup.sh)" >&2
        exit 1
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-pg.XXXXXX")
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    as_owner "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -k $dir $durability -c max_connections=300" \
        >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    echo "export JANGTEO_PG_DIR='$dir'"
    echo "export JANGTEO_TEST_PG_URL='postgresql://postgres@/postgres?host=$dir'"
    ;;
stop)
    dir="${2:?usage: pg.sh stop DIR}"
    case "$dir" in
    "${TMPDIR:-/tmp}"/jangteo-pg.*) ;;
    *) echo "pg.sh: refusing to stop a cluster outside a jangteo-pg temp folder: $dir" >&2; exit 1 ;;
    esac
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf -- "$dir"
    ;;
*)
    echo "usage: pg.sh start [--durable] | stop DIR" >&2
    exit 2
    ;;
esac
