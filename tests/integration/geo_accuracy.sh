#!/bin/sh
# geo_accuracy.sh — place recognition and resolution scored as the geoparsing literature
# scores them (tests/geo/score.py): recognition P/R/F1 of place spans (overlap) and, over
# the correctly recognised spans, acc@161 km and the mean error, on ../shared/gold/geo:
# TR-News (international news), GeoVirus (WikiNews on outbreaks) and tocsin's own US local
# news gold (tests/geo/us-local.tsv). Fails when a figure
# drops below its floor (the figures at the time of writing, rounded down).
# GeoVirus's annotators did not mark adjectives and demonyms ("Russian"), TR-News's did:
# GeoVirus is also scored without tocsin's adjective mentions, as its guidelines ask.
# Skips (77) without ../shared or without a gazetteer.
set -u
PY=/usr/bin/python3
G="$SHARED/gold/geo"
[ -f "$G/trnews-dev.jsonl" ] || { echo "skip: $G not present"; exit 77; }
[ -x "$PY" ] || { echo "skip: /usr/bin/python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-geoacc.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo '{"id":"probe","text":"in Paris"}' | "$TOCSIN" places - > /dev/null 2>&1 || { echo "skip: no gazetteer (run make deps && make)"; exit 77; }
S="$TOCSIN_ROOT/tests/geo"
fail=0
$PY "$S/prep.py" "$G/trnews-dev.jsonl" > "$tmp/tr.in"
"$TOCSIN" places "$tmp/tr.in" > "$tmp/tr.out" || fail=1
$PY "$S/score.py" "$G/trnews-dev.jsonl" "$tmp/tr.out" --name trnews-dev --floor-f1 0.90 --floor-acc 0.84 || fail=1
# the two halves (score.py's part(): a hash of the document id): rules were tuned on the
# first and kept only when the second, never read, did not fall
$PY "$S/score.py" "$G/trnews-dev.jsonl" "$tmp/tr.out" --part tune --name "trnews-dev, tuning half" --floor-acc 0.82 || fail=1
$PY "$S/score.py" "$G/trnews-dev.jsonl" "$tmp/tr.out" --part holdout --name "trnews-dev, held-out half" --floor-acc 0.87 || fail=1
$PY "$S/prep.py" "$G/geovirus.jsonl" > "$tmp/gv.in"
"$TOCSIN" places "$tmp/gv.in" > "$tmp/gv.out" || fail=1
$PY "$S/score.py" "$G/geovirus.jsonl" "$tmp/gv.out" --name geovirus --floor-f1 0.85 --floor-acc 0.74 || fail=1
grep -v '"cue":"adjective"' "$tmp/gv.out" > "$tmp/gv.noadj"
$PY "$S/score.py" "$G/geovirus.jsonl" "$tmp/gv.noadj" --name "geovirus (no adjectives)" --floor-f1 0.89 || fail=1
# US local news: tocsin's own gold (tests/geo/us-local.tsv, pointers into ../shared/corpora,
# annotated by hand before tocsin was run on it; tests/geo/README.md); the held-out half by the
# same hash of the document id
if [ -f "$SHARED/corpora/reuters21578.jsonl" ] && [ -f "$SHARED/corpora/agnews-test.jsonl" ]; then
    $PY "$S/us_local.py" "$S/us-local.tsv" "$SHARED" > "$tmp/us.gold" || fail=1
    $PY "$S/prep.py" "$tmp/us.gold" > "$tmp/us.in"
    "$TOCSIN" places "$tmp/us.in" > "$tmp/us.out" || fail=1
    $PY "$S/score.py" "$tmp/us.gold" "$tmp/us.out" --name "us-local" --floor-f1 0.89 --floor-acc 0.92 || fail=1
    $PY "$S/score.py" "$tmp/us.gold" "$tmp/us.out" --part tune --name "us-local, tuning half" --floor-f1 0.90 --floor-acc 0.97 || fail=1
    $PY "$S/score.py" "$tmp/us.gold" "$tmp/us.out" --part holdout --name "us-local, held-out half" --floor-f1 0.89 --floor-acc 0.87 || fail=1
else
    echo "skip: us-local: $SHARED/corpora not present"
fi
exit $fail
