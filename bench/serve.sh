#!/bin/sh
# bench/serve.sh — the dashboard API under load (make bench-serve; make bench runs it too).
# Builds a synthetic store of BENCH_EVENTS events (default 1,000,000; bench/gen_store.py,
# kept in build/ and reused while the schema is unchanged), starts `tocsin serve` on
# 127.0.0.1, and for every API endpoint the dashboard calls reports:
#   cold  — a request the cache has not seen (median of 5 distinct ones, ms, e.g.
#           limit=501..505): the cost of computing the answer from the store;
#   wrk   — requests/s and p50/p99 latency of one request (limit=500) repeated for
#           BENCH_SECONDS (default 5) by wrk with 2 threads and 8 connections (answers
#           cached until the store's next commit).
# A benchmark, not a test: it prints figures and fails only when the program fails.
set -eu
cd "$(dirname "$0")/.."
TOCSIN=${TOCSIN:-build/tocsin}
EVENTS=${BENCH_EVENTS:-1000000}
SECONDS_PER=${BENCH_SECONDS:-5}
store=${BENCH_STORE:-build/bench-store-$EVENTS.db}
command -v wrk > /dev/null || { echo "bench-serve: wrk is not installed (make deps)" >&2; exit 1; }
command -v curl > /dev/null || { echo "bench-serve: curl is not installed" >&2; exit 1; }
stamp="$store.schema"
if [ ! -f "$store" ] || ! cmp -s src/store/schema.sql "$stamp"; then
    /usr/bin/python3 bench/gen_store.py "$store" "$EVENTS"
    cp src/store/schema.sql "$stamp"
fi
tmp=${TMPDIR:-/tmp}/tocsin-bench-serve.$$
mkdir -p "$tmp"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
"$TOCSIN" serve --db "$store" --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
i=0
until grep -q 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
        cat "$tmp/serve.err" >&2; echo "bench-serve: the server did not start" >&2; exit 1
    fi
    sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" | head -1)
q() { sqlite3 "file:$store?mode=ro" "$1"; }
dyad=$(q "SELECT source || '-' || target FROM dyad_totals WHERE level = 0 ORDER BY events DESC LIMIT 1")
adyad=$(q "SELECT source || '-' || target FROM dyad_totals WHERE level = 1 AND length(source) > 3 ORDER BY events DESC LIMIT 1")
story=$(q "SELECT story_id FROM stories WHERE n_documents > 2 ORDER BY story_id LIMIT 1 OFFSET 1000")
month=$(q "SELECT max(date) FROM event_days")
from=$(q "SELECT date('$month', '-30 days')")
echo "tocsin serve benchmark — $(date -u +%Y-%m-%d), $(nproc) cores; store $store:" \
     "$(q 'SELECT count(*) FROM events') events, $(du -m "$store" | cut -f1) MB," \
     "$(q 'SELECT count(*) FROM dyad_days') dyad-days; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: 2 threads, 8 connections, ${SECONDS_PER} s per endpoint, on 127.0.0.1"
printf '%-62s %8s %9s %8s %8s\n' endpoint cold_ms req/s p50_ms p99_ms
ms() { # wrk latency "1.23ms" / "456.00us" / "1.20s" -> ms
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}
bench() { # path with one '#': 1..5 for the cold requests (distinct answers to compute), 0 for wrk
    path=$1
    for k in 1 2 3 4 5; do
        u="$base/$(echo "$path" | sed "s/#/$k/")"
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$u"
    done > "$tmp/cold"
    if grep -qv '^200 ' "$tmp/cold"; then
        echo "bench-serve: /$path answered $(grep -v '^200 ' "$tmp/cold" | head -1)" >&2; exit 1
    fi
    cold=$(cut -d' ' -f2 "$tmp/cold" | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')
    path=$(echo "$path" | sed "s/#/0/")
    curl -s -o /dev/null "$base/$path" # wrk measures the answer once it is cached
    wrk -t2 -c8 -d"${SECONDS_PER}s" --latency "$base/$path" > "$tmp/wrk" 2>&1
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$tmp/wrk")
    p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$tmp/wrk")")
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$tmp/wrk")")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$tmp/wrk")
    [ -z "$non2xx" ] || { echo "bench-serve: /$path: $non2xx non-2xx answers" >&2; exit 1; }
    printf '%-62s %8s %9s %8s %8s\n' "/$path" "$cold" "$rps" "$p50" "$p99"
}
bench "api/dyads?level=country&limit=50#"
bench "api/dyads?level=actor&limit=50#"
bench "api/dyads?level=country&from=$from&to=$month&limit=50#"
bench "api/alerts?level=country&limit=10#&evidence=3"
bench "api/alerts?level=actor&limit=10#&evidence=3"
bench "api/alerts?level=country&from=$from&to=$month&limit=10#&evidence=3"
bench "api/indicators?dyad=$dyad&level=country&period=day&to=2100-01-1#"
bench "api/indicators?dyad=$dyad&level=country&period=week&to=2100-01-1#"
bench "api/indicators?dyad=$adyad&level=actor&period=day&to=2100-01-1#"
bench "api/network?level=country&limit=5#"
bench "api/network?level=actor&limit=4#&from=$from&to=$month"
bench "api/events?dyad=$dyad&level=country&limit=30#"
bench "api/events?dyad=$adyad&level=actor&limit=30#"
bench "api/events?limit=30#&from=$from&to=$month"
bench "api/stories/$((story / 10))#"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
