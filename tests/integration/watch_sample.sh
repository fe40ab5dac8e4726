#!/bin/sh
# watch_sample.sh — the shipped sample (data/samples/escalation.jsonl, illustrative
# wire copy of a RUS-UKR escalation) coded and stored by tocsin itself must raise a
# RUS-UKR alert in the weeks of the clashes (2021-10-25 .. 2021-11-12) and none for
# RUS-UKR in the calm weeks before, and the dashboard API must serve it.
# Skips while this build has no `ingest` (coder or store not built in).
set -u
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed for this test"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$TOCSIN" ingest --db "$T/s.db" "$TOCSIN_ROOT/data/samples/escalation.jsonl" > "$T/ingest.out" 2> "$T/ingest.err"
st=$?
if [ $st -eq 2 ] && grep -q "not available" "$T/ingest.err"; then
    echo "tocsin ingest is not in this build yet"
    exit 77
fi
[ $st -eq 0 ] || fail "ingest exit $st: $(tail -n 5 "$T/ingest.err")"
"$TOCSIN" watch --db "$T/s.db" > "$T/text" || fail "watch exit $?"
cat "$T/text"
"$TOCSIN" watch --db "$T/s.db" --format json > "$T/json" || fail "watch json exit $?"
python3 - "$T/json" <<'PY' || fail "no RUS-UKR alert in the escalation weeks"
import json, sys
alerts = json.load(open(sys.argv[1]))["alerts"]
ru = [a for a in alerts if a["dyad"] == "RUS-UKR"]
hot = [a for a in ru if "2021-10-25" <= a["date"] <= "2021-11-12"]
calm = [a for a in ru if a["date"] < "2021-10-25"]
print("RUS-UKR alerts:", [(a["date"], a["z"]) for a in ru])
assert hot, "no RUS-UKR alert between 2021-10-25 and 2021-11-12"
assert not calm, "RUS-UKR alerted in the calm weeks: %s" % calm
assert all(e["sentence"] for a in hot for e in a["evidence"])
PY
echo "watch_sample: the sample's escalation is detected"
