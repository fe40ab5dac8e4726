#!/usr/bin/env python3
# miss_classes.py -- why the coder misses the news gold set's events (issue 12; tests/gold/README.md,
# "News gold set"): codes each record of a gold part alone with TOCSIN_DEBUG=1 and sorts every
# missed gold event (source, target, code) into one class, so that work goes to the largest.
# Why: the triple F1 says how many events are missed, not which mechanism misses them; a verb and
# both actors that the coder recognises but does not combine is a roles/clause problem, an actor
# not recognised a dictionary problem, a wrong root a coding-convention problem.
#
#   miss_classes.py DIR [--part news-dev] [--tocsin build/tocsin] [-v]
#       DIR holds `news_gold.py build DIR` output. Prints the class counts; -v also prints each
#       missed event with its class and the record's analysis (dev parts only: the holdout's
#       records are never printed, only its counts).
#
# Classes of a missed gold event SRC>TGT:CODE (the first that applies):
#   1 actor not found      SRC, or TGT when the event is two-sided, is no mention of the sentence
#                          (nor an output event's actor)
#   3 another code         an output event has the same source and target (same source for a
#                          one-sided gold event) with another code: 3r another root, 3s same root
#   5 one-sided not coded  a one-sided gold event (empty target) not coded with its source
#   4 not combined         a two-sided gold event whose root some verb of the sentence has (its
#                          dictionary code, or an output event's), but which is not coded; by what
#                          the coder did with that root:
#                            4t right source, other target (4t- none: one-sided)
#                            4s right target, other source   4x source and target swapped
#                            4o other source and target      4n no event of the root at all
#   2 verb not found       no verb of the sentence has the gold root
# Exit status: 0 ok, 2 usage or input error.
import json
import os
import re
import subprocess
import sys
from collections import Counter

MENTION_RE = re.compile(r"\{([A-Z0-9-]+) g(\d+)([^}]*)\}")
VERB_RE = re.compile(r"<V( noun)? (\S+) np=\d+>")


def analyse(tocsin, rec):
    """Codes one record alone; returns (events, mentions, verb codes, debug text)."""
    env = dict(os.environ, TOCSIN_DEBUG="1")
    r = subprocess.run([tocsin, "code", "--quiet", "--input", "jsonl", "-"], input=json.dumps(rec) + "\n",
                       capture_output=True, text=True, env=env)
    if r.returncode == 2:
        raise SystemExit(f"{rec['id']}: tocsin code failed: {r.stderr.strip()}")
    events = []
    for line in r.stdout.splitlines():
        e = json.loads(line)
        events.append((e["source"]["code"], (e.get("target") or {}).get("code") or "", e["event"]["code"],
                       e["event"].get("text", "")))
    dbg = [l for l in r.stderr.splitlines() if l.startswith("[") or l.startswith("  ")]
    mentions = []
    verbs = []
    for l in dbg:
        for m in MENTION_RE.finditer(l):
            mentions.append((m.group(1), m.group(3).split()))
        for m in VERB_RE.finditer(l):
            verbs.append(m.group(2))
    return events, mentions, verbs, "\n".join(dbg)


def classify(g, events, mentions, verbs):
    """The class of missed gold event g = (src, tgt, code) (see the file comment)."""
    src, tgt, code = g
    root = code[:2]
    known = {m[0] for m in mentions} | {e[0] for e in events} | {e[1] for e in events}
    if src not in known or (tgt and tgt not in known):
        return "1"
    same = [e for e in events if e[0] == src and (e[1] == tgt or not tgt)]
    if same:
        return "3s" if any(e[2][:2] == root for e in same) else "3r"
    if not tgt:
        return "5"
    of_root = [e for e in events if e[2][:2] == root]
    if not of_root and not any(v[:2] == root for v in verbs):
        return "2"
    if any(e[0] == src for e in of_root):
        return "4t-" if all(e[1] == "" for e in of_root if e[0] == src) else "4t"
    if any(e[1] == tgt for e in of_root):
        return "4s"
    if any(e[0] == tgt and e[1] == src for e in of_root):
        return "4x"
    if of_root:
        return "4o"
    return "4n"


def main(argv):
    args = argv[1:]
    part, tocsin, verbose, pos = "news-dev", "build/tocsin", False, []
    i = 0
    while i < len(args):
        if args[i] == "--part" and i + 1 < len(args):
            part = args[i + 1]
            i += 2
        elif args[i] == "--tocsin" and i + 1 < len(args):
            tocsin = args[i + 1]
            i += 2
        elif args[i] == "-v":
            verbose = True
            i += 1
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 1:
        print("usage: miss_classes.py DIR [--part news-dev] [--tocsin build/tocsin] [-v]", file=sys.stderr)
        return 2
    path = os.path.join(pos[0], part + ".jsonl")
    if not os.path.exists(path):
        print(f"{path}: no such file (run news_gold.py build {pos[0]} first)", file=sys.stderr)
        return 2
    show = verbose and "holdout" not in part   # never print holdout records
    counts = Counter()
    gold_n = found_n = 0
    with open(path, encoding="utf-8") as f:
        recs = [json.loads(l) for l in f]
    for rec in recs:
        gold = {(e["source"], e["target"], e["code"]) for e in rec.get("events", [])}
        if not gold:
            continue
        events, mentions, verbs, dbg = analyse(tocsin, rec)
        have = {(e[0], e[1], e[2]) for e in events}
        gold_n += len(gold)
        found_n += len(gold & have)
        missed = sorted(gold - have)
        for g in missed:
            c = classify(g, events, mentions, verbs)
            counts[c] += 1
            if show:
                print(f"{c:4s} {rec['id']}  gold {g[0]}>{g[1]}:{g[2]}  got "
                      + ("; ".join(f"{e[0]}>{e[1]}:{e[2]}({e[3]})" for e in events) or "-"))
                print("     " + dbg.replace("\n", "\n     "))
    total = sum(counts.values())
    print(f"{part}: {gold_n} gold events, {found_n} found, {total} missed")
    names = [("1", "actor not found"), ("2", "verb not found"), ("3r", "another root"),
             ("3s", "same root, other code"), ("4t", "not combined: other target"),
             ("4t-", "not combined: no target (one-sided)"), ("4s", "not combined: other source"),
             ("4x", "not combined: swapped"), ("4o", "not combined: other source and target"),
             ("4n", "not combined: no event of the root"), ("5", "one-sided not coded")]
    for k, label in names:
        print(f"  {k:4s} {counts[k]:4d}  {label}")
    n4 = sum(v for k, v in counts.items() if k.startswith("4"))
    n3 = counts["3r"] + counts["3s"]
    print(f"  classes: 1 {counts['1']}, 2 {counts['2']}, 3 {n3}, 4 {n4}, 5 {counts['5']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
