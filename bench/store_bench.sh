#!/bin/sh
# store_bench.sh — event-store ingest throughput: docs/s and rows/s into SQLite and
# into PostgreSQL (a throw-away cluster, tests/pg/cluster.sh), one writer and two
# concurrent writers (the input in two halves), and what coordinating writers
# costs (time waiting for the write lock, fingerprints of the other writer read).
#   sh bench/store_bench.sh [BUILD_DIR] [FILE.jsonl] [THREADS]
# Defaults: build, ../shared/corpora/reuters21578.jsonl, 1 thread. OLD=path/to/tocsin
# adds a run of another binary into SQLite (before/after). PG=0 skips PostgreSQL.
# rows = every row written: documents, doc_extra, doc_fingerprints, stories,
# events and mentions. Coordination = time waiting for the write lock plus reading
# the other writers' fingerprints, per document (and the wait as a share of the
# writers' wall time). A benchmark: it prints figures, it fails only when a run fails.
set -u
BUILD=${1:-build}
IN=${2:-../shared/corpora/reuters21578.jsonl}
THREADS=${3:-1}
TOCSIN=$BUILD/tocsin
[ -x "$TOCSIN" ] || { echo "store_bench: build $TOCSIN first (make)"; exit 2; }
[ -f "$IN" ] || { echo "store_bench: no input $IN"; exit 2; }
tmp=${TMPDIR:-/tmp}/tocsin-store-bench.$$
mkdir -p "$tmp"
pgdir=$tmp/pg
trap 'sh tests/pg/cluster.sh stop "$pgdir" 2> /dev/null; rm -rf "$tmp"' EXIT
n=$(wc -l < "$IN")
awk 'NR % 2 == 1' "$IN" > "$tmp/h1.jsonl"
awk 'NR % 2 == 0' "$IN" > "$tmp/h2.jsonl"
ROWS="SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM doc_extra) +
    (SELECT count(*) FROM doc_fingerprints) + (SELECT count(*) FROM stories) + (SELECT count(*) FROM events) +
    (SELECT count(*) FROM mentions)"
rows() { case $1 in postgres*) psql -At "$1" -c "$ROWS" ;; *) sqlite3 "$1" "$ROWS" ;; esac; }
now() { date +%s.%N; }
cpu_of() { sed -n 's/.*CPU: process \([0-9.]*\) s.*/\1/p' "$1" | awk '{s += $1} END {printf "%.2f", s}'; }
report() { # label, db, seconds, err files...
    label=$1; db=$2; secs=$3; shift 3
    r=$(rows "$db")
    wait_s=$(cat "$@" | sed -n "s/.*waiting for the write lock \([0-9.]*\) s.*/\1/p" | awk '{s += $1} END {printf "%.2f", s}')
    refr=$(cat "$@" | sed -n "s/.*fingerprints: \([0-9]*\) read in \([0-9.]*\) s.*/\1 in \2 s/p" | tr '\n' ' ')
    refr_s=$(cat "$@" | sed -n "s/.*fingerprints: [0-9]* read in \([0-9.]*\) s.*/\1/p" | awk '{s += $1} END {printf "%.3f", s}')
    # coordination: the writers' time waiting for the lock and reading the others' fingerprints,
    # per document stored, and the lock wait as a share of the writers' wall time
    coord=$(echo "($wait_s + $refr_s) * 1000 / $n" | bc -l)
    share=$(echo "100 * $wait_s / ($# * $secs)" | bc -l)
    printf '%-34s %6d docs %8.2f s %7.0f docs/s %8.0f rows/s  CPU %5s s  lock wait %s s (%.0f%%)  others'"'"' fps read: %s coordination %.3f ms/doc\n' \
        "$label" "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$r / $secs" | bc -l)" \
        "$(cat "$@" | sed -n 's/.*CPU: process \([0-9.]*\) s.*/\1/p' | awk '{s += $1} END {printf "%.2f", s}')" \
        "$wait_s" "$share" "$refr" "$coord"
}
one() { # label, binary, db
    t0=$(now)
    "$2" ingest --db "$3" --threads "$THREADS" --stats "$IN" 2> "$tmp/one.err" || { cat "$tmp/one.err"; exit 1; }
    report "$1" "$3" "$(echo "$(now) - $t0" | bc -l)" "$tmp/one.err"
}
two() { # label, db
    t0=$(now)
    "$TOCSIN" ingest --db "$2" --threads "$THREADS" --stats "$tmp/h1.jsonl" 2> "$tmp/w1.err" &
    p=$!
    "$TOCSIN" ingest --db "$2" --threads "$THREADS" --stats "$tmp/h2.jsonl" 2> "$tmp/w2.err" || { cat "$tmp/w2.err"; exit 1; }
    wait $p || { cat "$tmp/w1.err"; exit 1; }
    report "$1" "$2" "$(echo "$(now) - $t0" | bc -l)" "$tmp/w1.err" "$tmp/w2.err"
}
echo "store ingest: $IN ($n documents), $THREADS coding thread(s) per writer, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${OLD:-}" ] && one "SQLite, one writer ($OLD)" "$OLD" "$tmp/old.db"
one "SQLite, one writer" "$TOCSIN" "$tmp/one.db"
two "SQLite, two writers (halves)" "$tmp/two.db"
if [ "${PG:-1}" != 0 ]; then
    uri=$(sh tests/pg/cluster.sh start "$pgdir")
    st=$?
    if [ $st -eq 0 ]; then
        psql -q "$uri" -c "CREATE DATABASE one" -c "CREATE DATABASE two"
        one "PostgreSQL, one writer" "$TOCSIN" "postgresql://tocsin@/one?host=$pgdir"
        two "PostgreSQL, two writers (halves)" "postgresql://tocsin@/two?host=$pgdir"
    else
        echo "PostgreSQL: skipped (no cluster: exit $st)"
    fi
fi
