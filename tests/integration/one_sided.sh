#!/bin/sh
# one_sided.sh — one-sided events (issue 12; docs/coding-manual.md §4) end to end with the
# built-in dictionaries: "target": null in JSON Lines, an empty target in TSV, none with
# --dyadic (code and eval), stored with an empty target that makes no dyad (watch and the
# dashboard's aggregates), empty Actor2 columns in the GDELT export, a null target in the
# JSON Lines export.
set -u
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is needed to read the output"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$T/in.jsonl" <<'EOF'
{"id":"one","date":"2022-01-02","text":"Kenya's opposition threatened to resume protests."}
{"id":"two","date":"2022-01-02","text":"Russia attacked Ukraine."}
{"id":"nato","date":"2022-01-02","text":"NATO ministers are discussing nuclear planning."}
{"id":"aid","date":"2022-01-02","text":"The European Union sent aid."}
EOF
"$TOCSIN" code "$T/in.jsonl" > "$T/out.jsonl" || fail "code exit $?"
cat "$T/out.jsonl"
python3 - "$T/out.jsonl" <<'PY' || fail "JSON Lines content"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
got = {(e["doc_id"], e["source"]["code"], (e["target"] or {}).get("code"), e["event"]["code"]) for e in ev}
want = {("one", "KENOPP", None, "133"), ("two", "RUS", "UKR", "190"), ("nato", "IGOWSTNAT", None, "040")}
assert want <= got, got
assert all(e["target"] is None or e["target"]["code"] for e in ev), "an empty target must be null"
# AID requires a recipient (manual §4.2)
assert not any(e["doc_id"] == "aid" for e in ev), "one-sided AID"
PY
"$TOCSIN" code --format tsv "$T/in.jsonl" | awk -F'\t' 'NR > 1 && $1 == "one" && $5 == "" && $6 == "133" { ok = 1 } END { exit !ok }' ||
    fail "TSV: empty target column"
"$TOCSIN" code --dyadic "$T/in.jsonl" > "$T/dyadic.jsonl" || fail "code --dyadic exit $?"
[ "$(wc -l < "$T/dyadic.jsonl")" -eq 1 ] && grep -q '"code":"UKR"' "$T/dyadic.jsonl" || fail "--dyadic: two-sided events only"

# eval scores a one-sided gold event ("target": "")
printf '%s\n' '{"id":"g1","date":"2022-01-02","text":"Kenya'"'"'s opposition threatened to resume protests.","events":[{"source":"KENOPP","target":"","code":"133"}]}' > "$T/gold.jsonl"
"$TOCSIN" eval --min-pass 1 "$T/gold.jsonl" > /dev/null || fail "eval: one-sided gold event"
"$TOCSIN" eval --dyadic --min-pass 1 "$T/gold.jsonl" > /dev/null 2>&1 && fail "eval --dyadic passed a one-sided gold event"

"$TOCSIN" ingest --db "$T/s.db" "$T/in.jsonl" 2> /dev/null || fail "ingest exit $?"
python3 - "$T/s.db" <<'PY' || fail "store content"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM events WHERE target_code = ''").fetchone()[0]
assert n >= 2, n
dy = db.execute("SELECT source, target FROM dyad_totals").fetchall()
assert all(t for s, t in dy), dy
assert ("RUS", "UKR") in dy, dy
assert db.execute("SELECT count(*) FROM dyad_days WHERE target = ''").fetchone()[0] == 0
assert db.execute("SELECT sum(events) FROM event_days").fetchone()[0] == db.execute("SELECT count(*) FROM events").fetchone()[0]
PY
"$TOCSIN" export --db "$T/s.db" --format gdelt > "$T/gdelt.tsv" 2> /dev/null || fail "export gdelt exit $?"
# columns 6-15 Actor1, 16-25 Actor2, 27 EventCode
awk -F'\t' '$6 == "KENOPP" && $27 == "133" { if ($16 == "" && $17 == "" && $18 == "") ok = 1 } END { exit !ok }' "$T/gdelt.tsv" ||
    fail "GDELT export: empty Actor2 columns"
"$TOCSIN" export --db "$T/s.db" --format jsonl 2> /dev/null | grep '"source_code":"KENOPP"' | grep -q '"target_code":null' ||
    fail "JSON Lines export: null target"
"$TOCSIN" watch --db "$T/s.db" > "$T/watch.out" 2>&1 || fail "watch on a store with one-sided events: exit $?"
echo "one-sided events: ok"
