#!/bin/sh
# fuzz_smoke.sh — a short, deterministic replay of hostile input through the CLI:
# the hand-made nasty files of tests/fuzz/make_nasty.py (JSON Lines, plain text,
# HTML, WARC plain and gzip, dictionary files) go through `tocsin code` and
# `tocsin extract`. Under make check's ASan+UBSan build any memory error fails
# here. Also checks the rule that a bad record never takes good ones with it and
# never vanishes: the good records around the bad ones are coded, the bad ones
# are named (path:line), and WARC records without a URI get ids of their own.
# The long fuzzing runs are separate (tests/fuzz/README.md).
set -u
tmp=${TMPDIR:-/tmp}/tocsin-fuzz-smoke.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
command -v python3 > /dev/null || { echo "skip: python3 is needed to write the nasty inputs"; exit 77; }
python3 "$TOCSIN_ROOT/tests/fuzz/make_nasty.py" "$tmp/in" || { echo "FAILED: make_nasty.py"; exit 1; }
fail=0
check() { # description, status (0 = ok)
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
# A run survived when it exited normally (0 or 1) and no sanitizer spoke.
survived() { # status, stderr file
    [ "$1" -le 1 ] && ! grep -q -e 'Sanitizer' -e 'runtime error' "$2"
}
start=$(date +%s)
for f in "$tmp"/in/*.*; do
    name=$(basename "$f")
    "$TOCSIN" code --date 2022-01-02 "$f" > "$tmp/$name.out" 2> "$tmp/$name.err"
    st=$?
    survived $st "$tmp/$name.err"; check "code $name (exit $st)" $?
    case $name in
    *.html|*.html.gz|*.warc|*.warc.gz)
        "$TOCSIN" extract --format json "$f" > "$tmp/$name.x" 2> "$tmp/$name.xerr"
        st=$?
        survived $st "$tmp/$name.xerr"; check "extract $name (exit $st)" $?
        ;;
    esac
done

# JSON Lines: the good first and last records are coded, the broken ones named.
j=nasty.jsonl
grep -q '"doc_id":"ok"' "$tmp/$j.out"; check "first good JSONL record coded" $?
grep -q '"doc_id":"ok2"' "$tmp/$j.out"; check "last good JSONL record coded" $?
for n in 2 5 8 9 15 17 19 22 25; do
    grep -q "nasty.jsonl:$n:" "$tmp/$j.err"; check "bad JSONL line $n named" $?
done
"$TOCSIN" code --date 2022-01-02 "$tmp/in/$j" > /dev/null 2>&1
st=$?
[ $st -eq 1 ]; check "exit status 1 when JSONL records failed (got $st)" $?

# WARC: good records before and after broken ones are coded; no two share an id.
for w in nasty.warc nasty.warc.gz; do
    grep -q '"doc_id":"http://a/"' "$tmp/$w.out"; check "$w: first good record coded" $?
    grep -q "\"doc_id\":\"$w#record" "$tmp/$w.out"; check "$w: good record after the broken ones coded, with an id of its own" $?
    grep -q "offset" "$tmp/$w.err"; check "$w: broken records reported with their offset" $?
done

# Dictionaries: malformed lines are reported with file:line and the rest still codes.
echo '{"id":"d","date":"2022-01-02","text":"Russia accused Ukraine of shelling the town."}' > "$tmp/one.jsonl"
"$TOCSIN" code --dict+ "$tmp/in/dict" "$tmp/one.jsonl" > "$tmp/dict.out" 2> "$tmp/dict.err"
st=$?
survived $st "$tmp/dict.err"; check "code with nasty dictionaries (exit $st)" $?
grep -q 'nasty.actors:2:' "$tmp/dict.err"; check "bad actors line named with file:line" $?
grep -q 'nasty.verbs:[0-9]*:' "$tmp/dict.err"; check "bad verbs line named with file:line" $?
grep -q 'nasty.agents' "$tmp/dict.err"; check "binary agents file reported" $?
grep -q '"doc_id":"d"' "$tmp/dict.out"; check "document still coded with the built-in dictionaries" $?

# A directory with more dictionary files than the loader takes says so.
mkdir -p "$tmp/many"
i=0; while [ $i -lt 1030 ]; do echo "NAME$i [ABC]" > "$tmp/many/f$i.actors"; i=$((i + 1)); done
"$TOCSIN" code --dict+ "$tmp/many" "$tmp/one.jsonl" > /dev/null 2> "$tmp/many.err"
grep -q "more than 1024 files" "$tmp/many.err"; check "dictionary files beyond the 1024 read are reported" $?

echo "fuzz smoke: $(( $(date +%s) - start )) s"
exit $fail
