#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test suite: unit, store, end-to-end and fuzz
# corpus replay under AddressSanitizer and UndefinedBehaviorSanitizer, on SQLite and on a
# throw-away PostgreSQL 15 server that this script starts (Unix socket only) and stops again, and
# the browser tests of the web app in Debian's Chromium against the sanitizer build. The release
# build is compiled too, so that optimised-only warnings fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/lint.sh

echo "== build (release)"
scripts/build.sh release
echo "== build (asan: AddressSanitizer + UndefinedBehaviorSanitizer)"
scripts/build.sh asan
echo "== build (web app)"
scripts/web.sh build

pg_dir=""
cleanup() {
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
}
trap cleanup EXIT

if pg_env=$(scripts/pg.sh start); then
    eval "$pg_env"
    pg_dir="$JANGTEO_PG_DIR"
    echo "== PostgreSQL 15 running for the tests (socket in $pg_dir)"
else
    unset JANGTEO_TEST_PG_URL
    if [ "${CI:-}" = "true" ]; then
        echo "== PostgreSQL could not be started, and CI requires it" >&2
        exit 1
    fi
    echo "== WARNING: PostgreSQL could not be started: the PostgreSQL cases will be SKIPPED" >&2
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
echo "== tests"
ctest --test-dir build/asan --output-on-failure -j2 --timeout 180
