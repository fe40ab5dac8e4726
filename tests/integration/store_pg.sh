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
#    completes to equal a clean run;
#  - `tocsin watch` and `tocsin serve`'s API answer on PostgreSQL exactly what they
#    answer on SQLite (the aggregate tables kept by PostgreSQL's trigger, also by two
#    writers at once, and filled once in a store that lacks them).
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
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
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

# 1b. watch and serve on PostgreSQL answer what they answer on SQLite: the alerts,
# indicators (days, weeks), dyads, network, event pages and stories, byte for byte
ok="source_code NOT GLOB '*[^A-Z0-9]*' AND target_code NOT GLOB '*[^A-Z0-9]*' AND target_code <> ''"
dyads=$(sqlite3 "$tmp/ref.db" "SELECT substr(source_code,1,3)||'-'||substr(target_code,1,3) FROM events WHERE $ok
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3")
adyad=$(sqlite3 "$tmp/ref.db" "SELECT source_code||'-'||target_code FROM events WHERE $ok AND length(source_code) > 3
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
mid=$(sqlite3 "$tmp/ref.db" "SELECT date FROM events ORDER BY date LIMIT 1 OFFSET (SELECT count(*) / 2 FROM events)")
stories=$(sqlite3 "$tmp/ref.db" "SELECT story_id FROM stories ORDER BY n_documents DESC, story_id LIMIT 2")
watches() { # store, out
    for a in "" "--level actor --format json --limit 0 --evidence 1000" "--from $mid --threshold 2 --min-events 1 --min-stories 1 --format json" \
        "--dyad $adyad --indicators week --format json"; do
        # shellcheck disable=SC2086
        "$TOCSIN" watch --db "$1" $a; echo "[exit $?]"
        for d in $dyads; do
            # shellcheck disable=SC2086
            "$TOCSIN" watch --db "$1" --dyad "$d" $a; echo "[exit $?]"
        done
    done > "$2" 2>&1
    for d in $dyads; do
        for p in day week; do "$TOCSIN" watch --db "$1" --dyad "$d" --indicators $p; echo "[exit $?]"; done
    done >> "$2" 2>&1
}
urls() {
    for lv in country actor; do
        for r in "" "&from=$mid" "&to=$mid"; do
            echo "api/dyads?level=$lv$r"; echo "api/alerts?level=$lv$r"; echo "api/network?level=$lv$r"
            echo "api/events?level=$lv&limit=40&offset=5$r"
        done
    done
    for d in $dyads $adyad; do
        echo "api/indicators?dyad=$d"; echo "api/indicators?dyad=$d&period=week&from=$mid"
        echo "api/events?dyad=$d&limit=30"; echo "api/alerts?dyad=$d&evidence=100"; echo "api/places?dyad=$d"
    done
    for s in $stories; do echo "api/stories/$s"; done
    echo "api/stories/999999"; echo "api/places"
}
api() { # store, out: every URL of urls() from a server on that store
    # the previous server's address must not be read while this one starts
    rm -f "$tmp/serve.out" "$tmp/serve.err"
    "$TOCSIN" serve --db "$1" --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
    pid=$!
    i=0
    until grep -q 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" 2> /dev/null; do
        i=$((i + 1)); [ $i -gt 300 ] && { echo "FAILED: serve did not start: $(cat "$tmp/serve.err")"; break; }
        sleep 0.1
    done
    base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" | head -1)
    urls | while read -r u; do
        printf '%s\n' "$u"
        curl -s -w ' HTTP %{http_code}\n' "$base$u"
    done > "$2"
    # a request without an answer: say what the server said (its stderr)
    grep -q ' HTTP 000$' "$2" && { echo "serve on $1 did not answer every request; its stderr:"; tail -n 40 "$tmp/serve.err"; }
    kill $pid; wait $pid 2> /dev/null; pid=
}
watches "$tmp/ref.db" "$tmp/sq.watch"
watches "$ref" "$tmp/pg.watch"
cmp -s "$tmp/sq.watch" "$tmp/pg.watch"
check "PostgreSQL: tocsin watch answers as on SQLite ($(wc -l < "$tmp/sq.watch") lines, $(grep -c '"dyad"' "$tmp/sq.watch") dyads/alerts in JSON)" $?
cmp -s "$tmp/sq.watch" "$tmp/pg.watch" || diff "$tmp/sq.watch" "$tmp/pg.watch" | head -6 | cut -c1-300
# the aggregate tables row by row (Goldstein sums to 0.1, as they are printed)
AGG="SELECT 'd', level, source, target, date, events, stories, CAST(round(goldstein * 10) AS INTEGER), q1, q2, q3, q4,
    hostile, hostile_stories FROM dyad_days UNION ALL SELECT 't', level, source, target, first_date || '/' || last_date,
    events, stories, CAST(round(goldstein * 10) AS INTEGER), q1, q2, q3, q4, 0, 0 FROM dyad_totals UNION ALL
    SELECT 'e', 0, '', '', date, events, 0, 0, 0, 0, 0, 0, 0, 0 FROM event_days ORDER BY 1, 2, 3, 4, 5"
psql -At "$ref" -c "$AGG" > "$tmp/pg.agg"
sqlite3 "$tmp/ref.db" "$AGG" > "$tmp/sq.agg"
check "PostgreSQL: the aggregate tables (trigger) hold SQLite's rows ($(wc -l < "$tmp/pg.agg") rows)" \
    "$(cmp -s "$tmp/sq.agg" "$tmp/pg.agg" && [ "$(wc -l < "$tmp/sq.agg")" -gt 500 ]; echo $?)"
api "$tmp/ref.db" "$tmp/sq.api"
api "$ref" "$tmp/pg.api"
cmp -s "$tmp/sq.api" "$tmp/pg.api"
check "PostgreSQL: tocsin serve's $(grep -c ' HTTP 200$' "$tmp/pg.api") API answers (HTTP 200) equal SQLite's, byte for byte" \
    "$(cmp -s "$tmp/sq.api" "$tmp/pg.api" && [ "$(grep -c ' HTTP 200$' "$tmp/sq.api")" -ge 40 ]; echo $?)"
cmp -s "$tmp/sq.api" "$tmp/pg.api" || diff "$tmp/sq.api" "$tmp/pg.api" | head -6 | cut -c1-300

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

# 2b. a PostgreSQL store without the aggregate tables (what an older tocsin wrote):
# watch adds and fills them once, then answers as on SQLite
psql -q "$same" -c "DROP TRIGGER events_aggregates ON events; DROP TABLE dyad_days, dyad_totals, event_days;
    DELETE FROM meta WHERE key IN ('aggregates', 'generation')"
aw="--level actor --format json --limit 0 --evidence 1000"
# shellcheck disable=SC2086
"$TOCSIN" watch --db "$same" $aw > "$tmp/up.watch" 2> "$tmp/up.err"
st=$?
# shellcheck disable=SC2086
"$TOCSIN" watch --db "$tmp/ref.db" $aw > "$tmp/upref.watch" 2> /dev/null
check "PostgreSQL without the aggregates: watch fills them once (exit $st: $(head -c 120 "$tmp/up.err")) and answers as SQLite" \
    "$([ $st -eq 0 ] && grep -q "adding the aggregate tables" "$tmp/up.err" && cmp -s "$tmp/up.watch" "$tmp/upref.watch" &&
       [ "$(psql -At "$same" -c "SELECT value FROM meta WHERE key = 'aggregates'")" = 1 ]; echo $?)"

# deletes and updates of events (tocsin never makes them; a user may): the trigger's
# sums equal the same store's tables filled afresh from its events
psql -q "$same" -c "DELETE FROM event_geo WHERE event_id % 7 = 0; DELETE FROM mention_confidence WHERE event_id % 7 = 0;
    DELETE FROM mentions WHERE event_id % 7 = 0; DELETE FROM events WHERE event_id % 7 = 0;
    UPDATE events SET goldstein = -goldstein, quad_class = 5 - quad_class WHERE event_id % 5 = 0;
    UPDATE events SET story_id = story_id + 100000 WHERE event_id % 11 = 0;
    UPDATE events SET target_code = '', story_id = -event_id WHERE event_id % 13 = 0 AND target_code <> '';
    UPDATE events SET target_code = 'ZZZ', story_id = -event_id - 1000000 WHERE event_id % 3 = 0 AND target_code = ''"
psql -At "$same" -c "$AGG" > "$tmp/kept.agg"
psql -q "$same" -c "DROP TRIGGER events_aggregates ON events; DROP TABLE dyad_days, dyad_totals, event_days;
    DELETE FROM meta WHERE key = 'aggregates'"
"$TOCSIN" watch --db "$same" > /dev/null 2>&1
psql -At "$same" -c "$AGG" > "$tmp/refilled.agg"
check "PostgreSQL: after deletes and updates of events the trigger's sums equal a fresh fill ($(wc -l < "$tmp/kept.agg") rows)" \
    "$(cmp -s "$tmp/kept.agg" "$tmp/refilled.agg" && ! cmp -s "$tmp/kept.agg" "$tmp/sq.agg"; echo $?)"

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

psql -At "$halves" -c "$AGG" > "$tmp/halves.agg"
sqlite3 "$tmp/serial.db" "$AGG" > "$tmp/serial.agg"
check "PostgreSQL, two halves at once: the aggregate tables two writers' triggers kept = one process's ($(wc -l < "$tmp/halves.agg") rows)" \
    "$(cmp -s "$tmp/halves.agg" "$tmp/serial.agg"; echo $?)"
# shellcheck disable=SC2086
"$TOCSIN" watch --db "$halves" $aw > "$tmp/halves.watch" 2>&1
# shellcheck disable=SC2086
"$TOCSIN" watch --db "$tmp/serial.db" $aw > "$tmp/serial.watch" 2>&1
check "PostgreSQL, two halves at once: the aggregates the two writers' triggers kept give the alerts of one process ($(grep -o '"dyad"' "$tmp/serial.watch" | wc -l) dyads)" \
    "$(cmp -s "$tmp/halves.watch" "$tmp/serial.watch"; echo $?)"

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
