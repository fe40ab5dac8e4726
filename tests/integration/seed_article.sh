#!/bin/sh
# The seed article, coded with the built-in dictionaries, must yield what a careful
# human coder would (issue 2): each expectation below is checked on the JSON output.
set -eu
SHARED=${SHARED:-../shared}
art="$SHARED/seed/article.txt"
if [ ! -f "$art" ]; then echo "skip: $art not found (shared data absent)"; exit 77; fi
out=${TMPDIR:-/tmp}/tocsin-seed.$$.jsonl
trap 'rm -f "$out"' EXIT
"$TOCSIN" code --date 2022-01-02 --id seed "$art" > "$out"
python3 - "$out" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
for e in events:  # a one-sided event's target is null (docs/coding-manual.md §4)
    e["target"] = e["target"] or {"code": "", "text": "", "match": "none"}
for e in events:
    print(e["sentence"], e["date"], e["source"]["code"], e["target"]["code"], e["event"]["code"],
          e["source"]["match"], "|", e["source"]["text"], "/", e["event"]["text"], "/", e["target"]["text"])

def cc(code):  # country part of an actor code
    return code[:3]

def find(desc, src, tgt, root=None, words=(), date=None, match=None, src_code=None, text_has=None):
    for e in events:
        if cc(e["source"]["code"]) != src or cc(e["target"]["code"]) != tgt:
            continue
        if root and not e["event"]["code"].startswith(root):
            continue
        if words and not all(w.lower() in e["text"].lower() for w in words):
            continue
        if date and e["date"] != date:
            continue
        if match and e["source"]["match"] != match:
            continue
        if src_code and e["source"]["code"] != src_code:
            continue
        if text_has and text_has.lower() not in e["source"]["text"].lower():
            continue
        return True
    print("MISSING:", desc)
    return False

ok = True
ok &= find("Biden-Zelensky phone call (USA->UKR, 04)", "USA", "UKR", "04", ["telephone"])
ok &= find("Biden warns of sanctions (USA->RUS, 13)", "USA", "RUS", "13", ["sanctions", "impose"])
ok &= find("Biden: severe sanctions (USA->RUS, 13)", "USA", "RUS", "13", ["severe sanctions"])
ok &= find("Putin warns relations may be severed (RUS->USA, 13)", "RUS", "USA", "13", ["severed"])
ok &= find("Zelensky praises US support (UKR->USA, 05)", "UKR", "USA", "05", ["praised"])
ok &= find("Biden urges Putin to ease tensions (USA->RUS, 02)", "USA", "RUS", "02", ["ease"])
ok &= find("Russian troop build-up on the border (RUS->UKR, 15)", "RUS", "UKR", "15", ["troops"])
ok &= find("second call requested by the Russians (RUS->USA)", "RUS", "USA", None, ["requested"])
ok &= any(e["date"] == "2022-01-10" and "geneva" in e["text"].lower() for e in events) or \
    (print("MISSING: Geneva talks dated 2022-01-10") or False)
ok &= any(e["date"] == "2021-12-30" and "thursday" in e["text"].lower() for e in events) or \
    (print("MISSING: Thursday call dated 2021-12-30") or False)
ok &= any(e["source"]["code"].startswith("USA") and "brinken" in e["source"]["text"].lower()
          and e["source"]["match"] == "fuzzy" for e in events) or \
    (print("MISSING: 'Anthony Brinken' as a US official (fuzzy match)") or False)
bad = [e for e in events if "worried about Russia" in e["text"] or any(w in e["text"] for w in ("Source link", "Leave a Reply", "email address"))]
if bad:
    print("UNEXPECTED: events from the title or the boilerplate:", [b["text"] for b in bad])
    ok = False
print("seed article: %d events; %s" % (len(events), "all expectations met" if ok else "expectations NOT met"))
sys.exit(0 if ok else 1)
PY
