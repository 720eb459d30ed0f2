#!/usr/bin/env bash
# How identity resolution's figures depend on the generator's mix (docs/identity.md): runs
# bench/identity/pair_analysis.cpp on RECORDS generated records (seed SEED) with the sole-holder rule
# on and off, for several shares of counter sales that give a name, of household members who give the
# household's number, and of reused numbers; prints one line per run (precision, recall, F1) and
# writes them to bench/results/identity-mix-<date>.txt. Bounded: each run has a time limit.
#
# usage: bench/identity_mix.sh      RECORDS=1000000 SEED=1
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
seed="${SEED:-1}"
nice -n 10 scripts/build.sh release identity_pair_analysis >/dev/null
analysis=./build/release/bench/identity_pair_analysis
out=$(mktemp "${TMPDIR:-/tmp}/jangteo-identity-mix.XXXXXX")
trap 'rm -f -- "$out"' EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="bench/results/identity-mix-$(date -u +%Y-%m-%d).txt"
mkdir -p bench/results
{
    echo "Identity resolution by generator mix (bench/identity_mix.sh): RECORDS=$records SEED=$seed"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    printf '%-6s %-6s %-6s %-5s  %s\n' name hhold reused sole "precision recall f1 (true, predicted, wrong pairs)"
} >"$results"
run() {
    local name="$1" household="$2" reused="$3" sole="$4"
    local flag=()
    [ "$sole" = on ] || flag=(--no-sole-holder)
    timeout 900 "$analysis" --records "$records" --seed "$seed" --counter-name-share "$name" \
        --household-phone-share "$household" --reused-number-share "$reused" "${flag[@]}" >"$out"
    printf '%-6s %-6s %-6s %-5s  %s\n' "$name" "$household" "$reused" "$sole" \
        "$(grep -m1 '^precision' "$out" | sed 's/  */ /g')" | tee -a "$results"
}
for sole in on off; do
    for name in 1.0 0.85 0.7 0.5; do run "$name" 0.3 0.02 "$sole"; done
    run 0.85 0.6 0.02 "$sole"
    run 0.85 0.3 0.05 "$sole"
done
echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after" >>"$results"
echo "written to $results"
