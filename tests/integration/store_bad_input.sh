#!/bin/sh
# store_bad_input.sh — `tocsin ingest` with bad records among good ones: each bad
# record is reported by name, every good one is stored, the exit status is 1, and
# a second run changes nothing. A database path that cannot be opened is a clear
# fatal error (status 2).
set -u
tmp=${TMPDIR:-/tmp}/tocsin-store-bad.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
{
    echo '{"id":"good1","date":"2022-01-02","text":"Russia accused Ukraine of shelling the town."}'
    echo '{"id":"baddate","date":"2022-13-45","text":"Russia accused Ukraine."}'
    echo '{"id":"broken", "date": "2022-01-02", "text": "unterminated'
    printf '{"id":"badutf8","date":"2022-01-02","text":"Russia \377\376 accused Ukraine of shelling the town."}\n'
    head -c 5000 /dev/urandom | tr -d '\n'; echo
    echo '{"id":"good2","date":"2022-01-03","text":"France condemned the attack on the embassy in Paris."}'
    echo '{"id":"good1","date":"2022-01-02","text":"A second record with an id already used."}'
} > "$tmp/mixed.jsonl"
"$TOCSIN" ingest --db "$tmp/db" "$tmp/mixed.jsonl" 2> "$tmp/err1.txt"
st=$?
cat "$tmp/err1.txt"
check "exit status 1 when some records failed (got $st)" "$([ $st -eq 1 ]; echo $?)"
grep -q baddate "$tmp/err1.txt"; check "error names record baddate" $?
grep -q "mixed.jsonl:3" "$tmp/err1.txt"; check "error names line 3 (bad JSON)" $?
n=$("$TOCSIN" stories --db "$tmp/db" --format tsv | tail -n +2 | cut -f3 | sort | tr '\n' ' ')
check "good records stored, the first of two records with one id ($n)" "$([ "$n" = "badutf8 good1 good2 " ]; echo $?)"
grep -q "good1: another document with this id" "$tmp/err1.txt"; check "a second text under a stored id is reported by name" $?
before=$(cat "$tmp/db" | wc -c)
"$TOCSIN" export --db "$tmp/db" --format jsonl > "$tmp/ev1.jsonl" 2> /dev/null
"$TOCSIN" ingest --db "$tmp/db" "$tmp/mixed.jsonl" 2> "$tmp/err2.txt"
"$TOCSIN" export --db "$tmp/db" --format jsonl > "$tmp/ev2.jsonl" 2> /dev/null
cmp -s "$tmp/ev1.jsonl" "$tmp/ev2.jsonl"; check "a second run changes no event" $?
grep -q "0 stored, 4 already stored" "$tmp/err2.txt"; check "a second run stores nothing new" $?
"$TOCSIN" ingest --db "$tmp/no/such/dir/db" "$tmp/mixed.jsonl" 2> "$tmp/err3.txt"
st=$?
cat "$tmp/err3.txt"
check "unopenable database: status 2 with a message (got $st)" "$([ $st -eq 2 ] && [ -s "$tmp/err3.txt" ]; echo $?)"
printf 'not a database at all, just text\n' > "$tmp/text.db"
"$TOCSIN" ingest --db "$tmp/text.db" "$tmp/mixed.jsonl" 2> "$tmp/err4.txt"
st=$?
cat "$tmp/err4.txt"
check "a file that is not a database: status 2 with a message (got $st)" "$([ $st -eq 2 ] && [ -s "$tmp/err4.txt" ]; echo $?)"
"$TOCSIN" ingest "$tmp/mixed.jsonl" 2> /dev/null
check "missing --db is a usage error" "$([ $? -eq 2 ]; echo $?)"
exit $fail
