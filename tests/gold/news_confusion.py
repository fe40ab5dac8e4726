#!/usr/bin/env python3
# news_confusion.py -- which CAMEO root the coder gives a news-dev gold event whose actors it found
# (issue 12, "coded with the wrong CAMEO root"): a confusion matrix gold root x coded root.
# Why: the miss analysis of the news gold set counts events whose source and target the coder
# found but coded with another code (intent vs act, 13 vs 11, statements vs the act ...); this
# lists them by cell, largest first, so that verb codes are fixed one code family at a time from
# the manual (docs/coding-manual.md), and the cell counts can be compared before and after.
# It reads DEV records only (tests/gold/README.md: the holdout is scored, never read).
#
#   news_confusion.py [--tocsin BIN] [--shared DIR] [--source] [--show GOLD:CODED ...] [--all]
#       builds news-dev.jsonl in a temp dir, codes it with BIN (default build/tocsin) and prints
#       the cells. A gold event is "found with another code" when no coded event of its record has
#       its (source, target, code) but one has its (source, target) (target "" = one-sided);
#       the pair's coded code closest to the gold one (same root first) is the cell.
#       --source: when no coded event has the pair, one with the gold event's source counts
#       (its target differs). --show 03:04 prints each such event of that cell with its sentence; --show 03 every
#       cell whose gold root is 03; --all also lists cells of one event.
# Exit status: 0 ok, 2 usage error or tocsin failed.
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import news_gold  # noqa: E402


def closest(gold_code, codes):
    """The coded code nearest to the gold one: same root first, then the longest common prefix."""
    def key(c):
        n = 0
        while n < min(len(c), len(gold_code)) and c[n] == gold_code[n]:
            n += 1
        return -n
    return sorted(codes, key=key)[0]


def main(argv):
    opts = {"--tocsin": os.path.join(ROOT, "build", "tocsin"),
            "--shared": os.path.join(ROOT, "..", "shared")}
    show, show_all, loose = [], False, False
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a == "--show" and i + 1 < len(argv):
            show.append(argv[i + 1])
            i += 2
        elif a == "--source":
            loose = True
            i += 1
        elif a == "--all":
            show_all = True
            i += 1
        else:
            print(__doc__ or "usage: news_confusion.py [--tocsin BIN] [--shared DIR] [--show G:C] [--all]",
                  file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as d:
        gold_path = os.path.join(d, "news-dev.jsonl")
        import contextlib
        import io
        with contextlib.redirect_stderr(io.StringIO()):
            if news_gold.build(d, opts["--shared"]) != 0:
                print("news_confusion: could not build the gold files", file=sys.stderr)
                return 2
        r = subprocess.run([opts["--tocsin"], "code", gold_path], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            print(r.stderr, file=sys.stderr)
            return 2
        got = collections.defaultdict(list)
        for line in r.stdout.splitlines():
            e = json.loads(line)
            got[e["doc_id"]].append(((e["source"] or {}).get("code") or "",
                                     (e.get("target") or {}).get("code") or "", e["event"]["code"]))
        cells = collections.Counter()
        examples = collections.defaultdict(list)
        missed = found_other = 0
        matched = collections.Counter()
        with open(gold_path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                have = got.get(rec["id"], [])
                triples = set(have)
                for e in news_gold.parse_events(rec["gold"], rec["id"]) if rec.get("gold") else []:
                    t = (e["source"], e["target"], e["code"])
                    if t in triples:
                        continue
                    missed += 1
                    codes = [c for s, g, c in have if s == e["source"] and g == e["target"]]
                    how = "pair"
                    if not codes and loose:
                        codes = [c for s, g, c in have if s == e["source"]]
                        how = "source"
                    if not codes:
                        continue
                    found_other += 1
                    c = closest(e["code"], codes)
                    cell = (e["code"][:2], c[:2])
                    matched[how] += 1
                    cells[cell] += 1
                    examples[cell].append((rec["id"], e, c, rec["text"], have))
    print(f"news-dev: {missed} gold events missed, {found_other} of them found with their actors "
          f"and another code" + (f" ({matched['pair']} source and target, {matched['source']} source only)"
                                 if loose else ""))
    print(f"{'gold':>5s} {'coded':>6s} {'events':>7s}")
    for (g, c), n in sorted(cells.items(), key=lambda kv: (-kv[1], kv[0])):
        if n > 1 or show_all:
            print(f"{g:>5s} {c:>6s} {n:7d}" + ("   (same root, another subcode)" if g == c else ""))
    for s in show:
        for cell in sorted(examples):
            if s == f"{cell[0]}:{cell[1]}" or s == cell[0]:
                print(f"\n== gold {cell[0]} coded {cell[1]} ==")
                for rid, e, c, text, have in examples[cell]:
                    print(f"{rid}: gold {e['source']}>{e['target']}:{e['code']} coded {c}")
                    print(f"    {text}")
                    print(f"    all coded: {' '.join(f'{a}>{b}:{k}' for a, b, k in have)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
