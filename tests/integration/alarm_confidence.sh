#!/bin/sh
# alarm_confidence.sh — an event whose verb reads as a noun ("a strong supporter of the trade
# embargo on Cuba": an act held by a noun, docs/coding-manual.md §2.5) loses 15 points of
# confidence (README "Confidence"), so the watch (>= 90) leaves it out, while the same act told by
# a verb keeps 100; both are still coded.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$T/docs.jsonl" <<'J'
{"id":"noun","date":"2005-01-01","text":"The US government has been a strong supporter of the trade embargo on Cuba."}
{"id":"verb","date":"2005-01-01","text":"The US government imposed an embargo on Cuba."}
{"id":"plural","date":"2004-11-02","text":"Iraqi oil exports to Turkey were halted after attacks on Tuesday."}
{"id":"exports","date":"2004-11-02","text":"Iraq exports oil to Turkey."}
J
"$TOCSIN" code "$T/docs.jsonl" > "$T/ev.jsonl" || fail "tocsin code"
cat "$T/ev.jsonl"
grep -q '"doc_id":"noun".*"code":"163".*"confidence":85' "$T/ev.jsonl" || fail "the noun's event is not coded at 85"
grep -q '"doc_id":"verb".*"code":"163".*"confidence":100' "$T/ev.jsonl" || fail "the verb's event is not coded at 100"
grep -q '"doc_id":"plural".*"confidence":85' "$T/ev.jsonl" || fail "the plural noun's event is not coded at 85"
grep -q '"doc_id":"exports".*"confidence":100' "$T/ev.jsonl" || fail "the verb 'exports' is not coded at 100"
echo "ok"
