#!/usr/bin/env bash
# Load benchmark of the server on both backends, with wrk over loopback:
#   - the ceiling: GET /healthz (no store work);
#   - a JSON endpoint that reads one row from the store: GET /api/v1/operator;
#   - an authenticated page load: GET /api/v1/me with a session cookie (the access policy resolves
#     the session, then the user, operator-admin flag and memberships are read).
# Writes requests/s, p50 and p99 latency and the server's peak RSS, with the date and the machine,
# to bench/results/load-<date>.txt and prints it. Bounded: each run lasts DURATION seconds.
#
# Each figure is the median of REPEAT runs (the run with the median requests/s, and its latencies).
#
# usage: bench/load.sh            (DURATION=10 CONNECTIONS=64 REPEAT=3 THREADS= for the server's --threads)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${DURATION:-10}"
connections="${CONNECTIONS:-64}"
server_threads="${THREADS:-0}"
repeat="${REPEAT:-3}"

scripts/setup.sh >/dev/null
scripts/build.sh release jangteo >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-bench.XXXXXX")
pg_dir=""
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT

eval "$(scripts/pg.sh start)"
pg_dir="$JANGTEO_PG_DIR"

results="bench/results/load-$(date -u +%Y-%m-%d).txt"
{
    echo "# jangteo load benchmark"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "kernel:      $(uname -sr)"
    echo "version:     $(./build/release/jangteo version) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo "load:        wrk 1 thread, $connections connections, ${duration} s per run, median of $repeat runs, keep-alive, loopback"
    echo "server:      --threads ${server_threads} (0 = one per core), access log on (JSON to a file)"
    echo
    printf "%-9s %-18s %12s %10s %10s %14s\n" backend endpoint "requests/s" "p50 ms" "p99 ms" "peak RSS MiB"
} >"$work/results"

run_backend() {
    local backend="$1" db="$2"
    ./build/release/jangteo serve --db "$db" --listen 127.0.0.1:0 --threads "$server_threads" \
        --web-root "$work/web" --log-format json >"$work/$backend.log" 2>&1 &
    server_pid=$!
    local port=""
    for _ in $(seq 1 200); do
        port=$(grep -o '"event":"listening".*"port":[0-9]*' "$work/$backend.log" | grep -o '"port":[0-9]*' | cut -d: -f2 || true)
        [ -n "$port" ] && break
        sleep 0.05
    done
    if [ -z "$port" ]; then
        cat "$work/$backend.log" >&2
        exit 1
    fi
    # A signed-up user's session cookie for the authenticated endpoint.
    local cookie
    cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
        -d '{"email":"bench@example.kr","name":"부하 시험","password":"광안대교 야경이 멋진 밤 2026"}' \
        "http://127.0.0.1:$port/api/v1/users" | awk 'tolower($1) == "set-cookie:" {split($2, a, ";"); print a[1]}')
    if [ -z "$cookie" ]; then
        echo "could not sign up the benchmark user ($backend)" >&2
        exit 1
    fi
    for endpoint in /healthz /api/v1/operator /api/v1/me; do
        local headers=()
        if [ "$endpoint" = /api/v1/me ]; then headers=(-H "Cookie: $cookie"); fi
        wrk -t1 -c"$connections" -d2s "${headers[@]}" "http://127.0.0.1:$port$endpoint" >/dev/null  # warm-up
        local runs=()
        for i in $(seq 1 "$repeat"); do
            wrk -t1 -c"$connections" -d"${duration}s" --latency "${headers[@]}" "http://127.0.0.1:$port$endpoint" >"$work/wrk-$i.txt"
            if grep -q "Non-2xx" "$work/wrk-$i.txt"; then
                echo "non-2xx answers on $endpoint ($backend):" >&2
                cat "$work/wrk-$i.txt" >&2
                exit 1
            fi
            runs+=("$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$i.txt") $i")
        done
        local median rps p50 p99 rss
        median=$(printf '%s\n' "${runs[@]}" | sort -n | awk -v n="$repeat" 'NR == int((n + 1) / 2) {print $2}')
        rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$median.txt")
        p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$median.txt")
        p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$median.txt")
        rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$server_pid/status")
        printf "%-9s %-18s %12.0f %10s %10s %14s\n" "$backend" "$endpoint" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$rss" >>"$work/results"
    done
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

# wrk prints latencies as 512.00us, 1.23ms or 1.01s.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else print v }'
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$JANGTEO_TEST_PG_URL"

{
    echo
    awk 'NR > 1 && $2 == "/healthz" {c[$1] = $3} NR > 1 && $2 == "/api/v1/operator" {r[$1] = $3}
         END {for (b in r) if (c[b] > 0) printf "%s: store-reading endpoint at %.0f%% of the ceiling\n", b, 100 * r[b] / c[b]}' \
        "$work/results" | sort
} >>"$work/results"
cp "$work/results" "$results"
cat "$results"
echo "written to $results"
