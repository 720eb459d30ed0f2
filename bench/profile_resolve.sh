#!/usr/bin/env bash
# Person profiles in real time (docs/customers.md): bench/customers/profile_bench.cpp fills a fresh
# SQLite store with the records of PROFILES generated people in bulk, then resolves LOOKUPS further
# records one by one through ProfileService::RecordInTx, and prints p50/p90/p99 inside the
# transaction and with its commit. Writes the figures with the date and the machine to
# bench/results/profiles-<date>.txt. The work folder is removed at the end.
#
# usage: bench/profile_resolve.sh      PROFILES=100000 LOOKUPS=5000 SEED=1   (PROFILES=1000000: about 10 min)
set -euo pipefail
cd "$(dirname "$0")/.."
profiles="${PROFILES:-100000}"
lookups="${LOOKUPS:-5000}"
seed="${SEED:-1}"
nice -n 10 scripts/build.sh release profile_bench >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-profile-bench.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timeout 3600 ./build/release/bench/profile_bench --database "sqlite://$work/profiles.db" --profiles "$profiles" \
    --lookups "$lookups" --seed "$seed" >"$work/out.txt"
size=$(du -m "$work/profiles.db" | cut -f1)
results="bench/results/profiles-$(date -u +%Y-%m-%d)-$profiles.txt"
mkdir -p bench/results
{
    echo "Person profiles in real time (bench/profile_resolve.sh): PROFILES=$profiles LOOKUPS=$lookups SEED=$seed"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine shares its cores)"
    echo "target:      one record resolved in real time in <= 5 ms p99 against 1 million profiles"
    echo "store:       SQLite, synchronous=normal, $size MB"
    sed 's/^/  /' "$work/out.txt"
} >"$results"
cat "$results"
echo "written to $results"
