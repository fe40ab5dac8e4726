#!/usr/bin/env python3
# news_alarms.py -- sorts the news gold set's false alarms (records coded "-" that get an event)
# into kinds, so that the largest kinds can be fixed by mechanism (issue 12; docs/coding-manual.md
# §2 what counts as an event), and counts the false alarms left when a user keeps only events of
# confidence >= 90 (the watch's threshold, README "Confidence"), and what keeping only those costs:
# the gold CAMEO roots of a record that an event of that root finds, at all confidences and >= 90.
#
#   news_alarms.py DIR [--list] [--min-confidence N]
#       DIR holds `news_gold.py build` output and, next to each X.jsonl, `tocsin code X.jsonl`
#       output in X.events.jsonl (as tests/integration/gold_news.sh makes them). Prints, for the
#       dev parts (news-dev, news-quiet-dev), each kind's count (and with --list every record,
#       its sentence and events); for every part the false alarms at all confidences and at
#       confidence >= N (default 90). Holdout records are counted, never printed: the holdout
#       is not looked at (tests/gold/README.md).
#
# A record gets the first kind whose test matches, in the order of KINDS; the tests are cheap
# cues on the sentence and the coder's events (a triage for a person, not a second coder):
#   business     the source is a business actor (xxxBUS, not GOVBUS), or the sentence is about
#                markets, prices, company results (§2.3, §2.4)
#   background   a year two or more before the document's, "years ago", "in the 1990s" (§2.5)
#   disaster     an accident, disaster or crime report with no codable source (§2.3)
#   speculation  "may", "might", "could", "would", "expected to", "likely to", "hope" (§2.6, §7.3)
#   negated      "not", "never", "failed", "prevented", "lost", "without" (§6.1)
#   noun-verb    the event's verb word is a noun here: after a determiner, an adjective or the
#                actor that modifies it ("U.S. trade sanctions", "nation states")
#   modifier     an actor that only modifies a noun: "-backed", a participle before a name
#                ("Jailed Tanzim leader"), a demonym of a person ("one Indian")
#   quote        quoted or reported speech whose speaker is not a codable actor (§5.5, §5.6)
#   statement    a statement (01x) of a codable actor that the gold does not code
#   other        none of these
import json
import os
import re
import sys

KINDS = ["business", "background", "disaster", "speculation", "negated", "noun-verb", "modifier",
         "quote", "statement", "other"]
DEV = ["news-dev", "news-quiet-dev"]
ALL = ["news-dev", "news-holdout", "news-quiet-dev", "news-quiet-holdout"]

MARKET = re.compile(r"\b(shares?|stocks?|profits?|prices?|markets?|dealers?|analysts?|investors?|"
                    r"quarter|percent|bank|banks|company|companies|firms?|tender|takeover|merge)\b", re.I)
DISASTER = re.compile(r"\b(bomb|blast|exploded|earthquake|tsunami|killed|died|injur\w*|crash\w*|"
                      r"fire|flood\w*|storm)\b", re.I)
SPECULATION = re.compile(r"\b(may|might|could|would|can|expected to|likely to|hopes?|believed to|"
                         r"fear\w*|threat to)\b", re.I)
NEGATED = re.compile(r"\b(not|never|no longer|failed|failure|prevented|lost|without|n't)\b", re.I)
YEARS_AGO = re.compile(r"\b(years? ago|in the (19|20)\d0s|once)\b", re.I)
YEAR = re.compile(r"\b(?:mid-)?((?:19|20)\d\d)\b")
DET = {"the", "a", "an", "its", "their", "his", "her", "our", "of", "this", "that", "these", "those",
       "recent", "secondary", "new", "former", "largest", "biggest", "nation", "first"}
QUOTE = re.compile(r"[\"“”]")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def word_before(text, start):
    m = re.search(r"([A-Za-z.'’-]+)\W*$", text[:start])
    return m.group(1) if m else ""


def kind_of(rec, events):
    text = rec["text"]
    year = int(rec["date"][:4])
    if any(re.search(r"BUS$", e["source"]["code"]) and not e["source"]["code"].endswith("GOVBUS") for e in events) \
            or MARKET.search(text) and all(e["event"]["root"] == "01" for e in events):
        return "business"
    if YEARS_AGO.search(text) or any(int(y) <= year - 2 for y in YEAR.findall(text)):
        return "background"
    if DISASTER.search(text) and all(e["source"]["match"] != "exact" or not e.get("target") for e in events):
        return "disaster"
    if SPECULATION.search(text):
        return "speculation"
    if NEGATED.search(text):
        return "negated"
    for e in events:
        v = e["event"]["text"]
        at = text.find(v)
        if at < 0:
            continue
        before = word_before(text, at)
        actors = [e["source"]["text"]] + ([e["target"]["text"]] if e.get("target") else [])
        if before.lower() in DET or before in actors or any(text[:at].rstrip().endswith(a) for a in actors if a):
            return "noun-verb"
    for e in events:
        v = e["event"]["text"]
        if v.lower() == "backed" or re.search(r"-backed|\b[A-Z][a-z]+ed [A-Z]", text) and text.find(v) < 30:
            return "modifier"
        if e["source"]["text"] in ("Indian", "American", "Spanish", "Iraqi", "Spaniard"):
            return "modifier"
    if QUOTE.search(text) or any(e["source"]["match"] == "pronoun" for e in events):
        return "quote"
    if all(e["event"]["root"] == "01" for e in events):
        return "statement"
    return "other"


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__ if False else "usage: news_alarms.py DIR [--list] [--min-confidence N]", file=sys.stderr)
        return 2
    d = args[0]
    show = "--list" in args
    minc = int(args[args.index("--min-confidence") + 1]) if "--min-confidence" in args else 90
    kinds = {k: [] for k in KINDS}
    totals = {}
    for part in ALL:
        gp, ep = os.path.join(d, part + ".jsonl"), os.path.join(d, part + ".events.jsonl")
        if not os.path.exists(gp) or not os.path.exists(ep):
            print(f"{part}: no {gp} or {ep}", file=sys.stderr)
            return 2
        evs = {}
        for e in load(ep):
            evs.setdefault(e["doc_id"], []).append(e)
        recs = load(gp)
        quiet = [r for r in recs if r.get("noevents")]
        # what the filter costs: gold CAMEO roots found (by an event of that root) at all confidences and >= N
        found = found_high = wanted = 0
        for r in recs:
            roots = {g["code"][:2] for g in (r.get("events") or [])}
            wanted += len(roots)
            have = evs.get(r["id"], [])
            found += len(roots & {e["event"]["root"] for e in have})
            found_high += len(roots & {e["event"]["root"] for e in have if e["confidence"] >= minc})
        alarms = [r for r in quiet if evs.get(r["id"])]
        high = [r for r in alarms if any(e["confidence"] >= minc for e in evs[r["id"]])]
        totals[part] = (len(alarms), len(high), len(quiet), found, found_high, wanted)
        if part in DEV:
            for r in alarms:
                kinds[kind_of(r, evs[r["id"]])].append((part, r, evs[r["id"]]))
    print("false alarms by kind (dev: news-dev + news-quiet-dev)")
    for k in KINDS:
        print(f"  {k:12s} {len(kinds[k]):4d}")
    print(f"false alarms, and gold CAMEO roots found: all confidences / confidence >= {minc}")
    for part in ALL:
        a, h, n, f, fh, w = totals[part]
        roots = f"   roots {f}/{w} / {fh}/{w}" if w else ""
        print(f"  {part:20s} {a:3d}/{n} ({a / n:.3f})   {h:3d}/{n} ({h / n:.3f}){roots}")
    if show:
        for k in KINDS:
            for part, r, es in kinds[k]:
                print(f"\n[{k}] {part} {r['id']} {r['date']}\n    {r['text']}")
                for e in es:
                    t = e.get("target") or {}
                    print(f"    -> {e['source']['code']} ({e['source']['text']}) > {t.get('code', '')} "
                          f"({t.get('text', '')}) {e['event']['code']} '{e['event']['text']}' conf {e['confidence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
