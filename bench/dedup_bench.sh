#!/bin/sh
# dedup_bench.sh — what story clustering costs at ingest: the same input ingested
# into fresh databases with and without --no-dedup, docs/s for each, and the
# clustering alone (bench/dedup_eval.c, no coding, no database).
#   sh bench/dedup_bench.sh [BUILD_DIR] [FILE.jsonl] [THREADS]
# Defaults: build, ../shared/corpora/reuters21578.jsonl, 2 threads.
set -u
BUILD=${1:-build}
IN=${2:-../shared/corpora/reuters21578.jsonl}
THREADS=${3:-2}
[ -x "$BUILD/tocsin" ] || { echo "dedup_bench: build $BUILD/tocsin first (make)"; exit 2; }
[ -f "$IN" ] || { echo "dedup_bench: no input $IN"; exit 2; }
tmp=${TMPDIR:-/tmp}/tocsin-dedup-bench.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
for mode in dedup no-dedup dedup no-dedup; do
    flag=
    [ $mode = no-dedup ] && flag=--no-dedup
    rm -f "$tmp/db" "$tmp/db-wal" "$tmp/db-shm"
    "$BUILD/tocsin" ingest --db "$tmp/db" --threads "$THREADS" --stats $flag "$IN" 2>&1 | grep -o '[0-9.]* docs/s.*' |
        sed "s/^/$mode: /"
done
cc -O2 -Iinclude -Isrc -D_GNU_SOURCE -o "$tmp/dedup_eval" bench/dedup_eval.c "$BUILD/libtocsin.a" \
    $(pkg-config --libs jansson sqlite3 libutf8proc) -lpthread -lm 2> /dev/null &&
    "$tmp/dedup_eval" "$IN" 2>&1 > /dev/null | sed 's/^/clustering alone: /'
