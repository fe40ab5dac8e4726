#!/bin/sh
# store_pg.sh — the PostgreSQL store (issue 14): a throw-away cluster
# (tests/pg/cluster.sh: initdb as an unprivileged user, a Unix socket in a temp
# dir), then the SQLite tests' ingests against it:
#  - an ingest into PostgreSQL exports (gdelt, mentions, jsonl, csv, stories)
#    exactly what the same ingest into SQLite exports (DATEADDED, the time of
#    ingest, masked); a re-run stores nothing; `tocsin check` says ok, and names a
#    count damaged by hand;
#  - the same file by two processes at once = one run; two halves at once = one
#    process in the writers' commit order (the advisory lock and the shared
#    fingerprints make clustering global);
#  - SIGTERM mid-ingest: exit 143, the summary counts what is committed, a re-run
#    completes to equal a clean run.
# Skips only when the PostgreSQL server binaries are not installed.
set -u
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v sqlite3 > /dev/null || { echo "skip: the sqlite3 command-line tool is not installed"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-pg.$$
mkdir -p "$tmp"
pgdir=$tmp/pg
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 $pid 2> /dev/null
    sh "$TOCSIN_ROOT/tests/pg/cluster.sh" stop "$pgdir"
    rm -rf "$tmp"
}
trap cleanup EXIT
uri=$(sh "$TOCSIN_ROOT/tests/pg/cluster.sh" start "$pgdir")
st=$?
[ $st -eq 77 ] && exit 77
[ $st -eq 0 ] || { echo "FAILED: cannot start a PostgreSQL cluster"; exit 1; }
command -v psql > /dev/null || { echo "FAILED: psql not found (postgresql-client)"; exit 1; }
echo "cluster: $uri"
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
db_uri() { echo "postgresql://tocsin@/$1?host=$pgdir"; }
for d in ref same halves term; do psql -q "$uri" -c "CREATE DATABASE $d" || exit 1; done

python3 "$TOCSIN_ROOT/bench/dedup_gen.py" "$SHARED" "$tmp/in.jsonl" "$tmp/labels.tsv" \
    --stories 60 --distractors 700 > /dev/null || exit 1
n=$(wc -l < "$tmp/in.jsonl")
awk 'NR % 2 == 1' "$tmp/in.jsonl" > "$tmp/h1.jsonl"
awk 'NR % 2 == 0' "$tmp/in.jsonl" > "$tmp/h2.jsonl"

COUNTS="SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM stories), (SELECT count(*) FROM events),
    (SELECT count(*) FROM mentions), (SELECT sum(n_mentions) || '/' || sum(n_articles) || '/' || sum(n_sources)
    FROM events), (SELECT sum(n_documents) FROM stories)"
pg_counts() { psql -At "$1" -c "$COUNTS"; }
# every export with the time of ingest (GDELT DATEADDED, MentionTimeDate...) masked
exports() { # db, out prefix
    "$TOCSIN" export --db "$1" --format gdelt 2> /dev/null | cut -f 1-59,61 > "$2.gdelt"
    "$TOCSIN" export --db "$1" --format mentions 2> /dev/null | cut -f 1,4- > "$2.mentions"
    "$TOCSIN" export --db "$1" --format jsonl 2> /dev/null > "$2.jsonl"
    "$TOCSIN" export --db "$1" --format csv 2> /dev/null > "$2.csv"
    "$TOCSIN" stories --db "$1" --format tsv > "$2.stories"
}
same_exports() { # prefix a, prefix b
    for f in gdelt mentions jsonl csv stories; do cmp -s "$1.$f" "$2.$f" || { echo "  differ: $f"; return 1; }; done
}

"$TOCSIN" ingest --db "$tmp/ref.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/sq.err"
check "SQLite ingest exit 0" $?
tail -n 1 "$tmp/sq.err"
exports "$tmp/ref.db" "$tmp/sq"

# 1. one ingest into PostgreSQL = the same ingest into SQLite
ref=$(db_uri ref)
"$TOCSIN" ingest --db "$ref" --batch 50 --stats "$tmp/in.jsonl" 2> "$tmp/pg.err"
st=$?
tail -n 2 "$tmp/pg.err"
check "PostgreSQL ingest exit 0 ($st)" "$([ $st -eq 0 ]; echo $?)"
pgc=$(pg_counts "$ref")
sqc=$(sqlite3 "$tmp/ref.db" "$COUNTS")
echo "SQLite: $sqc; PostgreSQL: $pgc"
check "PostgreSQL: the counts of SQLite" "$([ "$pgc" = "$sqc" ]; echo $?)"
exports "$ref" "$tmp/pg"
same_exports "$tmp/sq" "$tmp/pg"
check "PostgreSQL: exports (gdelt, mentions, jsonl, csv, stories) identical to SQLite's ($(wc -l < "$tmp/sq.jsonl") events)" $?
"$TOCSIN" ingest --db "$ref" --batch 50 "$tmp/in.jsonl" 2> "$tmp/pg2.err"
st=$?
check "PostgreSQL: a re-run exits 0 and stores nothing ($(tail -n 1 "$tmp/pg2.err" | cut -c1-80))" \
    "$([ $st -eq 0 ] && grep -q " 0 stored, $n already stored" "$tmp/pg2.err" && [ "$(pg_counts "$ref")" = "$pgc" ]; echo $?)"
"$TOCSIN" check --db "$ref" > "$tmp/check.out"
st=$?
check "PostgreSQL: tocsin check says ok ($st: $(cat "$tmp/check.out"))" "$([ $st -eq 0 ]; echo $?)"

# 2. the same file, two processes at once
same=$(db_uri same)
"$TOCSIN" ingest --db "$same" --batch 50 "$tmp/in.jsonl" 2> "$tmp/s1.err" &
p1=$!
"$TOCSIN" ingest --db "$same" --batch 50 "$tmp/in.jsonl" 2> "$tmp/s2.err"
st2=$?
wait $p1
st1=$?
tail -n 1 "$tmp/s1.err" "$tmp/s2.err"
check "PostgreSQL, same file twice at once: both exit 0 ($st1, $st2)" "$([ $st1 -eq 0 ] && [ $st2 -eq 0 ]; echo $?)"
c=$(pg_counts "$same")
check "PostgreSQL, same file twice at once: counts of one run ($c)" "$([ "$c" = "$sqc" ]; echo $?)"
exports "$same" "$tmp/same"
same_exports "$tmp/sq" "$tmp/same"
check "PostgreSQL, same file twice at once: exports identical to one run" $?

# 3. two halves at once = one process in commit order
halves=$(db_uri halves)
"$TOCSIN" ingest --db "$halves" --batch 50 "$tmp/h1.jsonl" 2> "$tmp/h1.err" &
p1=$!
"$TOCSIN" ingest --db "$halves" --batch 50 "$tmp/h2.jsonl" 2> "$tmp/h2.err"
st2=$?
wait $p1
st1=$?
check "PostgreSQL, two halves at once: both exit 0 ($st1, $st2)" "$([ $st1 -eq 0 ] && [ $st2 -eq 0 ]; echo $?)"
psql -At "$halves" -c "SELECT doc_id FROM documents ORDER BY rowid" > "$tmp/order.txt"
python3 - "$tmp/in.jsonl" "$tmp/order.txt" "$tmp/serial.jsonl" << 'EOF'
import json, sys
recs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    recs[json.loads(line)["id"]] = line
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for i in open(sys.argv[2], encoding="utf-8"):
        out.write(recs[i.rstrip("\n")])
EOF
"$TOCSIN" ingest --db "$tmp/serial.db" --batch 50 "$tmp/serial.jsonl" 2> /dev/null
c=$(pg_counts "$halves")
sc=$(sqlite3 "$tmp/serial.db" "$COUNTS")
echo "halves at once: $c; one process in their commit order: $sc; whole in one run: $sqc"
check "PostgreSQL, two halves at once = one process in the writers' commit order (counts)" "$([ "$c" = "$sc" ]; echo $?)"
exports "$halves" "$tmp/halves"
exports "$tmp/serial.db" "$tmp/serial"
same_exports "$tmp/serial" "$tmp/halves"
check "PostgreSQL, two halves at once = one process in the writers' commit order (exports)" $?

# 4. SIGTERM mid-ingest, then a re-run
term=$(db_uri term)
"$TOCSIN" ingest --db "$term" --batch 20 "$tmp/in.jsonl" 2> "$tmp/term.err" &
pid=$!
tries=0
while [ $tries -lt 3000 ] && kill -0 $pid 2> /dev/null; do
    s=$(psql -At "$term" -c "SELECT count(*) FROM documents" 2> /dev/null || echo 0)
    [ "${s:-0}" -ge 100 ] && break
    sleep 0.1
    tries=$((tries + 1))
done
kill -TERM $pid
wait $pid
st=$?
pid=
at=$(psql -At "$term" -c "SELECT count(*) FROM documents")
said=$(sed -n 's/.* read, \([0-9]*\) stored.*/\1/p' "$tmp/term.err" | tail -n 1)
tail -n 1 "$tmp/term.err"
check "PostgreSQL, SIGTERM: exit 143 ($st), the summary says $said stored, the database holds $at of $n" \
    "$([ $st -eq 143 ] && [ "$said" = "$at" ] && [ "$at" -lt "$n" ]; echo $?)"
"$TOCSIN" ingest --db "$term" --batch 50 "$tmp/in.jsonl" 2> /dev/null
st=$?
c=$(pg_counts "$term")
check "PostgreSQL, SIGTERM: the re-run exits 0 ($st) and equals a clean run ($c)" \
    "$([ $st -eq 0 ] && [ "$c" = "$sqc" ]; echo $?)"

# 5. check names damage; a reader of a database that is not there says so
psql -q "$term" -c "UPDATE events SET n_mentions = n_mentions + 1 WHERE event_id = 1; DROP INDEX events_dyad"
"$TOCSIN" check --db "$term" > "$tmp/check.out"
st=$?
cat "$tmp/check.out"
check "PostgreSQL: check names a damaged count and a dropped index (exit $st)" \
    "$([ $st -eq 1 ] && grep -q "n_mentions is not" "$tmp/check.out" && grep -q "events_dyad is missing" "$tmp/check.out"; echo $?)"
"$TOCSIN" export --db "$(db_uri nosuchdb)" > /dev/null 2> "$tmp/nodb.err"
st=$?
cat "$tmp/nodb.err"
check "PostgreSQL: a database that does not exist: exit 2, one message ($st)" \
    "$([ $st -eq 2 ] && [ "$(wc -l < "$tmp/nodb.err")" -eq 1 ]; echo $?)"
exit $fail
