#!/bin/sh
# bench/instructions.sh — instructions per sentence of `tocsin code`, machine-independent.
#
# Why: on a shared machine wall time and even CPU time swing by 2x with the load, so a
# throughput figure measured today cannot be compared with one measured on another day.
# Instruction counts do not depend on the load. This script runs each given binary under
# valgrind's callgrind on the first DOCS documents of Reuters-21578 (default 2,000) with
# the Phoenix dictionaries, one thread, and once on an empty input; the difference is the
# cost of coding the documents (reading, splitting, coding, geocoding, writing), without
# the dictionary load. It prints instructions per document and per sentence, each binary
# relative to the first, and — given a reference throughput measured with the first
# binary on an idle machine (REF_SPS, sentences/s) — the throughput that the others'
# instruction counts imply on that machine (an estimate: it ignores cache and branch
# behaviour, which instruction counts do not see).
#
#   sh bench/instructions.sh BINARY [BINARY...]
#   DOCS=2000 REF_SPS=79091 sh bench/instructions.sh old/build/tocsin build/tocsin
# Environment: SHARED (../shared), DOCS, REF_SPS, TOCSIN_GEO (passed on: give both
# binaries the same gazetteer, or none). Exit status: 0, or 2 when valgrind or the data
# is missing or a run fails.
set -u
cd "$(dirname "$0")/.." || exit 2
SHARED=${SHARED:-../shared}
DOCS=${DOCS:-2000}
REF_SPS=${REF_SPS:-}
CORPUS=$SHARED/corpora/reuters21578.jsonl
PHOENIX=$SHARED/dict/phoenix
[ $# -ge 1 ] || { echo "usage: sh bench/instructions.sh BINARY [BINARY...]" >&2; exit 2; }
command -v valgrind > /dev/null 2>&1 || { echo "instructions: valgrind is not installed" >&2; exit 2; }
[ -f "$CORPUS" ] && [ -d "$PHOENIX" ] || { echo "instructions: $CORPUS or $PHOENIX not found" >&2; exit 2; }
tmp=${TMPDIR:-/tmp}/tocsin-instr.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
head -n "$DOCS" "$CORPUS" > "$tmp/sample.jsonl"
: > "$tmp/empty.jsonl"

# instructions BINARY INPUT: the program's total instruction count (callgrind's "Collected")
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$1" code --dict "$PHOENIX" "$2" \
        > /dev/null 2> "$tmp/vg.log" || { tail -n 5 "$tmp/vg.log" >&2; return 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/vg.log" | tail -n 1
}

echo "callgrind: first $DOCS documents of Reuters-21578, Phoenix dictionaries, 1 thread"
printf '%-40s %14s %12s %10s %9s %s\n' binary "instr/doc" "instr/sent" sentences relative "${REF_SPS:+est. sentences/s}"
first=
for bin in "$@"; do
    [ -x "$bin" ] || { echo "instructions: $bin is not an executable" >&2; exit 2; }
    sents=$("$bin" code --stats --dict "$PHOENIX" "$tmp/sample.jsonl" 2>&1 > /dev/null |
            sed -n 's/.* \([0-9]*\) sentences,.*/\1/p' | tail -n 1)
    total=$(instructions "$bin" "$tmp/sample.jsonl") || exit 2
    base=$(instructions "$bin" "$tmp/empty.jsonl") || exit 2
    per=$(( (total - base) / sents ))
    [ -n "$first" ] || first=$per
    rel=$(awk -v a="$per" -v b="$first" 'BEGIN { printf "%.3f", a / b }')
    est=
    [ -z "$REF_SPS" ] || est=$(awk -v r="$REF_SPS" -v a="$per" -v b="$first" 'BEGIN { printf "%.0f", r * b / a }')
    printf '%-40s %14s %12s %10s %9s %s\n' "$bin" $(( (total - base) / DOCS )) "$per" "$sents" "$rel" "$est"
done
