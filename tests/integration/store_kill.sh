#!/bin/sh
# store_kill.sh — crash safety of `tocsin ingest`: kill -9 it in the middle of a
# large ingest, run it again, and check that every document is stored exactly
# once and that documents, stories, events, mentions and the exported events are
# identical to an uninterrupted ingest of the same input. Also: rerunning a
# finished ingest changes nothing.
set -u
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v sqlite3 > /dev/null || { echo "skip: the sqlite3 command-line tool is not installed"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-kill.$$
mkdir -p "$tmp"
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2> /dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}

# Input: stories with copies (so story clustering and event merging are exercised
# across the restart) among thousands of other documents.
python3 "$TOCSIN_ROOT/bench/dedup_gen.py" "$SHARED" "$tmp/in.jsonl" "$tmp/labels.tsv" \
    --stories 150 --distractors 2000 || exit 1
n_in=$(wc -l < "$tmp/in.jsonl")

# Reference: one uninterrupted ingest.
"$TOCSIN" ingest --db "$tmp/ref.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/ref.err"
st=$?
tail -n 2 "$tmp/ref.err"
check "uninterrupted ingest exit status 0 (got $st)" "$([ $st -eq 0 ]; echo $?)"

# Interrupted: kill -9 once some batches are committed, then rerun to the end.
"$TOCSIN" ingest --db "$tmp/run.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/run1.err" &
pid=$!
stored=0
tries=0
while [ $tries -lt 6000 ]; do
    if ! kill -0 $pid 2> /dev/null; then break; fi
    stored=$(sqlite3 "$tmp/run.db" 'SELECT count(*) FROM documents' 2> /dev/null || echo 0)
    [ "${stored:-0}" -ge 300 ] && break
    sleep 0.05
    tries=$((tries + 1))
done
if kill -0 $pid 2> /dev/null; then
    kill -9 $pid
    wait $pid 2> /dev/null
    killed=1
else
    wait $pid 2> /dev/null
    killed=0
fi
pid=
check "ingest was killed mid-way (documents committed when killed: $stored of $n_in)" \
    "$([ $killed -eq 1 ] && [ "$stored" -lt "$n_in" ]; echo $?)"
at_kill=$(sqlite3 "$tmp/run.db" 'SELECT count(*) FROM documents')
# Whole documents only: every stored document has its fingerprint and its extra row.
partial=$(sqlite3 "$tmp/run.db" "SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM doc_fingerprints),
    (SELECT count(*) FROM documents) - (SELECT count(*) FROM doc_extra),
    (SELECT count(*) FROM mentions WHERE doc_id NOT IN (SELECT doc_id FROM documents))")
check "after kill -9: $at_kill whole documents, no partial ones (diffs: $partial)" \
    "$([ "$partial" = "0|0|0" ] && [ "$at_kill" -gt 0 ]; echo $?)"

"$TOCSIN" ingest --db "$tmp/run.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/run2.err"
st=$?
tail -n 1 "$tmp/run2.err"
check "resumed ingest exit status 0 (got $st)" "$([ $st -eq 0 ]; echo $?)"
grep -q "$at_kill already stored" "$tmp/run2.err"
check "resumed ingest skipped exactly the $at_kill documents stored before the kill" $?

counts() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT doc_id) FROM documents),
        (SELECT count(*) FROM stories), (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
        (SELECT sum(n_mentions) || '/' || sum(n_articles) || '/' || sum(n_sources) FROM events),
        (SELECT sum(n_documents) FROM stories)"
}
ref=$(counts "$tmp/ref.db")
run=$(counts "$tmp/run.db")
echo "reference: $ref"
echo "resumed:   $run"
check "counts identical to the uninterrupted ingest" "$([ "$ref" = "$run" ]; echo $?)"
check "every input document stored exactly once ($n_in)" "$(echo "$run" | grep -q "^$n_in|$n_in|"; echo $?)"
"$TOCSIN" stories --db "$tmp/ref.db" --format tsv > "$tmp/ref.stories"
"$TOCSIN" stories --db "$tmp/run.db" --format tsv > "$tmp/run.stories"
cmp -s "$tmp/ref.stories" "$tmp/run.stories"
check "story clusters identical" $?
"$TOCSIN" export --db "$tmp/ref.db" --format jsonl > "$tmp/ref.events" 2> /dev/null
"$TOCSIN" export --db "$tmp/run.db" --format jsonl > "$tmp/run.events" 2> /dev/null
cmp -s "$tmp/ref.events" "$tmp/run.events"
check "exported events identical ($(wc -l < "$tmp/ref.events") events)" $?

# Idempotent: the same input again changes nothing.
"$TOCSIN" ingest --db "$tmp/run.db" "$tmp/in.jsonl" 2> "$tmp/run3.err"
st=$?
again=$(counts "$tmp/run.db")
check "ingesting the same file again changes nothing (status $st)" "$([ $st -eq 0 ] && [ "$again" = "$ref" ]; echo $?)"
exit $fail
