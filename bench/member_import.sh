#!/usr/bin/env bash
# The membership import (docs/legacy-import.md, docs/customers.md "How records arrive") of MEMBERS
# members through the real command `jangteo import members`, which runs both phases: the rows into
# customers_members, then each member a customer record with its relationship and legacy points. For
# each backend, on a fresh database (`jangteo migrate`, then `legacy_gen` for a merchant):
#   1. a generated file of MEMBERS members, each with a distinct mobile number and e-mail, two thirds
#      with legacy points (awk, deterministic);
#   2. the import, then the same file again (nothing to do), then the file with one member's points
#      changed (reported, left as it was), each timed (wall clock, user and system CPU).
# The binaries are copied first, so a build while it runs does not change what is measured. Writes
# the figures with the date and the machine to bench/results/member-import-<date>.txt and prints them.
#
# usage: bench/member_import.sh      BACKEND=both|sqlite|postgres MEMBERS=100000
set -euo pipefail
cd "$(dirname "$0")/.."
backend_choice="${BACKEND:-both}"
members="${MEMBERS:-100000}"
case "$backend_choice" in
both) backends="sqlite postgres" ;;
sqlite | postgres) backends="$backend_choice" ;;
*) echo "member_import.sh: BACKEND must be sqlite, postgres or both" >&2; exit 2 ;;
esac
for tool in awk $([[ " $backends " == *" postgres "* ]] && echo psql); do
    command -v "$tool" >/dev/null || { echo "member_import.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
nice -n 10 scripts/build.sh release jangteo legacy_gen >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-member-bench.XXXXXX")
pg_dir=""
cleanup() {
    set +e
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
    echo "member_import.sh: $*" >&2
    exit 1
}
cp build/release/jangteo build/release/bench/legacy_gen "$work/"
jangteo="$work/jangteo"
gen="$work/legacy_gen"
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

# Member i: a Korean name from a few family and given names, 010-<4 digits>-<4 digits> unique per i,
# an e-mail, and legacy points for two members in three.
awk -v n="$members" 'BEGIN {
    split("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 전", fam, " ");
    split("민준 서연 도윤 서윤 시우 지우 하준 하은 주원 지호 지유 준서 수아 예준 채원 건우 지민 현우 다은 우진", giv, " ");
    print "card_no,name,phone,email,points";
    for (i = 1; i <= n; i++) {
        printf "M%07d,%s%s,010-%04d-%04d,m%d@example.kr,%d\n", i, fam[(i % 20) + 1], giv[(int(i / 20) % 20) + 1],
            2000 + int(i / 10000), i % 10000, i, (i % 3 == 0) ? 0 : (i % 997) * 10 + 10;
    }
}' >"$work/members.csv"
# The same file with one member's points changed.
awk -F, -v OFS=, 'NR == 2 { $5 = $5 + 1 } { print }' "$work/members.csv" >"$work/changed.csv"

timed_import() {
    local label="$1" file="$2"
    local TIMEFORMAT='%R %U %S' status=0
    { time timeout 900 "$jangteo" import members --db "$db_url" --merchant "$merchant" "$file" >"$work/out" 2>"$work/err"; } 2>"$work/times" || status=$?
    [ "$status" -eq 0 ] || die "$label failed (exit $status): $(tail -3 "$work/err") $(tail -3 "$work/out")"
    read -r wall user sys <"$work/times"
    {
        printf '  %-28s wall %s s, user %s s, sys %s s; %s problems reported\n' "$label:" "$wall" "$user" "$sys" \
            "$(grep -c '^line ' "$work/err" || true)"
        sed -e "s|$work/||g" -e 's/^/      /' "$work/out"
    } >>"$work/$backend.txt"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for backend in $backends; do
    : >"$work/$backend.txt"
    fresh_db "$backend" member_bench
    read -r merchant location receipts < <(timeout 600 "$gen" --database "$db_url" --lines 10 --out "$work/sales.csv") ||
        die "legacy_gen failed ($backend)"
    echo "  file: $members members, $(du -m "$work/members.csv" | cut -f1) MB" >>"$work/$backend.txt"
    timed_import "import" "$work/members.csv"
    timed_import "the same file again" "$work/members.csv"
    timed_import "again, one member changed" "$work/changed.csv"
done

results="bench/results/member-import-$(date -u +%Y-%m-%d).txt"
{
    echo "Membership import (bench/member_import.sh): MEMBERS=$members BACKEND=$backend_choice"
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
