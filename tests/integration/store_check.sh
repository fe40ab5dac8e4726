#!/bin/sh
# store_check.sh — `tocsin check --db` (issue 15.8): a whole store is "ok" (exit 0);
# each kind of damage made to a copy — a count edited, a mention deleted, a story
# deleted, an index dropped, a page of the file overwritten — is named (exit 1);
# what is not a database is exit 2.
set -u
[ -f "$SHARED/corpora/guardian.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v sqlite3 > /dev/null || { echo "skip: the sqlite3 command-line tool is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-check.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
"$TOCSIN" ingest --db "$tmp/good.db" "$SHARED/corpora/guardian.jsonl" "$SHARED/corpora/bbc.jsonl" 2> /dev/null
"$TOCSIN" check --db "$tmp/good.db" > "$tmp/out"
st=$?
cat "$tmp/out"
check "a whole store: exit 0 and 'ok'" "$([ $st -eq 0 ] && grep -q ': ok$' "$tmp/out"; echo $?)"

damage() { # name, SQL, pattern the report must contain
    cp "$tmp/good.db" "$tmp/$1.db"
    sqlite3 "$tmp/$1.db" "$2" || { echo "FAILED: cannot damage ($1)"; fail=1; return; }
    "$TOCSIN" check --db "$tmp/$1.db" > "$tmp/$1.out"
    st=$?
    sed 's/^/    /' "$tmp/$1.out"
    check "$1: exit 1 and named ('$3')" "$([ $st -eq 1 ] && grep -q "$3" "$tmp/$1.out"; echo $?)"
}
damage count "UPDATE events SET n_mentions = n_mentions + 1 WHERE event_id = (SELECT max(event_id) FROM events)" \
    "events whose n_mentions is not"
damage articles "UPDATE events SET n_articles = n_articles + 3 WHERE event_id = 1" "events whose n_articles is not"
damage mention "DELETE FROM mentions WHERE event_id = (SELECT min(event_id) FROM events WHERE n_mentions = 1)" \
    "1 events without a mention"
damage story "DELETE FROM stories WHERE story_id = (SELECT story_id FROM documents LIMIT 1 OFFSET 10)" \
    "documents without a story"
damage ndocs "UPDATE stories SET n_documents = 5 WHERE story_id = 1" "stories whose n_documents is not"
damage index "DROP INDEX events_dyad" "index events_dyad is missing"
damage extra "DELETE FROM doc_extra WHERE rowid = 3" "documents without their doc_extra row"

# damage SQLite can see: overwrite a page in the middle of the file
cp "$tmp/good.db" "$tmp/bytes.db"
sqlite3 "$tmp/bytes.db" "PRAGMA journal_mode = DELETE" > /dev/null
pages=$(sqlite3 "$tmp/bytes.db" "PRAGMA page_count")
psize=$(sqlite3 "$tmp/bytes.db" "PRAGMA page_size")
head -c "$psize" /dev/urandom | dd of="$tmp/bytes.db" bs="$psize" seek=$((pages / 2)) conv=notrunc 2> /dev/null
"$TOCSIN" check --db "$tmp/bytes.db" > "$tmp/bytes.out" 2>&1
st=$?
head -n 5 "$tmp/bytes.out" | sed 's/^/    /'
check "a page overwritten: exit 1 or 2, and said (exit $st)" \
    "$([ $st -eq 1 ] || [ $st -eq 2 ]; echo $?)"
check "a page overwritten: not called ok" "$(! grep -q ': ok$' "$tmp/bytes.out"; echo $?)"

echo "not a database" > "$tmp/text.db"
"$TOCSIN" check --db "$tmp/text.db" 2> "$tmp/text.err"
st=$?
cat "$tmp/text.err"
check "not a database: exit 2 ($st)" "$([ $st -eq 2 ]; echo $?)"
: > "$tmp/empty.db"
"$TOCSIN" check --db "$tmp/empty.db" 2> "$tmp/empty.err"
st=$?
check "a zero-byte file: exit 2 and said empty ($st)" "$([ $st -eq 2 ] && grep -q empty "$tmp/empty.err"; echo $?)"
"$TOCSIN" check 2> /dev/null
check "no --db: usage, exit 2" "$([ $? -eq 2 ]; echo $?)"
exit $fail
