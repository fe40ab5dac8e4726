#!/bin/sh
# suites.sh — the field's validation suites, run through `tocsin eval` (issue 3).
# Fails when a suite falls below its threshold; skips (77) when ../shared is absent.
# Thresholds: the record pass rate of the PETRARCH-2, UD-PETRARCH and TABARI suites
# and the triple F1 of petr2-gsr with the Phoenix dictionaries. Override with
# SUITE_MIN_PASS / SUITE_MIN_F1 while working towards the targets.
SHARED=${SHARED:-../shared}
TOCSIN=${TOCSIN:-build/tocsin}
G="$SHARED/gold"
if [ ! -d "$G" ] || [ ! -d "$SHARED/dict/phoenix" ]; then
    echo "skipped: $SHARED (the shared gold suites) is not available"
    exit 77
fi
MIN_PASS=${SUITE_MIN_PASS:-0.90}
MIN_F1=${SUITE_MIN_F1:-0.80}
status=0
run() { # name, gold, dict, option, threshold
    out=$("$TOCSIN" eval --dict "$3" --failures 0 "$4" "$5" "$G/$2" 2>/dev/null)
    rc=$?
    echo "$out" | sed "s|^|$1: |"
    # exit 3 only says that some gold records are deliberately malformed (bad dates)
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        echo "$1: FAILED (exit $rc)"
        status=1
    fi
}
run petr2-unittest petr2-unittest.jsonl "$G/dict/petr-validate" --min-pass "$MIN_PASS"
run udpetrarch udpetrarch-validate.jsonl "$G/dict/udpetrarch-validate" --min-pass "$MIN_PASS"
run tabari tabari-validate.jsonl "$G/dict/tabari-demo" --min-pass "$MIN_PASS"
run petr2-gsr petr2-gsr.jsonl "$SHARED/dict/phoenix" --min-f1 "$MIN_F1"
exit $status
