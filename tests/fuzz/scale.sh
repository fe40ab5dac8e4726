#!/bin/sh
# scale.sh — the size-scaling check for fuzz inputs: a quadratic path hides in
# the fuzzers' small inputs (libFuzzer's -max_len), so each input is also run
# repeated R times and 10R times, and 10x the bytes may cost at most ~15x the
# CPU time (plus SLACK seconds for start-up and noise).
#   sh tests/fuzz/scale.sh TOCSIN KIND R FILE...     KIND: html (extract) or text (code)
# Prints one line per input; exits 1 when any input scales worse than that.
# Run by tests/integration/hostile_input.sh on the hand-made nasty inputs, and
# by hand on a libFuzzer corpus (tests/fuzz/README.md).
set -u
TOCSIN=$1 KIND=$2 R=$3
shift 3
SLACK=${SLACK:-0.5}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
cpu() { # file -> CPU seconds of one run
    case $KIND in
    html) /usr/bin/time -o "$T/time" -f "%U %S" "$TOCSIN" extract "$1" > /dev/null 2>&1 ;;
    *)    /usr/bin/time -o "$T/time" -f "%U %S" "$TOCSIN" code --date 2022-01-02 "$1" > /dev/null 2>&1 ;;
    esac
    tail -n 1 "$T/time" | awk '{printf "%.2f", $1 + $2}'
}
repeat() { # file times out
    : > "$3"
    i=0
    while [ $i -lt "$2" ]; do cat "$1" >> "$3"; i=$((i + 1)); done
}
bad=0
for f in "$@"; do
    ext=${f##*.}
    case $KIND in html) ext=html ;; *) ext=txt ;; esac
    repeat "$f" "$R" "$T/small.$ext"
    repeat "$T/small.$ext" 10 "$T/big.$ext"
    a=$(cpu "$T/small.$ext")
    b=$(cpu "$T/big.$ext")
    if awk -v a="$a" -v b="$b" -v s="$SLACK" 'BEGIN { exit !(b <= 15 * a + s) }'; then
        echo "ok: $(basename "$f") x$R -> x$((R * 10)): ${a}s -> ${b}s"
    else
        echo "FAILED: $(basename "$f") x$R -> x$((R * 10)): ${a}s -> ${b}s (more than 15x)"
        bad=1
    fi
done
exit $bad
