#!/bin/sh
# watch_confidence.sh — the watch counts only events at or above the confidence threshold
# (src/store/schema.sql meta 'watch_confidence', src/watch/README.md "Confidence"): the dyad
# aggregates the watch and the dashboard read leave out an event whose first mention is below
# it, the events table keeps it, event_days counts it; a store whose aggregates were made
# before the threshold is refilled once by the next writer or watch.
set -u
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 is needed to read the store"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
q() { sqlite3 "$1" "$2"; }
# confidence 100 (two stories), 85 ("reportedly": README "Confidence") and one-sided 90
cat > "$T/docs.jsonl" <<'J'
{"id":"a","date":"2022-02-10","text":"Russia attacked Ukraine."}
{"id":"b","date":"2022-02-10","text":"Germany reportedly attacked France."}
{"id":"c","date":"2022-02-11","text":"Russian forces shelled Ukraine on Friday after talks collapsed in Minsk last week."}
{"id":"d","date":"2022-02-11","text":"Kenya's opposition threatened to resume protests."}
J
"$TOCSIN" code "$T/docs.jsonl" > "$T/ev.jsonl" || fail "tocsin code"
grep -q '"code":"DEU".*"confidence":85' "$T/ev.jsonl" || fail "the hedged event is not at 85: $(cat "$T/ev.jsonl")"
"$TOCSIN" ingest --quiet --db "$T/s.db" "$T/docs.jsonl" 2> "$T/err" || fail "ingest: $(cat "$T/err")"
[ "$(q "$T/s.db" "SELECT value FROM meta WHERE key = 'watch_confidence'")" = 90 ] || fail "no threshold row"
[ "$(q "$T/s.db" "SELECT count(*) FROM events WHERE source_code = 'DEU'")" = 1 ] || fail "the low-confidence event is not stored"
[ "$(q "$T/s.db" "SELECT count(*) FROM dyad_totals WHERE source = 'DEU'")" = 0 ] || fail "the 85 event is counted in a dyad"
[ "$(q "$T/s.db" "SELECT count(*) FROM dyad_days WHERE source = 'DEU'")" = 0 ] || fail "the 85 event is counted in a day"
rus=$(q "$T/s.db" "SELECT count(*) FROM events WHERE substr(source_code,1,3) = 'RUS' AND substr(target_code,1,3) = 'UKR'")
[ "$rus" -ge 2 ] || fail "expected two RUS-UKR events, got $rus"
[ "$(q "$T/s.db" "SELECT events FROM dyad_totals WHERE level = 0 AND source = 'RUS' AND target = 'UKR'")" = "$rus" ] ||
    fail "RUS-UKR not counted: $(q "$T/s.db" "SELECT * FROM dyad_totals")"
total=$(q "$T/s.db" "SELECT count(*) FROM events")
[ "$(q "$T/s.db" "SELECT sum(events) FROM event_days")" = "$total" ] || fail "event_days does not count every event"
# the watch reads the same: RUS-UKR, never DEU-FRA
"$TOCSIN" watch --db "$T/s.db" --format json --warmup 0 > "$T/w.json" 2> "$T/err" || fail "watch: $(cat "$T/err")"
grep -q 'DEU' "$T/w.json" && fail "the watch shows the 85 event's dyad: $(cat "$T/w.json")"
# deleting and updating the counted and the uncounted event keeps the sums exact
sqlite3 "$T/s.db" "DELETE FROM events WHERE source_code = 'DEU'; UPDATE events SET date = '2022-02-12' WHERE date = '2022-02-10' AND substr(source_code,1,3) = 'RUS'" ||
    fail "delete/update"
[ "$(q "$T/s.db" "SELECT count(*) FROM dyad_totals WHERE source = 'DEU' OR events < 0")" = 0 ] || fail "delete left a dyad"
[ "$(q "$T/s.db" "SELECT events FROM dyad_totals WHERE level = 0 AND source = 'RUS' AND target = 'UKR'")" = "$rus" ] ||
    fail "update lost RUS-UKR: $(q "$T/s.db" "SELECT * FROM dyad_totals")"
[ "$(q "$T/s.db" "SELECT group_concat(date) FROM (SELECT date FROM dyad_days WHERE level = 0 AND source = 'RUS' ORDER BY date)")" = "2022-02-11,2022-02-12" ] ||
    fail "update did not move the day: $(q "$T/s.db" "SELECT * FROM dyad_days")"
# a store whose aggregates predate the threshold: all events counted, no 'watch_confidence' row
"$TOCSIN" ingest --quiet --db "$T/old.db" "$T/docs.jsonl" 2> "$T/err" || fail "ingest old: $(cat "$T/err")"
sqlite3 "$T/old.db" "DELETE FROM meta WHERE key = 'watch_confidence';
    INSERT INTO dyad_totals VALUES (0, 'DEU', 'FRA', 1, 1, -10, 0, 0, 0, 1, '2022-02-10', '2022-02-10')" || fail "making the old store"
"$TOCSIN" watch --db "$T/old.db" > /dev/null 2> "$T/err" || fail "watch on the old store: $(cat "$T/err")"
[ "$(q "$T/old.db" "SELECT count(*) FROM dyad_totals WHERE source = 'DEU'")" = 0 ] || fail "the old store was not refilled"
[ "$(q "$T/old.db" "SELECT value FROM meta WHERE key = 'watch_confidence'")" = 90 ] || fail "the old store has no threshold"
for t in insert delete update; do
    [ "$(q "$T/old.db" "SELECT count(*) FROM sqlite_master WHERE name = 'events_aggregates_$t'")" = 0 ] || fail "old trigger $t kept"
done
echo "ok: the dyad aggregates count only events at confidence >= 90"
