#!/usr/bin/env bash
# HTTP benchmark of the portal's search and read paths, on SQLite and on a throw-away PostgreSQL
# (scripts/pg.sh), with wrk over loopback. For each backend:
#   a) search: a fresh database of PRODUCTS products (jangteo migrate, jangteo seed --demo, then
#      build/release/bench/catalog_gen, timed), then `jangteo serve`, which loads the catalog and
#      builds its search index in the background: the time from its start to /readyz answering 200,
#      and the load time it logs. Then a mixed set of GET /api/v1/search queries in turn (Korean
#      partial words, English with typos and prefixes, category, merchant, district and price
#      filters, the sorts, a facet-heavy page 2 of every product) at 1 and at CONNECTIONS
#      connections, DURATION seconds each; every query alone at 1 connection for PROBE seconds; the
#      server's VmRSS and VmHWM afterwards.
#   b) read paths: a fresh database of READ_PRODUCTS products: GET /api/v1/products/{id} over the
#      sampled products, and the category page GET /api/v1/search?category_id=…&sort=newest&limit=20
#      over every category holding products, each at CONNECTIONS connections for DURATION seconds.
# Writes the figures with the date, the machine and the command to bench/results/search-http-<date>.txt
# (search-http-<date>-<PRODUCTS>-<READ_PRODUCTS>.txt for other sizes) and prints them. Fails when
# any answer is not 2xx. Bounded: every step has a time limit, the load goes to 127.0.0.1 only, and
# whatever it started is stopped at the end.
#
# usage: bench/search.sh
#   PRODUCTS=1000000 READ_PRODUCTS=100000 DURATION=20 BACKENDS="sqlite postgres" CONNECTIONS=16
#   PROBE=1 (seconds per query alone; 0: skip) THREADS=0 (the server's --threads) SEED=20261123
#   quick: PRODUCTS=20000 READ_PRODUCTS=5000 DURATION=3 bench/search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
products="${PRODUCTS:-1000000}"
read_products="${READ_PRODUCTS:-100000}"
duration="${DURATION:-20}"
backends="${BACKENDS:-sqlite postgres}"
connections="${CONNECTIONS:-16}"
probe="${PROBE:-1}"
server_threads="${THREADS:-0}"
seed="${SEED:-20261123}"
ready_timeout="${READY_TIMEOUT:-900}"  # seconds for the catalog to load
gen_timeout="${GEN_TIMEOUT:-3600}"     # seconds for catalog_gen
command_line="PRODUCTS=$products READ_PRODUCTS=$read_products DURATION=$duration BACKENDS=\"$backends\""
command_line+=" CONNECTIONS=$connections PROBE=$probe THREADS=$server_threads SEED=$seed bench/search.sh"
for b in $backends; do
    case "$b" in
    sqlite | postgres) ;;
    *) echo "search.sh: unknown backend '$b' (sqlite, postgres)" >&2; exit 2 ;;
    esac
done

for tool in wrk curl awk $([[ " $backends " == *" postgres "* ]] && echo psql); do
    command -v "$tool" >/dev/null || { echo "search.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
scripts/build.sh release jangteo catalog_gen >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/jangteo-search-bench.XXXXXX")
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
    stop_server
    if [ -n "$pg_dir" ]; then scripts/pg.sh stop "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ " $backends " == *" postgres "* ]]; then
    eval "$(scripts/pg.sh start)"
    pg_dir="$JANGTEO_PG_DIR"
fi

die() {
    echo "search.sh: $*" >&2
    exit 1
}

# wrk prints latencies as 512.00us, 1.23ms or 1.01s.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else print v }'
}

# Pads $1 with spaces to $2 columns of a terminal (a Hangul syllable, 3 bytes of UTF-8, takes two).
pad() {
    local LC_ALL=C s="$1" ascii width
    ascii=$(printf '%s' "$s" | tr -d '\200-\377' | wc -c)
    width=$((ascii + (${#s} - ascii) * 2 / 3))
    printf '%s%*s' "$s" $(($2 > width ? $2 - width : 0)) ''
}

# Connections the server's store pool lent out since it started (/metrics).
store_acquired() {
    curl -s --max-time 5 "$base/metrics" </dev/null | awk '/^store_pool_acquired_total/ { print $2 }'
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Percent-encodes a query parameter value, byte by byte.
urlencode() {
    local LC_ALL=C s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
        [a-zA-Z0-9.~_-]) out+="$c" ;;
        *)
            printf -v c '%%%02X' "'$c"
            out+="${c: -3}"
            ;;
        esac
    done
    printf '%s' "$out"
}

# A fresh database named $2 on backend $1: sets db_url.
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
}

drop_db() {
    local backend="$1" name="$2"
    if [ "$backend" = sqlite ]; then
        rm -f -- "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -X -q "$JANGTEO_TEST_PG_URL" \
            -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
    fi
}

# migrate, seed --demo and catalog_gen of $3 products into db_url; sets gen_s. $4: the ids file.
load_catalog() {
    local backend="$1" name="$2" count="$3" ids="$4" t0 t1
    timeout 300 ./build/release/jangteo migrate --db "$db_url" >"$work/migrate.log" 2>&1 ||
        { cat "$work/migrate.log" >&2; die "migrate failed ($backend)"; }
    timeout 600 ./build/release/jangteo seed --demo --db "$db_url" >"$work/seed.log" 2>&1 ||
        { cat "$work/seed.log" >&2; die "seed --demo failed ($backend)"; }
    echo "search.sh: $backend: catalog_gen --products $count" >&2
    t0=$(date +%s.%N)
    timeout "$gen_timeout" ./build/release/bench/catalog_gen --database "$db_url" --products "$count" \
        --seed "$seed" --ids-out "$ids" >"$work/gen-$backend-$name.log" 2>"$work/gen-$backend-$name.err" ||
        { tail -n 20 "$work/gen-$backend-$name.err" >&2; die "catalog_gen failed ($backend)"; }
    t1=$(date +%s.%N)
    gen_s=$(elapsed "$t0" "$t1")
    cat "$work/gen-$backend-$name.log" >&2
}

# Starts `jangteo serve` on db_url and waits for /readyz 200: sets server_pid, base, ready_s,
# logged_s and logged_products.
start_server() {
    local log="$1" t0 t1 port="" code deadline
    mkdir -p "$work/web" "$work/media" "$work/mail"
    t0=$(date +%s.%N)
    ./build/release/jangteo serve --db "$db_url" --listen 127.0.0.1:0 --threads "$server_threads" \
        --web-root "$work/web" --media-dir "$work/media" --mail-dir "$work/mail" --log-format json >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
        port=$(grep -o '"event":"listening".*"port":[0-9]*' "$log" | grep -o '"port":[0-9]*' | cut -d: -f2 || true)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "the server stopped"; }
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$log" >&2; die "the server does not listen"; }
    base="http://127.0.0.1:$port"
    deadline=$(($(date +%s) + ready_timeout))
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/readyz" || true)
        [ "$code" = 200 ] && break
        kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "the server stopped while loading"; }
        [ "$(date +%s)" -lt "$deadline" ] || { tail -n 20 "$log" >&2; die "not ready after $ready_timeout s"; }
        sleep 0.1
    done
    t1=$(date +%s.%N)
    ready_s=$(elapsed "$t0" "$t1")
    local loaded
    loaded=$(grep -m1 '"event":"portal.loaded"' "$log" || true)
    logged_s=$(printf '%s' "$loaded" | grep -o '"seconds":[0-9.eE+-]*' | cut -d: -f2 || true)
    logged_s=$(awk -v v="${logged_s:-0}" 'BEGIN { printf "%.1f", v }')
    logged_products=$(printf '%s' "$loaded" | grep -o '"products":[0-9]*' | cut -d: -f2 || true)
}

# VmRSS and VmHWM of the server in MiB: sets rss_mib, hwm_mib.
server_memory() {
    rss_mib=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
    hwm_mib=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
}

# wrk over the paths of file $4 in turn: sets rps, p50, p99 (ms) and store_reads (store connections
# taken per request: 0 for a path served from memory alone). Fails on any answer that is not 2xx.
run_wrk() {
    local label="$1" conns="$2" seconds="$3" paths="$4" out="$work/wrk.txt" before after
    before=$(store_acquired)
    timeout $((seconds + 60)) wrk -t1 -c"$conns" -d"${seconds}s" --latency -s bench/search/paths.lua "$base" \
        -- "$paths" >"$out" 2>&1 </dev/null || { cat "$out" >&2; die "wrk failed: $label"; }
    if grep -q -e "Non-2xx" -e "Socket errors" "$out"; then
        cat "$out" >&2
        die "$label: not every answer was 2xx"
    fi
    after=$(store_acquired)
    store_reads=$(awk -v a="$before" -v b="$after" '/ requests in / { printf "%.2f", (b - a) / $1 }' "$out")
    rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
}

# The mixed query set, as "label<TAB>path" lines in $work/search.queries.
make_queries() {
    local ids="$1" tree config merchant district fallback
    tree=$(curl -s --max-time 10 "$base/api/v1/categories")
    config=$(curl -s --max-time 10 "$base/api/v1/portal/config")
    fallback=$(grep -m1 '^cat_' "$ids")
    category() {
        local id
        id=$(printf '%s' "$tree" | grep -o "\"id\":\"cat_[0-9a-z]*\",\"parent_id\":[^,]*,\"code\":\"$1\"" |
            grep -o 'cat_[0-9a-z]*' | head -n 1 || true)
        printf '%s' "${id:-$fallback}"
    }
    merchant=$(grep -m1 '^mrc_' "$ids")
    district=$(printf '%s' "$config" | grep -o '"districts":\[{"code":"[^"]*"' | grep -o '"[^"]*"$' | tr -d '"' || true)
    local fish fruit food beauty shoes
    fish=$(category food_seafood_fish)
    fruit=$(category food_agri_fruit)
    food=$(category food)
    beauty=$(category beauty)
    shoes=$(category fashion_shoes)
    q() { printf 'q=%s' "$(urlencode "$1")"; }
    {
        printf '%s\t%s\n' "q=고등어" "/api/v1/search?$(q 고등어)"
        printf '%s\t%s\n' "q=순살 고등어" "/api/v1/search?$(q '순살 고등어')"
        printf '%s\t%s\n' "q=감귤" "/api/v1/search?$(q 감귤)"
        printf '%s\t%s\n' "q=제주 감귤 price_asc" "/api/v1/search?$(q '제주 감귤')&sort=price_asc"
        printf '%s\t%s\n' "q=등산화 newest" "/api/v1/search?$(q 등산화)&sort=newest"
        printf '%s\t%s\n' "q=크림" "/api/v1/search?$(q 크림)"
        printf '%s\t%s\n' "q=명함 500매" "/api/v1/search?$(q '명함 500매')"
        printf '%s\t%s\n' "q=mackrel (typo)" "/api/v1/search?q=mackrel"
        printf '%s\t%s\n' "q=tangerin (prefix)" "/api/v1/search?q=tangerin"
        printf '%s\t%s\n' "q=sneakres (swap)" "/api/v1/search?q=sneakres"
        printf '%s\t%s\n' "q=mack (prefix)" "/api/v1/search?q=mack"
        printf '%s\t%s\n' "q=mackerel" "/api/v1/search?q=mackerel"
        printf '%s\t%s\n' "q=hiking boots price_desc" "/api/v1/search?$(q 'hiking boots')&sort=price_desc"
        printf '%s\t%s\n' "q=wireless charger" "/api/v1/search?$(q 'wireless charger')"
        printf '%s\t%s\n' "q=고등어 mackerel" "/api/v1/search?$(q '고등어 mackerel')"
        printf '%s\t%s\n' "q=고등어 in 생선" "/api/v1/search?$(q 고등어)&category_id=$fish"
        printf '%s\t%s\n' "q=크림 in 뷰티 price_asc" "/api/v1/search?$(q 크림)&category_id=$beauty&sort=price_asc"
        printf '%s\t%s\n' "q=양말 5k-30k won" "/api/v1/search?$(q 양말)&min_price_won=5000&max_price_won=30000"
        printf '%s\t%s\n' "식품 (root) newest" "/api/v1/search?category_id=$food&sort=newest"
        printf '%s\t%s\n' "과일 page 3 price_asc" "/api/v1/search?category_id=$fruit&sort=price_asc&page=3"
        printf '%s\t%s\n' "신발 50k-150k price_asc" \
            "/api/v1/search?category_id=$shoes&min_price_won=50000&max_price_won=150000&sort=price_asc"
        printf '%s\t%s\n' "all 10k-50k won price_asc" "/api/v1/search?min_price_won=10000&max_price_won=50000&sort=price_asc"
        printf '%s\t%s\n' "merchant's products newest" "/api/v1/search?merchant_id=$merchant&sort=newest"
        if [ -n "$district" ]; then
            printf '%s\t%s\n' "q=shrimp district page 3" "/api/v1/search?q=shrimp&district=$district&page=3"
        fi
        printf '%s\t%s\n' "all products page 2 (facets)" "/api/v1/search?page=2"
    } >"$work/search.queries"
    cut -f2 "$work/search.queries" >"$work/search.paths"
}

# Runs of other sizes than the targets' get their own file, so that a quick run keeps the day's figures.
results="bench/results/search-http-$(date -u +%Y-%m-%d).txt"
if [ "$products" != 1000000 ] || [ "$read_products" != 100000 ]; then
    results="bench/results/search-http-$(date -u +%Y-%m-%d)-$products-$read_products.txt"
fi
r_load="$work/r-load" r_search="$work/r-search" r_probe="$work/r-probe" r_read="$work/r-read" r_targets="$work/r-targets"
: >"$r_load" && : >"$r_search" && : >"$r_probe" && : >"$r_read" && : >"$r_targets"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

target() {  # backend, what, value, comparison (le/ge), limit, unit
    local ok
    ok=$(awk -v v="$3" -v l="$5" -v c="$4" 'BEGIN { print ((c == "le" && v <= l) || (c == "ge" && v >= l)) ? "met" : "MISSED" }')
    printf "%-9s %-38s %12s %-3s %-10s %s\n" "$1" "$2" "$3 $6" "$([ "$4" = le ] && echo '<=' || echo '>=')" "$5 $6" "$ok" >>"$r_targets"
}

for backend in $backends; do
    # a) search over PRODUCTS products.
    fresh_db "$backend" search_bench
    load_catalog "$backend" search_bench "$products" "$work/ids-search.txt"
    search_gen_s="$gen_s"
    start_server "$work/serve-$backend-search.log"
    echo "search.sh: $backend: ready in $ready_s s ($logged_products products loaded in $logged_s s)" >&2
    make_queries "$work/ids-search.txt"
    if [ ! -s "$work/queries-checked" ]; then
        printf "%s %9s %9s  %s\n" "$(pad query 32)" hits bytes path >"$work/queries-checked"
        while IFS=$'\t' read -r label path; do
            code=$(curl -s -o "$work/answer.json" -w '%{http_code}' --max-time 10 "$base$path" </dev/null || true)
            [ "$code" = 200 ] || { cat "$work/answer.json" >&2; die "$path answered $code"; }
            hits=$(grep -o '^{"total":[0-9]*' "$work/answer.json" | cut -d: -f2 || true)
            printf "%s %9s %9s  %s\n" "$(pad "$label" 32)" "${hits:-?}" "$(wc -c <"$work/answer.json")" "$path" >>"$work/queries-checked"
        done <"$work/search.queries"
    fi
    wrk -t1 -c"$connections" -d2s -s bench/search/paths.lua "$base" -- "$work/search.paths" >/dev/null  # warm-up
    for c in 1 "$connections"; do
        run_wrk "search, $backend, $c connections" "$c" "$duration" "$work/search.paths"
        printf "%-9s %11s %12s %10s %10s %10s\n" "$backend" "$c" "$rps" "$p50" "$p99" "$store_reads" >>"$r_search"
        if [ "$c" = 1 ]; then target "$backend" "search p99 at 1 connection" "$p99" le 15 ms; fi
    done
    if [ "$probe" != 0 ]; then
        while IFS=$'\t' read -r label path; do
            printf '%s\n' "$path" >"$work/one.path"
            run_wrk "$label" 1 "$probe" "$work/one.path"
            printf "%-9s %s %10s %10s %10s\n" "$backend" "$(pad "$label" 32)" "$rps" "$p50" "$p99" >>"$r_probe"
        done <"$work/search.queries"
    fi
    server_memory
    printf "%-9s %9s %14s %14s %12s %10s %10s\n" "$backend" "$logged_products" "$search_gen_s" "$ready_s" "$logged_s" \
        "$rss_mib" "$hwm_mib" >>"$r_load"
    target "$backend" "$logged_products products indexed (start to ready)" "$ready_s" le 60 s
    target "$backend" "server peak RSS (VmHWM)" "$hwm_mib" le 1536 MiB
    stop_server
    drop_db "$backend" search_bench

    # b) read paths over READ_PRODUCTS products.
    fresh_db "$backend" read_bench
    load_catalog "$backend" read_bench "$read_products" "$work/ids-read.txt"
    read_gen_s="$gen_s"
    start_server "$work/serve-$backend-read.log"
    grep '^prd_' "$work/ids-read.txt" | sed 's|^|/api/v1/products/|' >"$work/detail.paths"
    grep '^cat_' "$work/ids-read.txt" | sed 's|^\(.*\)$|/api/v1/search?category_id=\1\&sort=newest\&limit=20|' \
        >"$work/category.paths"
    for kind in detail category; do
        wrk -t1 -c"$connections" -d2s -s bench/search/paths.lua "$base" -- "$work/$kind.paths" >/dev/null  # warm-up
        run_wrk "$kind, $backend" "$connections" "$duration" "$work/$kind.paths"
        label=$([ "$kind" = detail ] && echo "GET /api/v1/products/{id}" || echo "category page (20, newest)")
        printf "%-9s %-28s %6s %11s %12s %10s %10s %10s\n" "$backend" "$label" "$(wc -l <"$work/$kind.paths")" \
            "$connections" "$rps" "$p50" "$p99" "$store_reads" >>"$r_read"
        if [ "$kind" = detail ]; then
            target "$backend" "product detail requests/s" "$rps" ge 20000 /s
        else
            target "$backend" "category page requests/s" "$rps" ge 10000 /s
        fi
        target "$backend" "$kind p99 at $connections connections" "$p99" le 5 ms
    done
    server_memory
    printf "%-9s %9s %14s %14s %12s %10s %10s\n" "$backend" "$logged_products" "$read_gen_s" "$ready_s" "$logged_s" \
        "$rss_mib" "$hwm_mib" >>"$r_load"
    stop_server
    drop_db "$backend" read_bench
done

{
    echo "# jangteo portal HTTP benchmark: search and read paths (bench/search.sh)"
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:     $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "kernel:      $(uname -sr)"
    echo "version:     $(./build/release/jangteo version) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes'))"
    echo "command:     $command_line"
    echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after (1, 5, 15 min; other work on the machine shares its cores)"
    echo "load:        wrk 1 thread, keep-alive, loopback; paths in turn (bench/search/paths.lua); 2 s warm-up; ${duration} s per run"
    echo "server:      jangteo serve --threads $server_threads (0 = one per core), access log on (JSON to a file)"
    echo
    echo "## Catalog and index (catalog_gen: migrate + seed --demo done; ready: from the server's start to /readyz 200)"
    printf "%-9s %9s %14s %14s %12s %10s %10s\n" backend products "catalog_gen s" "ready s" "logged s" "RSS MiB" "HWM MiB"
    cat "$r_load"
    echo
    echo "## Search, mixed set of $(wc -l <"$work/search.paths") queries in turn, $products products"
    printf "%-9s %11s %12s %10s %10s %10s\n" backend connections "requests/s" "p50 ms" "p99 ms" "store/req"
    cat "$r_search"
    if [ -s "$r_probe" ]; then
        echo
        echo "## Each query alone, 1 connection, ${probe} s"
        printf "%-9s %s %10s %10s %10s\n" backend "$(pad query 32)" "requests/s" "p50 ms" "p99 ms"
        cat "$r_probe"
    fi
    echo
    echo "## Read paths, $read_products products"
    printf "%-9s %-28s %6s %11s %12s %10s %10s %10s\n" backend endpoint paths connections "requests/s" "p50 ms" "p99 ms" \
        "store/req"
    cat "$r_read"
    echo
    echo "## Targets (issue 4: 1M products indexed in <= 60 s, search p99 <= 15 ms at 1 client, RSS <= 1.5 GB;"
    echo "## 100k products: detail >= 20,000/s, category page >= 10,000/s, both p99 <= 5 ms at 16 connections)"
    if [ "$products" != 1000000 ] || [ "$read_products" != 100000 ] || [ "$connections" != 16 ]; then
        echo "(this run's sizes differ from the targets': indicative only)"
    fi
    cat "$r_targets"
    echo
    echo "## The query set ($products products, the first backend's answers)"
    cat "$work/queries-checked"
} >"$work/results"
cp "$work/results" "$results"
cat "$results"
echo "written to $results"
