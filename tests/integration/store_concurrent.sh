#!/bin/sh
# store_concurrent.sh — two `tocsin ingest` processes writing one SQLite database
# at once (issue 15.2). Writers take turns batch by batch and each batch first
# reads what the other committed, so story clustering is global:
#  - the same file ingested by two processes at once gives exactly the documents,
#    stories, events, mentions and exported events of one run;
#  - two halves ingested at once give exactly what one process gives for the same
#    documents in the order the two writers committed them (serializable: each
#    batch saw every document committed before it), and are close to the whole in
#    one run (greedy clustering depends a little on order: the same halves one
#    after the other differ from the whole by as much);
#  - both exit 0; no event is stored twice; counts agree with mentions.
set -u
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v sqlite3 > /dev/null || { echo "skip: the sqlite3 command-line tool is not installed"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-conc.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
python3 "$TOCSIN_ROOT/bench/dedup_gen.py" "$SHARED" "$tmp/in.jsonl" "$tmp/labels.tsv" \
    --stories 150 --distractors 2000 > /dev/null || exit 1
n=$(wc -l < "$tmp/in.jsonl")
# halves by alternate lines: copies of one story land in both halves
awk 'NR % 2 == 1' "$tmp/in.jsonl" > "$tmp/h1.jsonl"
awk 'NR % 2 == 0' "$tmp/in.jsonl" > "$tmp/h2.jsonl"

counts() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM stories),
        (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
        (SELECT sum(n_mentions) || '/' || sum(n_articles) || '/' || sum(n_sources) FROM events),
        (SELECT sum(n_documents) FROM stories)"
}
# the story partition: one line per story, its documents sorted
partition() {
    sqlite3 "$1" "SELECT group_concat(doc_id, ' ') FROM (SELECT doc_id, story_id FROM documents ORDER BY doc_id)
        GROUP BY story_id" | sort
}
# documents whose story (the set of its documents) differs between two databases
moved() {
    sqlite3 "$1" "ATTACH '$2' AS b;
        WITH ga AS (SELECT story_id, group_concat(doc_id, ' ') g FROM (SELECT * FROM main.documents ORDER BY doc_id)
                    GROUP BY story_id),
             gb AS (SELECT story_id, group_concat(doc_id, ' ') g FROM (SELECT * FROM b.documents ORDER BY doc_id)
                    GROUP BY story_id),
             da AS (SELECT d.doc_id, ga.g FROM main.documents d JOIN ga USING (story_id)),
             db AS (SELECT d.doc_id, gb.g FROM b.documents d JOIN gb USING (story_id))
        SELECT count(*) FROM da JOIN db USING (doc_id) WHERE da.g <> db.g"
}
sane() { # no event twice in a story, counts agree with mentions, every event mentioned
    sqlite3 "$1" "SELECT (SELECT count(*) FROM (SELECT 1 FROM events GROUP BY story_id, date, source_code,
            target_code, code HAVING count(*) > 1)),
        (SELECT count(*) FROM events e WHERE n_mentions <> (SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id)),
        (SELECT count(*) FROM stories s WHERE n_documents <> (SELECT count(*) FROM documents d WHERE d.story_id = s.story_id))"
}

"$TOCSIN" ingest --db "$tmp/ref.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/ref.err"
check "one run exit status 0" $?
ref=$(counts "$tmp/ref.db")
echo "one run:              $ref"

# 1. the same file, two processes at once
"$TOCSIN" ingest --db "$tmp/same.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/s1.err" &
p1=$!
"$TOCSIN" ingest --db "$tmp/same.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/s2.err"
st2=$?
wait $p1
st1=$?
tail -n 1 "$tmp/s1.err" "$tmp/s2.err"
check "same file twice at once: both exit 0 ($st1, $st2)" "$([ $st1 -eq 0 ] && [ $st2 -eq 0 ]; echo $?)"
same=$(counts "$tmp/same.db")
echo "same file twice:      $same"
check "same file twice at once: documents, stories, events, mentions and counts of one run" \
    "$([ "$same" = "$ref" ]; echo $?)"
partition "$tmp/ref.db" > "$tmp/ref.part"
partition "$tmp/same.db" > "$tmp/same.part"
cmp -s "$tmp/ref.part" "$tmp/same.part"
check "same file twice at once: the same stories ($(wc -l < "$tmp/ref.part"))" $?
check "same file twice at once: no event twice, counts agree ($(sane "$tmp/same.db"))" \
    "$([ "$(sane "$tmp/same.db")" = "0|0|0" ]; echo $?)"
grep -q "stored" "$tmp/s1.err" && grep -q "stored" "$tmp/s2.err"
a1=$(sed -n 's/.* read, \([0-9]*\) stored.*/\1/p' "$tmp/s1.err")
a2=$(sed -n 's/.* read, \([0-9]*\) stored.*/\1/p' "$tmp/s2.err")
check "the two writers' summaries add up to the input ($a1 + $a2 = $n)" "$([ $((a1 + a2)) -eq "$n" ]; echo $?)"

# 2. two halves at once
"$TOCSIN" ingest --db "$tmp/halves.db" --batch 50 "$tmp/h1.jsonl" 2> "$tmp/h1.err" &
p1=$!
"$TOCSIN" ingest --db "$tmp/halves.db" --batch 50 "$tmp/h2.jsonl" 2> "$tmp/h2.err"
st2=$?
wait $p1
st1=$?
check "two halves at once: both exit 0 ($st1, $st2)" "$([ $st1 -eq 0 ] && [ $st2 -eq 0 ]; echo $?)"
halves=$(counts "$tmp/halves.db")
echo "two halves at once:   $halves"
check "two halves at once: no event twice, counts agree ($(sane "$tmp/halves.db"))" \
    "$([ "$(sane "$tmp/halves.db")" = "0|0|0" ]; echo $?)"
# the same documents in commit order, one process
sqlite3 "$tmp/halves.db" "SELECT doc_id FROM documents ORDER BY rowid" > "$tmp/order.txt"
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
serial=$(counts "$tmp/serial.db")
echo "serial, commit order: $serial"
check "two halves at once = one process in the writers' commit order (counts)" \
    "$([ "$halves" = "$serial" ]; echo $?)"
partition "$tmp/halves.db" > "$tmp/halves.part"
partition "$tmp/serial.db" > "$tmp/serial.part"
cmp -s "$tmp/halves.part" "$tmp/serial.part"
check "two halves at once = one process in the writers' commit order (stories)" $?
"$TOCSIN" export --db "$tmp/halves.db" --format jsonl | cut -d, -f2- > "$tmp/halves.ev"
"$TOCSIN" export --db "$tmp/serial.db" --format jsonl | cut -d, -f2- > "$tmp/serial.ev"
cmp -s "$tmp/halves.ev" "$tmp/serial.ev"
check "two halves at once = one process in the writers' commit order (exported events)" $?
# against the whole in one run: order matters a little to greedy clustering
"$TOCSIN" ingest --db "$tmp/seq.db" --batch 50 "$tmp/h2.jsonl" 2> /dev/null
"$TOCSIN" ingest --db "$tmp/seq.db" --batch 50 "$tmp/h1.jsonl" 2> /dev/null
m_conc=$(moved "$tmp/ref.db" "$tmp/halves.db")
m_seq=$(moved "$tmp/ref.db" "$tmp/seq.db")
echo "documents in another story than in one run: halves at once $m_conc, halves one after the other $m_seq (of $n)"
check "two halves at once: at most 5% of documents in another story than one run ($m_conc of $n; 760 before writers shared the index)" \
    "$([ "$m_conc" -le $((n / 20)) ]; echo $?)"
exit $fail
