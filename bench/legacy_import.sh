#!/usr/bin/env bash
# The legacy sales import (docs/legacy-import.md) of LINES sale lines, through the real command
# `jangteo import sales`, on SQLite and on PostgreSQL with durable commits. For each backend:
#   1. a fresh database: `jangteo migrate`, then `legacy_gen` (bench/import/legacy_gen.cpp): a merchant
#      with a shop and 1,000 variants, and a CSV of LINES lines (3 per receipt on average, a fifth with
#      codes the catalog does not know, receipts in time order as an old POS exports them, over the last two to three years);
#   2. the dry run, the import, and the same file imported again (everything skipped), each timed
#      (wall clock, and the process's user and system CPU);
#   3. a file with BAD_PERCENT % broken rows, imported into a fresh shop's database: the bad rows
#      reported, their receipts left out.
# Writes the figures with the date and the machine to bench/results/legacy-import-<date>.txt and
# prints them. Bounded: every step has a time limit; everything started here is stopped at the end.
#
# usage: bench/legacy_import.sh      BACKEND=both|sqlite|postgres LINES=1000000 BAD_PERCENT=10
set -euo pipefail
cd "$(dirname "$0")/.."
backend_choice="${BACKEND:-both}"
lines="${LINES:-1000000}"
bad_percent="${BAD_PERCENT:-10}"
case "$backend_choice" in
both) backends="sqlite postgres" ;;
sqlite | postgres) backends="$backend_choice" ;;
*) echo "legacy_import.sh: BACKEND must be sqlite, postgres or both" >&2; exit 2 ;;
esac
for tool in awk $([[ " $backends " == *" postgres "* ]] && echo psql); do
    command -v "$tool" >/dev/null || { echo "legacy_import.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
nice -n 10 scripts/build.sh release jangteo legacy_gen >/dev/null
jangteo=./build/release/jangteo
gen=./build/release/bench/legacy_gen
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-legacy-bench.XXXXXX")
pg_dir=""
cleanup() {
    set +e
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
    echo "legacy_import.sh: $*" >&2
    exit 1
}
if [[ " $backends " == *" postgres "* ]]; then
    eval "$(scripts/pg.sh start --durable)"
    pg_dir="$JANGTEO_PG_DIR"
fi

fresh_db() {
    local backend="$1" name="$2"
    if [ "$backend" = sqlite ]; then
        rm -f -- "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm"
        db_url="sqlite://$work/$name.db"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JANGTEO_TEST_PG_URL" \
            -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
        db_url="postgresql://postgres@/$name?host=$pg_dir"
    fi
    timeout 120 "$jangteo" migrate --db "$db_url" >/dev/null 2>&1 || die "migrate failed ($backend)"
}

# Runs `jangteo import sales` with the rest of the arguments and appends its summary and its times.
timed_import() {
    local label="$1"
    shift
    local TIMEFORMAT='%R %U %S' status=0
    { time timeout 600 "$jangteo" import sales --db "$db_url" "$@" >"$work/out" 2>"$work/err"; } 2>"$work/times" || status=$?
    [ "$status" -eq 0 ] || die "$label failed: $(tail -3 "$work/err")"
    read -r wall user sys <"$work/times"
    printf '  %-24s %s\n  %-24s wall %s s, user %s s, sys %s s; %s problems reported\n' "$label:" \
        "$(sed 's/^[^:]*: //' "$work/out")" "" "$wall" "$user" "$sys" "$(grep -c '^line ' "$work/err" || true)" \
        >>"$work/$backend.txt"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for backend in $backends; do
    : >"$work/$backend.txt"
    fresh_db "$backend" legacy_bench
    read -r merchant location receipts < <(timeout 600 "$gen" --database "$db_url" --lines "$lines" --out "$work/sales.csv") ||
        die "legacy_gen failed ($backend)"
    echo "  file: $lines lines, $receipts receipts, $(du -m "$work/sales.csv" | cut -f1) MB" >>"$work/$backend.txt"
    timed_import "dry run" --merchant "$merchant" --location "$location" --dry-run "$work/sales.csv"
    timed_import "import" --merchant "$merchant" --location "$location" "$work/sales.csv"
    timed_import "the same file again" --merchant "$merchant" --location "$location" "$work/sales.csv"
    fresh_db "$backend" legacy_bench
    read -r merchant location receipts < <(timeout 600 "$gen" --database "$db_url" --lines "$lines" \
        --bad-percent "$bad_percent" --cp949 --out "$work/bad.csv") || die "legacy_gen failed ($backend)"
    timed_import "$bad_percent% bad rows, CP949" --merchant "$merchant" --location "$location" "$work/bad.csv"
    rm -f -- "$work/sales.csv" "$work/bad.csv"
done

results="bench/results/legacy-import-$(date -u +%Y-%m-%d).txt"
{
    echo "Legacy sales import (bench/legacy_import.sh): LINES=$lines BAD_PERCENT=$bad_percent BACKEND=$backend_choice"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine shares its cores and disk)"
    for backend in $backends; do
        if [ "$backend" = sqlite ]; then echo "SQLite (WAL, synchronous=FULL):"; else echo "PostgreSQL (fsync=on, synchronous_commit=on):"; fi
        cat "$work/$backend.txt"
    done
} >"$work/results"
mkdir -p bench/results
cp "$work/results" "$results"
cat "$results"
echo "written to $results"
