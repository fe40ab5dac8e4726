#!/bin/sh
# watch_serve.sh — `tocsin serve` as a user runs it: starts on a free port on
# 127.0.0.1, answers the API routes named in issue 7 (dyads, events, alerts,
# stories, the dashboard) with valid JSON, refuses bad parameters (400) and
# unknown paths (404), serves several clients at once, and stops cleanly on SIGTERM.
set -u
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed for this test"; exit 77; }
T=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$T/serve.err" ] && cat "$T/serve.err"; exit 1; }
python3 "$TOCSIN_ROOT/tests/browser/fixture_store.py" "$T/s.db" || fail "fixture store"

"$TOCSIN" serve --db "$T/s.db" --port 0 > "$T/serve.out" 2> "$T/serve.err" &
pid=$!
i=0
while ! grep -q 'http://127.0.0.1:[0-9]*/' "$T/serve.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start"
    kill -0 "$pid" 2>/dev/null || fail "server exited"
    sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$T/serve.out" | head -1)
echo "serving at $base"

python3 - "$base" <<'PY' || fail "API checks"
import json, sys, threading, urllib.request, urllib.error
base = sys.argv[1]
def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=20) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()
st, ct, body = get("api/dyads")
assert st == 200 and ct.startswith("application/json"), (st, ct)
dyads = json.loads(body)
assert isinstance(dyads, list) and dyads[0]["dyad"] == "RUS-UKR", dyads[:1]
assert all("-" in d["dyad"] and d["events"] > 0 for d in dyads)
st, _, body = get("api/events?dyad=RUS-UKR&from=2022-02-14&to=2022-02-14")
ev = json.loads(body)
assert st == 200 and ev["total"] == len(ev["events"]) == 6, ev["total"]
assert all(e["date"] == "2022-02-14" for e in ev["events"])
st, _, body = get("api/alerts")
al = json.loads(body)["alerts"]
assert st == 200 and al[0]["dyad"] == "RUS-UKR" and al[0]["date"] == "2022-02-14"
sid = al[0]["evidence"][0]["story_id"]
st, _, body = get("api/stories/%d" % sid)
story = json.loads(body)
assert st == 200 and len(story["documents"]) == 3, story
st, ct, body = get("")
assert st == 200 and ct.startswith("text/html") and b'id="timeline"' in body, (st, ct)
for path, want in [("api/events?dyad=RUS", 400), ("api/events?from=2022-02-30", 400),
                   ("api/alerts?level=galaxy", 400), ("api/events?limit=-5", 400),
                   ("api/stories/x", 400), ("api/stories/424242", 404), ("api/unknown", 404),
                   ("no/such/page", 404)]:
    st, ct, body = get(path)
    assert st == want, (path, st, body)
    assert ct.startswith("application/json") and json.loads(body)["error"], (path, body)
# several clients at once
errors = []
def client(n):
    for i in range(15):
        p = ["api/dyads", "api/alerts", "api/events?dyad=RUS-UKR", "api/network", "api/events?dyad=x"][(n + i) % 5]
        st, _, body = get(p)
        want = 400 if p.endswith("=x") else 200
        if st != want:
            errors.append((p, st))
        json.loads(body)
ts = [threading.Thread(target=client, args=(n,)) for n in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
assert not errors, errors[:5]
print("API checks passed: %d dyads, alert %s %s, story %d with %d copies, 120 concurrent requests"
      % (len(dyads), al[0]["dyad"], al[0]["date"], sid, len(story["documents"])))
PY

kill -TERM "$pid"; wait "$pid"; st=$?; pid=""
[ $st -eq 0 ] || fail "serve exit $st after SIGTERM"
"$TOCSIN" serve --db "$T/s.db" --listen nowhere --port 0 > /dev/null 2> "$T/e"; st=$?
[ $st -eq 2 ] && [ -s "$T/e" ] || fail "--listen nowhere: exit $st"
"$TOCSIN" serve --db "$T/missing.db" --port 0 > /dev/null 2> "$T/e"; st=$?
[ $st -eq 2 ] && [ -s "$T/e" ] || fail "missing store: exit $st"
"$TOCSIN" serve --db "$T/s.db" --port 70000 > /dev/null 2> "$T/e"; st=$?
[ $st -eq 2 ] || fail "bad port: exit $st"
echo "watch_serve: all checks passed"
