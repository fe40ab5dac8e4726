#!/bin/sh
# bench/perf_compare.sh — is a speed change safe and is it faster? Compares two
# tocsin binaries (say, a build of the tree with and without an optimisation).
#
# Why: an optimisation of the coder must not change a single output byte, and on
# a shared, busy machine wall-clock throughput swings by 2x from run to run, so
# one timing proves nothing. This script checks that both binaries give
# byte-identical `tocsin code` output on Reuters-21578 (Phoenix and built-in
# dictionaries, one and two threads) and identical `tocsin eval` reports on every
# gold suite, then times each binary N times, interleaved, and prints the
# minimum CPU seconds (user+sys, far steadier than wall time when other work
# shares the cores) and the best sentences/s. For changes aimed at memory stalls,
# compare `perf record` profiles as well; for instruction counts use
# `valgrind --tool=callgrind` on a few thousand documents.
#
#   sh bench/perf_compare.sh OLD_BINARY NEW_BINARY [RUNS]
# Exit status: 0 outputs identical, 1 outputs differ, 2 usage or missing data.
set -u
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: sh bench/perf_compare.sh OLD_BINARY NEW_BINARY [RUNS]" >&2; exit 2; }
OLD=$1; NEW=$2; RUNS=${3:-3}
SHARED=${SHARED:-../shared}
CORPUS=$SHARED/corpora/reuters21578.jsonl
PHOENIX=$SHARED/dict/phoenix
G=$SHARED/gold
for f in "$OLD" "$NEW"; do [ -x "$f" ] || { echo "perf_compare: $f is not an executable" >&2; exit 2; }; done
[ -f "$CORPUS" ] && [ -d "$PHOENIX" ] || { echo "perf_compare: $CORPUS or $PHOENIX not found" >&2; exit 2; }
tmp=${TMPDIR:-/tmp}/tocsin-perfcmp.$$
mkdir -p "$tmp/old" "$tmp/new"
trap 'rm -rf "$tmp"' EXIT INT TERM

outputs() { # binary, dir
    "$1" code --dict "$PHOENIX" "$CORPUS" > "$2/phoenix.jsonl" 2>/dev/null
    "$1" code --dict "$PHOENIX" --threads 2 "$CORPUS" > "$2/phoenix.t2.jsonl" 2>/dev/null
    "$1" code "$CORPUS" > "$2/builtin.jsonl" 2>/dev/null
    "$1" eval --dict "$G/dict/petr-validate" "$G/petr2-unittest.jsonl" > "$2/eval.petr2" 2>&1
    "$1" eval --dict "$G/dict/udpetrarch-validate" "$G/udpetrarch-validate.jsonl" > "$2/eval.udpetrarch" 2>&1
    "$1" eval --dict "$G/dict/tabari-demo" "$G/tabari-validate.jsonl" > "$2/eval.tabari" 2>&1
    "$1" eval --dict "$PHOENIX" "$G/petr2-gsr.jsonl" > "$2/eval.gsr.phoenix" 2>&1
    for s in petr2-gsr plover-gsr conflibert-dev; do "$1" eval "$G/$s.jsonl" > "$2/eval.$s" 2>&1; done
}
outputs "$OLD" "$tmp/old"
outputs "$NEW" "$tmp/new"
status=0
for f in "$tmp"/old/*; do
    b=$(basename "$f")
    if cmp -s "$f" "$tmp/new/$b"; then echo "identical: $b"; else echo "DIFFERS:   $b"; status=1; fi
done
cmp -s "$tmp/new/phoenix.jsonl" "$tmp/new/phoenix.t2.jsonl" || { echo "DIFFERS:   new --threads 2 vs 1"; status=1; }

time_runs() { # label, dict options...
    label=$1; shift
    for i in $(seq "$RUNS"); do
        for which in old new; do
            bin=$OLD; [ $which = new ] && bin=$NEW
            /usr/bin/time -f "%U %S" -o "$tmp/$which.time.$label.$i" "$bin" code --stats "$@" "$CORPUS" \
                > /dev/null 2> "$tmp/$which.err.$label.$i"
        done
    done
    for which in old new; do
        cpu=$(for i in $(seq "$RUNS"); do tail -n 1 "$tmp/$which.time.$label.$i" | awk '{print $1 + $2}'; done | sort -n | head -n 1)
        sps=$(for i in $(seq "$RUNS"); do grep -o '[0-9]* sentences/s' "$tmp/$which.err.$label.$i" | cut -d' ' -f1; done | sort -n | tail -n 1)
        printf '%-8s %-4s min CPU %6s s   best %7s sentences/s\n' "$label" "$which" "$cpu" "$sps"
    done
}
if command -v /usr/bin/time > /dev/null 2>&1; then
    time_runs phoenix --dict "$PHOENIX"
    time_runs builtin
else
    echo "perf_compare: /usr/bin/time not installed: timings skipped"
fi
exit $status
