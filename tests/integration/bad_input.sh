#!/bin/sh
# Bad input never crashes and never silently loses a document: each bad record gets
# a clear error naming it, the rest is coded, and the exit status says something failed.
set -u
tmp=${TMPDIR:-/tmp}/tocsin-bad.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
good='{"id":"good1","date":"2022-01-02","text":"Russia accused Ukraine of shelling the town."}'
good2='{"id":"good2","date":"2022-01-03","text":"Germany accused Russia of shelling the town."}'
{
    echo "$good"
    echo '{"id":"nodate","text":"Russia accused Ukraine."}'
    echo '{"id":"baddate","date":"2022-13-45","text":"Russia accused Ukraine."}'
    echo '{"date":"2022-01-02","text":"no id here"}'
    echo '{"id":"notext","date":"2022-01-02"}'
    echo '{"id":"broken", "date": "2022-01-02", "text": "unterminated'
    echo '[1,2,3]'
    printf '{"id":"badutf8","date":"2022-01-02","text":"Russia \377\376 accused Ukraine of shelling the town."}\n'
    head -c 3000 /dev/urandom | tr -d '\n'; echo
    echo ""
    echo "$good2"
} > "$tmp/mixed.jsonl"
"$TOCSIN" code "$tmp/mixed.jsonl" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
st=$?
cat "$tmp/err.txt"
check "exit status 1 when some records failed (got $st)" "$([ $st -eq 1 ]; echo $?)"
for id in nodate baddate notext; do
    grep -q "$id" "$tmp/err.txt"; check "error names record $id" $?
done
grep -q "mixed.jsonl:4" "$tmp/err.txt"; check "error names line 4 (record without id)" $?
grep -q "mixed.jsonl:6" "$tmp/err.txt"; check "error names line 6 (bad JSON)" $?
grep -q '"doc_id":"good1"' "$tmp/out.jsonl"; check "good record before the bad ones coded" $?
grep -q '"doc_id":"good2"' "$tmp/out.jsonl"; check "good record after the bad ones coded" $?
grep -q '"doc_id":"badutf8"' "$tmp/out.jsonl"; check "record with invalid UTF-8 repaired and coded" $?

# A 50 MB line of junk between two good records.
{ echo "$good"; head -c 52428800 /dev/zero | tr '\0' 'x'; echo; echo "$good2"; } > "$tmp/huge.jsonl"
"$TOCSIN" code "$tmp/huge.jsonl" > "$tmp/out2.jsonl" 2> "$tmp/err2.txt"
st=$?
check "50 MB junk line: exit 1 (got $st)" "$([ $st -eq 1 ]; echo $?)"
grep -q "huge.jsonl:2" "$tmp/err2.txt"; check "50 MB junk line reported as line 2" $?
[ "$(grep -c doc_id "$tmp/out2.jsonl")" -ge 2 ]; check "both good records around the 50 MB line coded" $?

# A 50 MB plain-text document (one huge line of words) is coded in bounded time.
{ i=0; while [ $i -lt 2000 ]; do printf 'Russia accused Ukraine of shelling the town and '; i=$((i+1)); done; } > "$tmp/chunk"
: > "$tmp/huge.txt"; while [ "$(wc -c < "$tmp/huge.txt")" -lt 52428800 ]; do cat "$tmp/chunk" "$tmp/chunk" "$tmp/chunk" "$tmp/chunk" >> "$tmp/huge.txt"; done
"$TOCSIN" code --date 2022-01-02 "$tmp/huge.txt" > /dev/null 2> "$tmp/err3.txt"
st=$?
check "50 MB one-line text document: no crash (exit $st)" "$([ $st -le 1 ]; echo $?)"

# Empty file, binary junk as text, missing file.
: > "$tmp/empty.txt"
"$TOCSIN" code --date 2022-01-02 "$tmp/empty.txt" > "$tmp/out4" 2>&1
check "empty file: exit 0" $?
head -c 100000 /dev/urandom > "$tmp/junk.bin"
"$TOCSIN" code --date 2022-01-02 --input text "$tmp/junk.bin" > /dev/null 2>&1
st=$?
check "binary junk as text: no crash (exit $st)" "$([ $st -le 1 ]; echo $?)"
"$TOCSIN" code "$tmp/does-not-exist.jsonl" "$tmp/mixed.jsonl" > "$tmp/out5" 2> "$tmp/err5"
st=$?
check "missing file: exit 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
grep -q "does-not-exist.jsonl" "$tmp/err5"; check "missing file named in the error" $?
grep -q '"doc_id":"good2"' "$tmp/out5"; check "inputs after a missing file still coded" $?
"$TOCSIN" code "$tmp/empty.txt" > /dev/null 2> "$tmp/err6"
st=$?
check "plain text without --date: exit 1 with a message (got $st)" "$([ $st -eq 1 ]; echo $?)"
grep -q "date" "$tmp/err6"; check "the message says the date is missing" $?
exit $fail
