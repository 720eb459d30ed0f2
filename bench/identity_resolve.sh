#!/usr/bin/env bash
# Identity resolution (docs/identity.md) of RECORDS generated person records, through the real
# commands: `jangteo customers generate` (the default settings, seed SEED), `jangteo customers
# resolve`, `jangteo customers evaluate`; each timed (wall clock, user and system CPU, peak RSS).
# Then bench/identity/match_bench.cpp: one record matched in real time against an Index of RECORDS
# (p50/p99). Then bench/identity/pair_analysis.cpp on records of the same seed: the missed and false
# pairs by what the two records share and by the generator's cause, and the recall ceiling. Writes
# the figures with the date and the machine to bench/results/identity-<date>.txt and prints them.
# Bounded: every step has a time limit; the work folder is removed at the end.
#
# usage: bench/identity_resolve.sh      RECORDS=1000000 SEED=1 QUERIES=20000
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
seed="${SEED:-1}"
queries="${QUERIES:-20000}"
nice -n 10 scripts/build.sh release jangteo identity_match_bench identity_pair_analysis >/dev/null
jangteo=./build/release/jangteo
bench=./build/release/bench/identity_match_bench
analysis=./build/release/bench/identity_pair_analysis
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-identity-bench.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
    echo "identity_resolve.sh: $*" >&2
    exit 1
}

# Runs a command with a time limit; appends its output and its times to the results.
timed() {
    local label="$1"
    shift
    local status=0
    timeout 900 /usr/bin/time -f '%e %U %S %M' -o "$work/times" "$@" >"$work/out" 2>"$work/err" || status=$?
    [ "$status" -eq 0 ] || die "$label failed: $(tail -3 "$work/err")"
    read -r wall user sys rss <"$work/times"
    printf '  %-10s wall %s s, user %s s, sys %s s, peak RSS %s MiB\n' "$label:" "$wall" "$user" "$sys" \
        "$((rss / 1024))" >>"$work/results.txt"
    # The work folder's name says nothing about the figures.
    sed -e "s|$work/||g" -e 's/^/             /' "$work/out" >>"$work/results.txt"
}

command -v /usr/bin/time >/dev/null || die "/usr/bin/time is missing (apt-get install time)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/results.txt"
timed generate "$jangteo" customers generate --count "$records" --seed "$seed" --output "$work/records.csv" \
    --truth "$work/truth.csv"
echo "             file: $(du -m "$work/records.csv" | cut -f1) MB" >>"$work/results.txt"
timed resolve "$jangteo" customers resolve --input "$work/records.csv" --output "$work/clusters.csv" \
    --review "$work/review.csv"
timed evaluate "$jangteo" customers evaluate --truth "$work/truth.csv" --clusters "$work/clusters.csv"
timed match "$bench" --records "$records" --queries "$queries" --seed "$seed"
timed analysis "$analysis" --records "$records" --seed "$seed"

results="bench/results/identity-$(date -u +%Y-%m-%d).txt"
{
    echo "Identity resolution (bench/identity_resolve.sh): RECORDS=$records SEED=$seed QUERIES=$queries"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine shares its cores)"
    echo "targets:     F1 >= 0.97 with precision >= 0.99; resolve <= 60 s; match p99 <= 5 ms"
    cat "$work/results.txt"
} >"$work/final.txt"
mkdir -p bench/results
cp "$work/final.txt" "$results"
cat "$results"
echo "written to $results"
