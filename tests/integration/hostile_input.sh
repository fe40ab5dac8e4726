#!/bin/sh
# hostile_input.sh — hostile input costs time linear in its size, truncation is
# always reported, and unopenable inputs exit 2 (issue "Hold up under hostile
# input", items 1, 5 and 8).
#  1. HTML: every shape of tests/fuzz/make_hostile.py is extracted at N and 10N
#     units, and every nasty input of tests/fuzz/make_nasty.py coded or
#     extracted repeated R and 10R times (tests/fuzz/scale.sh); 10x the input may
#     cost at most ~15x the CPU time (plus 0.5 s of slack for start-up and noise). A 1 MB tag of 92,000 attributes (69 s
#     before the pre-parse filter capped attributes) must take under 5 s, and a
#     page of 12.5 million tiny elements is cut at the element cap, says so, and
#     stays within a memory bound.
#  2. gzip: a WARC, JSON Lines or HTML file cut anywhere (in the first bytes of a
#     member, mid-stream, or without its trailer) is an error naming the file and
#     the offset, with exit status 1; the intact file exits 0.
#  3. A missing file or a directory given as input: exit 2, for code and extract.
set -u
command -v /usr/bin/python3 > /dev/null || { echo "skip: /usr/bin/python3 writes the hostile pages"; exit 77; }
T=${TMPDIR:-/tmp}/tocsin-hostile.$$
trap 'rm -rf "$T"' EXIT
mkdir -p "$T"
GEN="/usr/bin/python3 $TOCSIN_ROOT/tests/fuzz/make_hostile.py"
fail=0
check() { # description, status (0 = ok)
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
cpu() { # command... -> CPU seconds (user+sys) on stdout
    /usr/bin/time -o "$T/time" -f "%U %S" "$@" > /dev/null 2> "$T/cpu.err"
    tail -n 1 "$T/time" | awk '{printf "%.2f", $1 + $2}'
}

# 1. linear time on every shape
for shape in $($GEN --list); do
    $GEN "$shape" 20000 "$T/s.html"
    $GEN "$shape" 200000 "$T/b.html"
    small=$(cpu "$TOCSIN" extract "$T/s.html")
    big=$(cpu "$TOCSIN" extract "$T/b.html")
    ok=$(awk -v s="$small" -v b="$big" 'BEGIN { print (b <= 15 * s + 0.5) ? 0 : 1 }')
    check "$shape: 10x the input costs ${small}s -> ${big}s CPU (at most 15x + 0.5 s)" "$ok"
    ! grep -q -e Sanitizer -e 'runtime error' "$T/cpu.err"; check "$shape: no sanitizer report" $?
done

# the hand-made nasty inputs of the fuzz replay, scaled (tests/fuzz/scale.sh)
/usr/bin/python3 "$TOCSIN_ROOT/tests/fuzz/make_nasty.py" "$T/nasty" > /dev/null || { echo "FAILED: make_nasty.py"; exit 1; }
sh "$TOCSIN_ROOT/tests/fuzz/scale.sh" "$TOCSIN" html 20 "$T"/nasty/*.html; check "nasty HTML inputs scale linearly" $?
sh "$TOCSIN_ROOT/tests/fuzz/scale.sh" "$TOCSIN" text 3 "$T"/nasty/*.txt; check "nasty text inputs scale linearly" $?

$GEN attrs 92000 "$T/attrs.html"
start=$(date +%s.%N)
timeout 60 "$TOCSIN" extract "$T/attrs.html" > "$T/attrs.out" 2>&1
st=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ $st -eq 0 ] && awk -v s="$secs" 'BEGIN { exit !(s < 5) }'; check "1 MB tag of 92,000 attributes extracted in ${secs}s (< 5 s, exit $st)" $?
grep -qx x "$T/attrs.out"; check "its text is still extracted" $?

$GEN tiny 12500000 "$T/tiny.html"
/usr/bin/time -o "$T/time" -f "%M" "$TOCSIN" extract "$T/tiny.html" > /dev/null 2> "$T/tiny.err"
st=$?
kb=$(cat "$T/time" | tail -n 1)
[ $st -eq 0 ]; check "12.5M tiny elements (87 MB): exit $st" $?
grep -q "page cut" "$T/tiny.err"; check "the cut page says so: $(grep 'page cut' "$T/tiny.err" | head -n 1)" $?
# ASan keeps freed memory in quarantine: the bound is loose under it (the
# optimised build peaks at ~155 MB here)
[ "$kb" -lt 716800 ]; check "12.5M tiny elements: peak RSS $((kb / 1024)) MB (< 700 MB)" $?
"$TOCSIN" code --date 2022-01-02 "$T/tiny.html" > /dev/null 2> "$T/tiny-code.err"
grep -q "warning: .*tiny.html: page cut" "$T/tiny-code.err"; check "code warns about the cut page too" $?

# 2. every gzip truncation is an error naming file and offset
W="$TOCSIN_ROOT/tests/fixtures/web/sample.warc.gz"
size=$(wc -c < "$W")
for n in 10 20 30 100 $((size / 2)) $((size - 4)) $((size - 1)); do
    head -c "$n" "$W" > "$T/cut.warc.gz"
    "$TOCSIN" code --date 2022-01-02 "$T/cut.warc.gz" > /dev/null 2> "$T/cut.err"
    st=$?
    [ $st -eq 1 ] && grep -q "cut.warc.gz: .*offset .*truncated" "$T/cut.err"
    check "WARC cut at byte $n of $size: exit $st, '$(head -n 1 "$T/cut.err")'" $?
    "$TOCSIN" extract "$T/cut.warc.gz" > /dev/null 2> "$T/cutx.err"
    st=$?
    [ $st -eq 1 ] && grep -q "truncated" "$T/cutx.err"; check "extract: WARC cut at byte $n: exit $st" $?
done
"$TOCSIN" code --date 2022-01-02 "$W" > /dev/null 2>&1; check "the whole WARC codes with exit 0" $?
gzip -c "$TOCSIN_ROOT/data/samples/escalation.jsonl" > "$T/ok.jsonl.gz"
size=$(wc -c < "$T/ok.jsonl.gz")
for n in 15 100 $((size / 2)) $((size - 4)); do
    head -c "$n" "$T/ok.jsonl.gz" > "$T/cut.jsonl.gz"
    "$TOCSIN" code "$T/cut.jsonl.gz" > /dev/null 2> "$T/cut.err"
    st=$?
    [ $st -eq 1 ] && grep -q "cut.jsonl.gz: read error at compressed byte [0-9]*: .*truncated" "$T/cut.err"
    check "JSON Lines gzip cut at byte $n of $size: exit $st, '$(tail -n 1 "$T/cut.err")'" $?
done
"$TOCSIN" code "$T/ok.jsonl.gz" > /dev/null 2>&1; check "the whole JSON Lines gzip codes with exit 0" $?
gzip -c "$TOCSIN_ROOT/tests/fixtures/web/article.html" > "$T/ok.html.gz"
size=$(wc -c < "$T/ok.html.gz")
for n in 15 $((size - 4)); do
    head -c "$n" "$T/ok.html.gz" > "$T/cut.html.gz"
    for cmd in "code --date 2022-01-02" extract; do
        $TOCSIN $cmd "$T/cut.html.gz" > /dev/null 2> "$T/cut.err"
        st=$?
        [ $st -eq 1 ] && grep -q "truncated" "$T/cut.err"; check "$cmd: HTML gzip cut at byte $n of $size: exit $st" $?
    done
done

# 3. inputs that cannot be opened: exit 2
for cmd in "code --date 2022-01-02" extract "ingest --db $T/x.db"; do
    $TOCSIN $cmd /nonexistent/page.html > /dev/null 2>&1
    st=$?; [ $st -eq 2 ]; check "$cmd /nonexistent: exit $st (2)" $?
    $TOCSIN $cmd "$T" > /dev/null 2> "$T/dir.err"
    st=$?; [ $st -eq 2 ] && grep -q "directory" "$T/dir.err"; check "$cmd DIR: exit $st (2), '$(head -n 1 "$T/dir.err")'" $?
done

[ $fail -eq 0 ] && echo "hostile input: all checks passed"
exit $fail
