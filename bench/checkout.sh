#!/usr/bin/env bash
# The checkout under load, on SQLite and on PostgreSQL with durable commits, beside the store's own
# ceiling of durable commits/s on this disk, measured by the same benchmark binary
# (build/release/bench/checkout_bench). For each backend:
#   1. a fresh database: `jangteo migrate`, then `checkout_bench seed` (through the services): 20
#      merchants with a product of 3 variants and a large stock, CUSTOMERS customers each with a
#      cart of 1–3 lines from 1–2 merchants and a fresh session;
#   2. the ceiling: `checkout_bench ceiling` on a fresh database of the same backend, single-row
#      INSERT transactions through store::Db::Write with the server's store settings, at 1 and at
#      CONNECTIONS threads;
#   3. `jangteo serve` on 127.0.0.1 (a free port) and `checkout_bench run`: CONNECTIONS keep-alive
#      clients each POST /api/v1/checkouts once per customer (bank transfer, delivery) for
#      DURATION seconds after WARMUP seconds; then /metrics' store figures and what the store holds;
#   4. the ceiling again, because the disk's flush time moves with other work on the machine: the
#      ratio takes the mean of the two.
# Durable commits: SQLite in WAL mode with synchronous=FULL (the server's default); PostgreSQL
# started by `scripts/pg.sh start --durable` (fsync=on, synchronous_commit=on, full_page_writes=on).
# Seeding alone skips durability (SQLite synchronous=NORMAL; PostgreSQL synchronous_commit=off for
# the seeding connection), as it is not measured.
# Writes the figures with the date, the machine and the settings to
# bench/results/checkout-<date>.txt and prints them. Bounded: every step has a time limit, the load
# goes to 127.0.0.1 only, and everything started here is stopped by its pid at the end.
#
# usage: bench/checkout.sh
#   BACKEND=both|sqlite|postgres CUSTOMERS=20000 MERCHANTS=20 CONNECTIONS=16 DURATION=20 WARMUP=2
#   CEILING_SECONDS=5 THREADS=0 (the server's --threads) POOL=0 (the server's --db-pool-size)
#   quick: CUSTOMERS=5000 DURATION=5 CEILING_SECONDS=2 bench/checkout.sh
set -euo pipefail
cd "$(dirname "$0")/.."
backend_choice="${BACKEND:-both}"
customers="${CUSTOMERS:-20000}"
merchants="${MERCHANTS:-20}"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-20}"
warmup="${WARMUP:-2}"
ceiling_seconds="${CEILING_SECONDS:-5}"
server_threads="${THREADS:-0}"
# The server's --db-pool-size: its handler threads are as many, and with SQLite's group commit more
# handlers waiting together commit together (0: the server's default, 2 × threads, at least 4).
server_pool="${POOL:-0}"
case "$backend_choice" in
both) backends="sqlite postgres" ;;
sqlite | postgres) backends="$backend_choice" ;;
*) echo "checkout.sh: BACKEND must be sqlite, postgres or both" >&2; exit 2 ;;
esac
command_line="BACKEND=$backend_choice CUSTOMERS=$customers MERCHANTS=$merchants CONNECTIONS=$connections"
command_line+=" DURATION=$duration WARMUP=$warmup CEILING_SECONDS=$ceiling_seconds THREADS=$server_threads POOL=$server_pool bench/checkout.sh"

for tool in curl awk $([[ " $backends " == *" postgres "* ]] && echo psql); do
    command -v "$tool" >/dev/null || { echo "checkout.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
nice -n 10 scripts/build.sh release jangteo checkout_bench >/dev/null

bench=./build/release/bench/checkout_bench
work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-checkout-bench.XXXXXX")
pg_dir=""
server_pid=""
stop_server() {
    if [ -z "$server_pid" ]; then return; fi
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
cleanup() {
    set +e  # every step, whatever failed before
    stop_server
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "checkout.sh: $*" >&2
    exit 1
}

if [[ " $backends " == *" postgres "* ]]; then
    eval "$(scripts/pg.sh start --durable)"
    pg_dir="$JANGTEO_PG_DIR"
fi

# A fresh database named $2 on backend $1: sets db_url (the server's) and seed_url (the seeding's).
fresh_db() {
    local backend="$1" name="$2"
    if [ "$backend" = sqlite ]; then
        rm -f -- "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm"
        db_url="sqlite://$work/$name.db"
        seed_url="$db_url"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JANGTEO_TEST_PG_URL" \
            -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
        db_url="postgresql://postgres@/$name?host=$pg_dir"
        seed_url="$db_url&options=-csynchronous_commit%3Doff"
    fi
}

# checkout_bench ceiling on a fresh database: sets ceiling_1 and ceiling_n (commits/s).
measure_ceiling() {
    local backend="$1" label="$2" out="$work/ceiling-$1-$2.txt"
    fresh_db "$backend" ceiling_bench
    timeout $((ceiling_seconds * 4 + 60)) "$bench" ceiling --database "$db_url" --threads "1,$connections" \
        --seconds "$ceiling_seconds" >"$out" 2>&1 || { cat "$out" >&2; die "ceiling failed ($backend)"; }
    ceiling_1=$(awk '/^RESULT threads=1 / { sub(/.*commits_per_s=/, ""); print $1 }' "$out")
    ceiling_n=$(awk -v t="$connections" '$1 == "RESULT" && $2 == "threads=" t { sub(/.*commits_per_s=/, ""); print $1 }' "$out")
    sed -n '/^threads/p' "$out" | sed "s/^/  $label: /" >>"$work/ceiling-$backend.txt"
    if [ "$backend" = sqlite ]; then
        rm -f -- "$work/ceiling_bench.db" "$work/ceiling_bench.db-wal" "$work/ceiling_bench.db-shm"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -X -q "$JANGTEO_TEST_PG_URL" \
            -c "DROP DATABASE IF EXISTS ceiling_bench WITH (FORCE)" >/dev/null
    fi
}

start_server() {
    local log="$1" port="" code
    mkdir -p "$work/web" "$work/mail"
    ./build/release/jangteo serve --db "$db_url" --listen 127.0.0.1:0 --threads "$server_threads" \
        --db-pool-size "$server_pool" \
        --web-root "$work/web" --mail-dir "$work/mail" --log-format json >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        port=$(grep -o '"event":"listening".*"port":[0-9]*' "$log" | grep -o '"port":[0-9]*' | cut -d: -f2 || true)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "the server stopped"; }
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$log" >&2; die "the server does not listen"; }
    server_port="$port"
    for _ in $(seq 1 600); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/readyz" || true)
        [ "$code" = 200 ] && return
        sleep 0.1
    done
    tail -n 20 "$log" >&2
    die "the server is not ready"
}

# A /metrics figure of the running server.
metric() {
    curl -s --max-time 5 "http://127.0.0.1:$server_port/metrics" </dev/null | awk -v m="$1" '$1 == m { print $2 }'
}

results="bench/results/checkout-$(date -u +%Y-%m-%d).txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/table"
: >"$work/details"

for backend in $backends; do
    : >"$work/ceiling-$backend.txt"
    fresh_db "$backend" checkout_bench
    timeout 300 ./build/release/jangteo migrate --db "$db_url" >"$work/migrate.log" 2>&1 ||
        { cat "$work/migrate.log" >&2; die "migrate failed ($backend)"; }
    echo "checkout.sh: $backend: seeding $customers customers" >&2
    timeout 1800 "$bench" seed --database "$seed_url" --customers "$customers" --merchants "$merchants" \
        --out "$work/customers-$backend.tsv" 2>"$work/seed-$backend.log" ||
        { cat "$work/seed-$backend.log" >&2; die "seed failed ($backend)"; }
    seeded_db_url="$db_url"

    measure_ceiling "$backend" before
    before_1="$ceiling_1" before_n="$ceiling_n"

    db_url="$seeded_db_url"
    start_server "$work/serve-$backend.log"
    retries_0=$(metric store_tx_retries_total)
    timeouts_0=$(metric store_pool_timeouts_total)
    echo "checkout.sh: $backend: $connections connections for ${warmup} + ${duration} s" >&2
    timeout $((duration + warmup + 120)) "$bench" run --port "$server_port" --customers "$work/customers-$backend.tsv" \
        --connections "$connections" --seconds "$duration" --warmup "$warmup" --key-prefix "bench-$backend" \
        >"$work/run-$backend.txt" 2>&1 || { cat "$work/run-$backend.txt" >&2; die "run failed ($backend)"; }
    retries=$(($(metric store_tx_retries_total) - retries_0))
    timeouts=$(($(metric store_pool_timeouts_total) - timeouts_0))
    sleep 2  # the outbox sends the last mails
    stop_server
    "$bench" count --database "$seeded_db_url" >"$work/count-$backend.txt" 2>&1 || true

    measure_ceiling "$backend" after
    after_1="$ceiling_1" after_n="$ceiling_n"

    result=$(grep '^RESULT' "$work/run-$backend.txt")
    field() { printf '%s\n' "$result" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
    rate=$(field orders_per_s)
    orders_per_checkout=$(awk '$1 == "checkouts" { c = $2 } $1 == "orders" { o = $2 } END { if (c > 0) printf "%.2f", o / c; else print 0 }' \
        "$work/count-$backend.txt")
    read -r c1 cn ratio_n ratio_1 < <(awk -v r="$rate" -v b1="$before_1" -v a1="$after_1" -v bn="$before_n" -v an="$after_n" \
        'BEGIN { c1 = (b1 + a1) / 2; cn = (bn + an) / 2; printf "%.0f %.0f %.0f %.0f\n", c1, cn, (cn > 0 ? 100 * r / cn : 0), (c1 > 0 ? 100 * r / c1 : 0) }')
    printf "%-9s %10s %9s %8s %8s %8s %8s %8s %12s %12s %8s %8s\n" "$backend" "$rate" \
        "$(awk -v r="$rate" -v k="$orders_per_checkout" 'BEGIN { printf "%.0f", r * k }')" \
        "$(field p50_ms)" "$(field p90_ms)" "$(field p99_ms)" "$(field max_ms)" "$(field other)" \
        "$c1" "$cn" "$ratio_1%" "$ratio_n%" >>"$work/table"
    {
        echo "### $backend"
        grep -v '^RESULT' "$work/run-$backend.txt"
        echo "store: $retries transactions retried, $timeouts waits for a connection or the writer timed out"
        echo "ceiling, durable single-row commits/s (before and after the run):"
        cat "$work/ceiling-$backend.txt"
        echo "the store after the run (orders per checkout: $orders_per_checkout):"
        sed 's/^/  /' "$work/count-$backend.txt"
        echo "seeding:"
        sed 's/^checkout_bench: /  /' "$work/seed-$backend.log"
        echo
    } >>"$work/details"
    if [ "$backend" = postgres ]; then
        PGOPTIONS="-c client_min_messages=warning" psql -X -q "$JANGTEO_TEST_PG_URL" \
            -c "DROP DATABASE IF EXISTS checkout_bench WITH (FORCE)" >/dev/null
    else
        rm -f -- "$work/checkout_bench.db" "$work/checkout_bench.db-wal" "$work/checkout_bench.db-shm"
    fi
done

pg_settings=""
if [ -n "$pg_dir" ]; then
    pg_settings=$(psql -X -A -t "$JANGTEO_TEST_PG_URL" -c \
        "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay')")
fi
{
    echo "# jangteo checkout benchmark (bench/checkout.sh)"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "disk:        $(df -T "$work" | awk 'NR == 2 { print $2 " on " $1 }') (the databases' folder)"
    echo "kernel:      $(uname -sr)"
    echo "version:     $(./build/release/jangteo version) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes'))"
    echo "command:     $command_line"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (1, 5, 15 min; other work on the machine shares its cores and disk)"
    echo "durability:  SQLite WAL, synchronous=FULL (fsync at every commit)"
    if [ -n "$pg_settings" ]; then echo "             PostgreSQL 15: $pg_settings"; fi
    echo "load:        $connections keep-alive connections on 127.0.0.1, one POST /api/v1/checkouts per customer (bank"
    echo "             transfer, delivery), ${warmup} s warm-up then ${duration} s; $customers customers, carts of 1-3 lines from 1-2 of $merchants merchants"
    echo "server:      jangteo serve --threads $server_threads (0 = one per core), store pool as default, access log on (JSON to a file)"
    echo
    echo "## Checkout and ceiling (201/s = checkouts/s; orders/s counts one order per merchant of a checkout)"
    echo "## ceiling: durable single-row INSERT commits/s through store::Db, mean of before and after the run"
    printf "%-9s %10s %9s %8s %8s %8s %8s %8s %12s %12s %8s %8s\n" backend "201/s" "orders/s" "p50 ms" "p90 ms" \
        "p99 ms" "max ms" "non-201" "ceiling 1T" "ceiling ${connections}T" "% of 1T" "% of ${connections}T"
    cat "$work/table"
    echo
    echo "## Targets (issue 5): >= 1,000 orders/s on SQLite and >= 50% of the measured ceiling"
    awk -v c="$connections" '{ r = $2; pct = $12; sub(/%/, "", pct); pct += 0;
        rate = $1 == "sqlite" ? sprintf("201/s %6s %s 1,000 (%s)", r, (r >= 1000 ? ">=" : "<"), (r >= 1000 ? "met" : "MISSED")) \
                              : sprintf("201/s %6s (no rate target)", r);
        printf "%-9s %s;  %s%% of the %s-thread ceiling %s 50%% (%s)\n", $1, rate, pct, c, (pct >= 50 ? ">=" : "<"),
            (pct >= 50 ? "met" : "MISSED") }' "$work/table"
    echo
    echo "## Details"
    cat "$work/details"
} >"$work/results"
mkdir -p bench/results
cp "$work/results" "$results"
cat "$results"
echo "written to $results"
