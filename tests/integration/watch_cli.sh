#!/bin/sh
# watch_cli.sh — `tocsin watch` end to end on a store built by the test
# (tests/browser/fixture_store.py): the escalation day is found and explained,
# filters work, JSON is valid, bad options and bad stores fail with exit 2, and a
# stored event with an impossible date is named and makes the exit status 1.
set -u
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to build the test store"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
python3 "$TOCSIN_ROOT/tests/browser/fixture_store.py" "$T/s.db" || fail "fixture store"

"$TOCSIN" watch --db "$T/s.db" > "$T/out" 2> "$T/err" || fail "watch exit $? $(cat "$T/err")"
cat "$T/out"
head -1 "$T/out" | grep -q '^1 alert ' || fail "expected exactly one alert"
grep -q '^  1\. RUS-UKR  *2022-02-14  z=+' "$T/out" || fail "alert RUS-UKR 2022-02-14 missing"
grep -q 'Russian artillery shelled Ukrainian positions' "$T/out" || fail "evidence sentence missing"

"$TOCSIN" watch --db "$T/s.db" --format json > "$T/json" || fail "json exit"
python3 - "$T/json" <<'PY' || fail "json content"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["alerts"]
assert len(a) == 1, a
a = a[0]
assert a["dyad"] == "RUS-UKR" and a["date"] == "2022-02-14", a
assert a["z"] >= d["method"]["threshold"]
assert a["hostile_stories"] >= d["method"]["min_stories"]
ev = a["evidence"]
assert ev and all(e["goldstein"] < 0 and e["sentence"] for e in ev), ev
assert [e["goldstein"] for e in ev] == sorted(e["goldstein"] for e in ev)
PY

"$TOCSIN" watch --db "$T/s.db" --dyad USA-RUS | head -1 | grep -q '^0 alerts' || fail "USA-RUS should have no alert"
"$TOCSIN" watch --db "$T/s.db" --from 2022-02-15 | head -1 | grep -q '^0 alerts' || fail "--from filter"
"$TOCSIN" watch --db "$T/s.db" --to 2022-02-14 --dyad RUS-UKR | head -1 | grep -q '^1 alert ' || fail "--to filter"
# actor level: the shelling story alone (RUSMIL-UKRMIL, 2 events of 1 story) is not enough evidence
"$TOCSIN" watch --db "$T/s.db" --level actor > "$T/actor" || fail "actor level exit"
grep -q 'RUSMIL-UKRMIL' "$T/actor" && fail "one story must not raise an alert"
grep -q '^  1\. RUSGOV-UKRGOV  *2022-02-14' "$T/actor" || fail "actor level alert missing"
"$TOCSIN" watch --db "$T/s.db" --level actor --min-stories 1 | grep -q 'RUSMIL-UKRMIL' || fail "actor level with weaker evidence rule"

# indicators: the hot day counts 6 events of 5 stories; weeks add up to the dyad's total
"$TOCSIN" watch --db "$T/s.db" --dyad RUS-UKR --indicators day --from 2022-02-14 --to 2022-02-14 > "$T/ind" || fail "indicators exit"
cat "$T/ind"
grep -Eq '^2022-02-14 +6 +5 +1 +0 +2 +3 +-35\.2 ' "$T/ind" || fail "daily indicators of 2022-02-14"
"$TOCSIN" watch --db "$T/s.db" --dyad RUS-UKR --indicators week --format json > "$T/indw" || fail "weekly json"
python3 - "$T/indw" "$T/s.db" <<'PY' || fail "weekly indicators do not add up"
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
total = db.execute("select count(*) from events where substr(source_code,1,3)='RUS' and substr(target_code,1,3)='UKR'").fetchone()[0]
assert d["period"] == "week" and sum(r["events"] for r in d["rows"]) == total, (total, d["rows"])
import datetime
assert all(datetime.date.fromisoformat(r["date"]).weekday() == 0 for r in d["rows"])
PY

expect2() { # description, command...
    what=$1; shift
    "$@" > "$T/o2" 2> "$T/e2"; st=$?
    [ $st -eq 2 ] || fail "$what: exit $st, want 2"
    [ -s "$T/e2" ] || fail "$what: no message"
    echo "ok ($what): $(head -1 "$T/e2")"
}
expect2 "bad date" "$TOCSIN" watch --db "$T/s.db" --from 2022-02-30
expect2 "from after to" "$TOCSIN" watch --db "$T/s.db" --from 2022-03-01 --to 2022-02-01
expect2 "bad dyad" "$TOCSIN" watch --db "$T/s.db" --dyad russia
expect2 "bad format" "$TOCSIN" watch --db "$T/s.db" --format xml
expect2 "bad number" "$TOCSIN" watch --db "$T/s.db" --threshold lots
expect2 "bad alpha" "$TOCSIN" watch --db "$T/s.db" --alpha 2
expect2 "no --db" "$TOCSIN" watch
expect2 "unknown option" "$TOCSIN" watch --db "$T/s.db" --colour red
expect2 "indicators without dyad" "$TOCSIN" watch --db "$T/s.db" --indicators week
expect2 "bad indicators period" "$TOCSIN" watch --db "$T/s.db" --dyad RUS-UKR --indicators month
expect2 "missing store" "$TOCSIN" watch --db "$T/none.db"
head -c 4096 /dev/urandom > "$T/junk.db"
expect2 "junk store" "$TOCSIN" watch --db "$T/junk.db"
[ ! -e "$T/none.db" ] || fail "watch created a missing store"

python3 "$TOCSIN_ROOT/tests/browser/fixture_store.py" "$T/bad.db" --bad-date || fail "fixture"
"$TOCSIN" watch --db "$T/bad.db" > "$T/out" 2> "$T/err"; st=$?
[ $st -eq 1 ] || fail "bad stored date: exit $st, want 1"
grep -q "2022-13-45" "$T/err" && grep -q "event [0-9]" "$T/err" || fail "bad date not named: $(cat "$T/err")"
grep -q 'RUS-UKR  *2022-02-14' "$T/out" || fail "other alerts must still be printed"
echo "watch_cli: all checks passed"
