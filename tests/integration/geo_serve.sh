#!/bin/sh
# geo_serve.sh — the map's API: the shipped sample is coded and stored with the
# gazetteer, `tocsin serve` answers /api/places (events per place, filtered by dyad;
# the events at one place add up to its count), /api/events carries each event's
# "location", /world.json serves the Natural Earth boundaries, bad parameters are a 400.
# Skips (77) without a gazetteer (make deps).
set -u
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: /usr/bin/python3 is not installed"; exit 77; }
echo '{"id":"p","text":"in Paris"}' | "$TOCSIN" places - > /dev/null 2>&1 || { echo "skip: no gazetteer (run make deps && make)"; exit 77; }
T=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; [ -f "$T/serve.err" ] && cat "$T/serve.err"; exit 1; }
"$TOCSIN" ingest --db "$T/s.db" "$TOCSIN_ROOT/data/samples/escalation.jsonl" > /dev/null 2>&1 || fail "ingest the sample"
"$TOCSIN" serve --db "$T/s.db" --port 0 > "$T/serve.out" 2> "$T/serve.err" &
pid=$!
i=0
while ! grep -q 'http://127.0.0.1:[0-9]*/' "$T/serve.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start"
    kill -0 "$pid" 2>/dev/null || fail "server exited"
    sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$T/serve.out" | head -1)
$PY - "$base" <<'PY' || fail "API checks"
import json, sys, urllib.request, urllib.error
base = sys.argv[1]
def get(path):
    try:
        with urllib.request.urlopen(base + path) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
bad = 0
def ok(desc, cond):
    global bad
    print(("ok: " if cond else "FAILED: ") + desc)
    bad |= not cond
st, body = get("api/places")
places = json.loads(body)["places"]
ok("/api/places: 200 with places (%d)" % len(places), st == 200 and len(places) > 0)
for p in places:
    ok("%s: counts add up" % p["name"], sum(p["quad"]) == p["events"] and -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180)
st, body = get("api/places?dyad=RUS-UKR")
dp = json.loads(body)["places"]
ok("dyad filter: no more events than unfiltered", sum(p["events"] for p in dp) <= sum(p["events"] for p in places))
p = dp[0]
st, body = get("api/places?dyad=RUS-UKR&lat=%s&lon=%s" % (p["lat"], p["lon"]))
evs = json.loads(body)["events"]
ok("events at %s: %d, its count %d" % (p["name"], len(evs), p["events"]), len(evs) == p["events"])
st, body = get("api/events?dyad=RUS-UKR&limit=500")
es = json.loads(body)["events"]
located = [e for e in es if e.get("location")]
ok("/api/events: every event has a location key", all("location" in e for e in es))
ok("/api/events: located events (%d of %d) agree with /api/places" % (len(located), len(es)),
   len(located) == sum(q["events"] for q in dp))
ok("Donetsk is a place of RUS-UKR", any(q["name"].startswith("Donetsk") and q["country"] == "UA" for q in dp))
for path in ("api/places?foo=1", "api/places?lat=10", "api/places?dyad=R", "api/places?from=2021-13-01"):
    st, body = get(path)
    ok("%s: 400 with an error (%d)" % (path, st), st == 400 and "error" in json.loads(body))
st, body = get("world.json")
ok("/world.json: topojson countries", st == 200 and json.loads(body)["type"] == "Topology")
sys.exit(bad)
PY
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
exit 0
