#!/bin/sh
# plover.sh — PLOVER output (issue 12): `tocsin code --ontology plover|both|cameo`, the
# project's CAMEO->PLOVER data (data/plover.tsv) and `tocsin eval` scoring PLOVER gold with
# the coder's own types. Needs no ../shared.
set -u
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is needed to read the output"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ROOT=${TOCSIN_ROOT:-.}
# the table: every CAMEO root listed once, only PLOVER's 16 types (PLOVER manual §3.1-§3.16)
python3 - "$ROOT/data/plover.tsv" <<'PY' || fail "data/plover.tsv"
import sys
types = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
codes = set()
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    assert len(f) == 5, (n, f)
    assert f[0].isdigit() and f[0] not in codes, (n, f[0])
    codes.add(f[0])
    assert f[1] in types or (f[1] == "-" and f[0] in ("01", "02")), (n, f[1])
    assert f[4].strip(), (n, "no manual section cited")
assert {"%02d" % r for r in range(1, 21)} <= codes, "a root is missing"
PY
printf '%s\n' \
    '{"id":"a","date":"2022-01-02","text":"Russia attacked Ukraine with artillery."}' \
    '{"id":"b","date":"2022-01-02","text":"Iran said the talks would fail."}' \
    '{"id":"c","date":"2022-01-02","text":"Biden spoke with Zelensky by telephone."}' > "$T/in.jsonl"
"$TOCSIN" code --ontology both "$T/in.jsonl" > "$T/both.jsonl" || fail "code --ontology both: exit $?"
"$TOCSIN" code --ontology plover "$T/in.jsonl" > "$T/plover.jsonl" || fail "code --ontology plover: exit $?"
"$TOCSIN" code "$T/in.jsonl" > "$T/cameo.jsonl" || fail "code: exit $?"
cat "$T/both.jsonl"
python3 - "$T" <<'PY' || fail "PLOVER output"
import json, sys
d = sys.argv[1]
load = lambda n: [json.loads(l) for l in open(f"{d}/{n}.jsonl")]
both, plover, cameo = load("both"), load("plover"), load("cameo")
by = {e["doc_id"]: e for e in both}
assert by["a"]["event"]["code"] == "194" and by["a"]["plover"] == {"type": "ASSAULT", "mode": "heavy-weapons"}, by["a"]
assert by["c"]["plover"] == {"type": "CONSULT", "mode": "phone"}, by["c"]
assert by["b"]["event"]["code"].startswith("01") and by["b"]["plover"] is None, by["b"]
# plover only: no CAMEO object, no event without a PLOVER type
assert all("event" not in e and e["plover"]["type"] for e in plover), plover
assert sorted(e["doc_id"] for e in plover) == ["a", "c"], plover
# CAMEO stays the default
assert all("plover" not in e and "event" in e for e in cameo), cameo
PY
"$TOCSIN" code --ontology both --format tsv "$T/in.jsonl" |
    awk -F'\t' 'NR == 1 { ok = $15 == "plover" && $16 == "plover_mode" } NR > 1 && $1 == "a" && $15 != "ASSAULT" { ok = 0 } END { exit !ok }' ||
    fail "TSV: plover columns"
"$TOCSIN" code --ontology nope "$T/in.jsonl" > /dev/null 2>&1; [ $? -eq 2 ] || fail "a bad --ontology must be a usage error"
# eval scores PLOVER gold with the coder's types, no table needed
printf '%s\n' \
    '{"id":"g1","date":"2022-01-02","text":"Russia attacked Ukraine with artillery.","events":[{"plover":"ASSAULT","source":["RUS"],"target":["UKR"]}]}' \
    '{"id":"g2","date":"2022-01-02","text":"Biden spoke with Zelensky by telephone.","events":[{"plover":"CONSULT","source":["USA"],"target":["UKR"]}]}' \
    > "$T/gold.jsonl"
"$TOCSIN" eval --min-pass 1 "$T/gold.jsonl" || fail "eval: PLOVER gold with the coder's types"
echo "plover: ok"
