#!/usr/bin/env bash
# Identity resolution in batch over the store (docs/customers.md, "The batch"): profile_bench
# (bench/customers/profile_bench.cpp) fills a fresh SQLite store in bulk with the records of PROFILES
# generated people, each under its true person; then `jangteo customers batch --dry-run` and
# `jangteo customers batch` run on it through the real command, each timed (wall, CPU, peak RSS).
# On such a store the batch's merges are the engine's false links and its refusals the persons it
# would split (the generator's people it misses). Writes the figures with the date and the machine
# to bench/results/customers-batch-<date>-<PROFILES>.txt. Bounded by time limits; the work folder
# is removed at the end.
#
# usage: bench/customers_batch.sh      PROFILES=100000 SEED=1   (PROFILES=400000: about a million records)
set -euo pipefail
cd "$(dirname "$0")/.."
profiles="${PROFILES:-100000}"
seed="${SEED:-1}"
nice -n 10 scripts/build.sh release jangteo profile_bench >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-batch-bench.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
    echo "customers_batch.sh: $*" >&2
    exit 1
}
command -v /usr/bin/time >/dev/null || die "/usr/bin/time is missing (apt-get install time)"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/results.txt"
timed() {
    local label="$1"
    shift
    local status=0
    timeout 1800 /usr/bin/time -f '%e %U %S %M' -o "$work/times" "$@" >"$work/out" 2>"$work/err" || status=$?
    [ "$status" -eq 0 ] || die "$label failed: $(tail -3 "$work/err")"
    read -r wall user sys rss <"$work/times"
    printf '  %-9s wall %s s, user %s s, sys %s s, peak RSS %s MiB\n' "$label:" "$wall" "$user" "$sys" \
        "$((rss / 1024))" >>"$work/results.txt"
    sed -e "s|$work/||g" -e 's/^/             /' "$work/out" | tail -4 >>"$work/results.txt"
}
db="sqlite://$work/profiles.db"
timed fill ./build/release/bench/profile_bench --database "$db" --profiles "$profiles" --lookups 10 --seed "$seed"
echo "             store: $(du -m "$work/profiles.db" | cut -f1) MB" >>"$work/results.txt"
timed dry-run ./build/release/jangteo customers batch --db "$db" --dry-run
timed batch ./build/release/jangteo customers batch --db "$db"
timed again ./build/release/jangteo customers batch --db "$db"

results="bench/results/customers-batch-$(date -u +%Y-%m-%d)-$profiles.txt"
mkdir -p bench/results
{
    echo "Identity resolution in batch over the store (bench/customers_batch.sh): PROFILES=$profiles SEED=$seed"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine shares its cores)"
    cat "$work/results.txt"
} >"$results"
cat "$results"
echo "written to $results"
