#!/bin/sh
# make bench — throughput of `tocsin code` on the news corpora in ../shared/corpora.
# A benchmark, not a test: it prints figures and fails only when the program fails.
#   BENCH_BIG_MB=1024 (default) size of the repeated-corpora input for the flat-memory run;
#   BENCH_BIG_MB=0 skips it. BENCH_GEO_DOCS=1000: documents of the instruction count of geocoding.
set -eu
cd "$(dirname "$0")/.."
TOCSIN=${TOCSIN:-build/tocsin}
SHARED=${SHARED:-../shared}
BIG_MB=${BENCH_BIG_MB:-1024}
if [ ! -d "$SHARED/corpora" ]; then
    echo "bench: $SHARED/corpora not found: the benchmark corpora live in the project's shared data" >&2
    exit 0
fi
tmp=${TMPDIR:-/tmp}/tocsin-bench.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
corpus="$tmp/corpora.jsonl"
cat "$SHARED"/corpora/reuters21578.jsonl "$SHARED"/corpora/bbc.jsonl "$SHARED"/corpora/guardian.jsonl \
    "$SHARED"/corpora/agnews-test.jsonl > "$corpus"
docs=$(wc -l < "$corpus")
mb=$(du -m "$corpus" | cut -f1)
echo "tocsin $($TOCSIN --version | cut -d' ' -f2) benchmark — $(date -u +%Y-%m-%d), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "input: $SHARED/corpora (Reuters-21578, BBC, Guardian, AG News): $docs documents, $mb MB"
echo
printf '%-9s %-8s %8s %9s %11s %7s %9s %8s %8s\n' dicts threads load_s docs/s sentences/s MB/s events/s peak_MB events
run() { # label, threads, input, dict options...
    label=$1; threads=$2; input=$3; shift 3
    # AG News records carry no date: --date is the fallback publication date.
    "$TOCSIN" code --stats --date 2005-01-01 --threads "$threads" "$@" "$input" > "$tmp/out.$label.$threads" 2> "$tmp/err" || {
        st=$?
        # Exit 1 means some records were bad (reported); anything else is a failure of the program.
        [ $st -eq 1 ] || { cat "$tmp/err" >&2; echo "bench: tocsin failed (exit $st)" >&2; exit 1; }
    }
    line=$(grep 'dictionaries loaded' "$tmp/err" | tail -n 1)
    load=$(echo "$line" | sed -n 's/.*loaded in \([0-9.]*\) s.*/\1/p')
    dps=$(echo "$line" | sed -n 's/.*: \([0-9]*\) docs\/s.*/\1/p')
    sps=$(echo "$line" | sed -n 's/.* \([0-9]*\) sentences\/s.*/\1/p')
    mbs=$(echo "$line" | sed -n 's/.* \([0-9.]*\) MB\/s.*/\1/p')
    eps=$(echo "$line" | sed -n 's/.* \([0-9]*\) events\/s.*/\1/p')
    rss=$(echo "$line" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
    nev=$(wc -l < "$tmp/out.$label.$threads")
    printf '%-9s %-8s %8s %9s %11s %7s %9s %8s %8s\n' "$label" "$threads" "$load" "$dps" "$sps" "$mbs" "$eps" "$rss" "$nev"
}
run builtin 1 "$corpus"
run builtin 2 "$corpus"
# Geocoding (src/geo: every event's location) is part of coding when a gazetteer is built;
# its cost is the CPU time over a run without one (TOCSIN_GEO pointing nowhere), the least
# of three alternating runs each (CPU time: other work on the machine does not count).
if echo '{"id":"p","text":"in Paris"}' | "$TOCSIN" places - > /dev/null 2>&1; then
    cpu() { # env assignment or "-", then the run; prints user+sys seconds
        /usr/bin/time -f '%U %S' -o "$tmp/time" env ${1#-} "$TOCSIN" code --date 2005-01-01 "$corpus" > /dev/null 2>&1 || true
        awk '{ printf "%.2f\n", $1 + $2 }' "$tmp/time"
    }
    with=999999; without=999999
    for i in 1 2 3; do
        t=$(cpu -); with=$(awk -v a="$t" -v b="$with" 'BEGIN { print (a < b) ? a : b }')
        t=$(cpu TOCSIN_GEO=/nonexistent/gazetteer.idx); without=$(awk -v a="$t" -v b="$without" 'BEGIN { print (a < b) ? a : b }')
    done
    echo "geocoding cost: $(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.1f", 100 * (1 - b / a) }')% of coding throughput (builtin, 1 thread, CPU: $with s with a gazetteer, $without s without)"
    # the same in instructions (callgrind counts them whatever else the machine does) on
    # every k-th document of the corpora, about BENCH_GEO_DOCS (1,000) from all four, with
    # and without a gazetteer
    if command -v valgrind > /dev/null 2>&1; then
        awk -v k=$((docs / ${BENCH_GEO_DOCS:-1000} + 1)) 'NR % k == 1' "$corpus" > "$tmp/geo.jsonl"
        ins() { # env assignment or "-": instructions of one run
            env ${1#-} valgrind --tool=callgrind --callgrind-out-file=/dev/null "$TOCSIN" code --date 2005-01-01 \
                "$tmp/geo.jsonl" 2>&1 > /dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
        }
        iw=$(ins -); io=$(ins TOCSIN_GEO=/nonexistent/gazetteer.idx)
        echo "geocoding cost in instructions: $(awk -v a="$iw" -v b="$io" 'BEGIN { printf "%.1f", 100 * (1 - b / a) }')% (callgrind, $(wc -l < "$tmp/geo.jsonl") documents: $iw with a gazetteer, $io without)"
    fi
    "$TOCSIN" places --stats "$corpus" 2>&1 > /dev/null | tail -n 1
fi
if [ -d "$SHARED/dict/phoenix" ]; then
    run phoenix 1 "$corpus" --dict "$SHARED/dict/phoenix"
    run phoenix 2 "$corpus" --dict "$SHARED/dict/phoenix"
    if cmp -s "$tmp/out.phoenix.1" "$tmp/out.phoenix.2"; then
        echo "phoenix --threads 2 output identical to --threads 1: yes"
    else
        echo "phoenix --threads 2 output identical to --threads 1: NO"
    fi
fi
if cmp -s "$tmp/out.builtin.1" "$tmp/out.builtin.2"; then
    echo "builtin --threads 2 output identical to --threads 1: yes"
else
    echo "builtin --threads 2 output identical to --threads 1: NO"
fi
if [ "$BIG_MB" -gt 0 ]; then
    big="$tmp/big.jsonl"
    : > "$big"
    while [ "$(du -m "$big" | cut -f1)" -lt "$BIG_MB" ]; do cat "$corpus" >> "$big"; done
    echo
    echo "flat memory: the same corpora repeated to $(du -m "$big" | cut -f1) MB ($(wc -l < "$big") documents)"
    rm -f "$tmp"/out.*
    run builtin 2 "$big"
    rm -f "$tmp"/out.*
fi
# The event store: docs/s and rows/s into SQLite and PostgreSQL, one and two writers, and
# what coordinating writers costs per document (bench/store_bench.sh; BENCH_STORE=0 skips)
if [ "${BENCH_STORE:-1}" != 0 ] && [ -f "$SHARED/corpora/reuters21578.jsonl" ]; then
    echo
    sh bench/store_bench.sh "$(dirname "$TOCSIN")" "$SHARED/corpora/reuters21578.jsonl" ||
        { echo "bench: store_bench.sh failed" >&2; exit 1; }
fi
# Dask: 1 vs 2 workers, what coordination costs (bench/dask_bench.py; Debian's python3-distributed)
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import distributed' 2> /dev/null; then
    echo
    TOCSIN="$TOCSIN" PYTHONWARNINGS=ignore /usr/bin/python3 bench/dask_bench.py "$SHARED" ||
        { echo "bench: dask_bench.py failed" >&2; exit 1; }
fi
if [ -x bench/extract.sh ] || [ -f bench/extract.sh ]; then
    echo
    sh bench/extract.sh
fi
# BENCH_SERVE=0 skips the server benchmark (make bench-serve runs it alone)
if [ "${BENCH_SERVE:-1}" != 0 ]; then
    echo
    sh bench/serve.sh
fi
