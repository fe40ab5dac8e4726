#!/bin/sh
# watch_upgrade.sh — a store written by a tocsin older than the aggregate tables
# (src/store/schema.sql "@aggregates"): `tocsin watch` and `tocsin serve` add and fill
# them once, and answer exactly as on a store that always had them; a store that
# cannot be written (an immutable file) is refused with exit 2 and a message saying
# why, never read wrong.
set -u
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to build the test store"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is needed to make the old store"; exit 77; }
T=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; chattr -i "$T/ro.db" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
python3 "$TOCSIN_ROOT/tests/browser/fixture_store.py" "$T/new.db" || fail "fixture store"
# what an older tocsin left: no aggregate tables, no triggers, no 'aggregates' row
cp "$T/new.db" "$T/old.db"
sqlite3 "$T/old.db" "DROP TRIGGER events_watched_insert; DROP TRIGGER events_watched_delete;
    DROP TRIGGER events_watched_update; DROP VIEW watched_events; DROP TABLE dyad_days; DROP TABLE dyad_totals;
    DROP TABLE event_days; DELETE FROM meta WHERE key IN ('aggregates', 'watch_confidence')" || fail "making the old store"
cp "$T/old.db" "$T/ro.db"

for args in "" "--format json --level actor" "--dyad RUS-UKR --indicators day"; do
    # shellcheck disable=SC2086
    "$TOCSIN" watch --db "$T/new.db" $args > "$T/want" 2> "$T/err" || fail "watch $args on the new store: $(cat "$T/err")"
    # shellcheck disable=SC2086
    "$TOCSIN" watch --db "$T/old.db" $args > "$T/got" 2> "$T/err" || fail "watch $args on the old store: $(cat "$T/err")"
    cmp -s "$T/want" "$T/got" || fail "watch $args differs on the upgraded store: $(diff "$T/want" "$T/got" | head -5)"
done
[ "$(sqlite3 "$T/old.db" "SELECT value FROM meta WHERE key = 'aggregates'")" = 1 ] || fail "no 'aggregates' row after the upgrade"
"$TOCSIN" watch --db "$T/old.db" > /dev/null 2> "$T/err" || fail "watch after the upgrade"
[ -s "$T/err" ] && fail "the upgrade ran twice: $(cat "$T/err")"

# the server too (a fresh old store, upgraded by serve itself)
cp "$T/ro.db" "$T/old2.db"
"$TOCSIN" serve --db "$T/old2.db" --port 0 > "$T/serve.out" 2> "$T/serve.err" &
pid=$!
i=0
until grep -q 'http://127.0.0.1:[0-9]*/' "$T/serve.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start: $(cat "$T/serve.err")"
    sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$T/serve.out" | head -1)
python3 - "$base" "$T/new.db" <<'PY' || fail "API on the upgraded store"
import json, sqlite3, sys, urllib.request
base, new = sys.argv[1], sys.argv[2]
alerts = json.load(urllib.request.urlopen(base + "api/alerts", timeout=20))["alerts"]
assert alerts and alerts[0]["dyad"] == "RUS-UKR" and alerts[0]["date"] == "2022-02-14", alerts[:1]
dyads = json.load(urllib.request.urlopen(base + "api/dyads", timeout=20))
want = sqlite3.connect(new).execute(
    "SELECT count(*) FROM events WHERE substr(source_code,1,3) = 'RUS' AND substr(target_code,1,3) = 'UKR'").fetchone()[0]
assert dyads[0]["dyad"] == "RUS-UKR" and dyads[0]["events"] == want, (dyads[:1], want)
PY
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

# an old store that cannot be written is refused, not read wrong
if chattr +i "$T/ro.db" 2>/dev/null; then
    "$TOCSIN" watch --db "$T/ro.db" > "$T/out" 2> "$T/err"
    st=$?
    cat "$T/err"
    [ $st -eq 2 ] || fail "an immutable old store: exit $st, want 2"
    grep -q "older tocsin" "$T/err" || fail "the message does not say why"
    chattr -i "$T/ro.db"
else
    echo "(chattr +i is not available here: the read-only case is not tried)"
fi
echo "ok"
