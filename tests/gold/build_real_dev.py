#!/usr/bin/env python3
# build_real_dev.py -- turns tests/gold/real-dev.tsv (pointers into the shared news corpora plus
# our own human coding) into a gold JSONL that `tocsin eval` reads, and scores `tocsin code`
# output against it at full-code or root (first two digits) level.
# Why: the sentences are copyrighted third-party text, so the repo keeps only where they are
# (corpus, record id, offset, length) and what a careful coder expects; the text is read from
# ../shared at test time and never stored here.
#
#   build_real_dev.py OUT.jsonl [--shared DIR] [--tsv FILE]
#   build_real_dev.py --score EVENTS.jsonl GOLD.jsonl [--level root|full] [--failures N]
#
# Offsets are Python str offsets (Unicode code points) in the record's decoded "text".
# Each sentence's sha1 prefix is checked so that a changed corpus is an error, not a silent
# mismatch. Exit status: 0 ok, 1 some rows could not be built (named on stderr), 2 usage.
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
AGNEWS_DATE = "2004-10-01"  # AG News carries no dates; its stories are from mid/late 2004


def load_rows(tsv):
    rows = []
    with open(tsv, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            p = line.split("\t")
            if len(p) != 7:
                raise SystemExit(f"{tsv}:{lineno}: expected 7 tab-separated columns, got {len(p)}")
            rows.append((lineno, p))
    return rows


def parse_events(spec, where):
    if spec == "-":
        return None
    events = []
    for item in spec.split(";"):
        try:
            pair, code = item.split(":")
            src, tgt = pair.split(">")
        except ValueError:
            raise SystemExit(f"{where}: bad event '{item}' (want SRC>TGT:CODE)")
        if not (src and tgt and code.isdigit() and 2 <= len(code) <= 4):
            raise SystemExit(f"{where}: bad event '{item}'")
        events.append({"source": src, "target": tgt, "code": code})
    return events


def build(out_path, shared, tsv):
    rows = load_rows(tsv)
    wanted = {}
    for _, p in rows:
        wanted.setdefault(p[0], set()).add(p[1])
    texts = {}
    for corpus, ids in wanted.items():
        path = os.path.join(shared, "corpora", corpus + ".jsonl")
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("id") in ids:
                    texts[(corpus, r["id"])] = r.get("text", "")
    bad = 0
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for lineno, (corpus, doc, off, length, date, sha, evspec) in rows:
            where = f"{tsv}:{lineno}"
            text = texts.get((corpus, doc))
            if text is None:
                print(f"{where}: {corpus}/{doc}: no such record", file=sys.stderr)
                bad += 1
                continue
            o, l = int(off), int(length)
            sent = text[o:o + l]
            if hashlib.sha1(sent.encode("utf-8")).hexdigest()[:8] != sha:
                print(f"{where}: {corpus}/{doc}@{o}: sentence does not match its checksum "
                      f"(corpus changed?)", file=sys.stderr)
                bad += 1
                continue
            rec = {"id": f"{doc}@{o}", "date": date, "text": sent, "suite": "real-dev"}
            events = parse_events(evspec, where)
            if events is None:
                rec["events"] = []
                rec["noevents"] = True
            else:
                rec["events"] = events
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n} records to {out_path}", file=sys.stderr)
    return 1 if bad else 0


def score(events_path, gold_path, level, max_fail):
    cut = (lambda c: c[:2]) if level == "root" else (lambda c: c)
    want = {}
    texts = {}
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            want[r["id"]] = {(e["source"], e["target"], cut(e["code"])) for e in r.get("events", [])}
            texts[r["id"]] = r["text"]
    have = {k: set() for k in want}
    with open(events_path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            doc = e.get("doc_id")
            if doc in have:
                have[doc].add((e["source"]["code"], (e["target"] or {}).get("code", ""), cut(e["event"]["code"])))
    tp = fp = fn = passed = 0
    shown = 0
    for k in want:
        t = len(want[k] & have[k])
        tp += t
        fp += len(have[k]) - t
        fn += len(want[k]) - t
        if want[k] == have[k]:
            passed += 1
        elif shown < max_fail:
            shown += 1
            fmt = lambda s: " ".join(sorted(f"{a}>{b}:{c}" for a, b, c in s)) or "(none)"
            print(f"FAIL {k}: {texts[k]}\n    expected: {fmt(want[k])}\n    got     : {fmt(have[k])}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{level} level: {len(want)} records, {passed} passed ({100.0 * passed / max(1, len(want)):.1f}%); "
          f"{tp} correct, {fp} spurious, {fn} missed; precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    return 0


def main(argv):
    args = argv[1:]
    opts = {"--shared": os.path.join(HERE, "..", "..", "..", "shared"),
            "--tsv": os.path.join(HERE, "real-dev.tsv"), "--level": "full", "--failures": "0",
            "--score": None}
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts and i + 1 < len(args):
            opts[args[i]] = args[i + 1]
            i += 2
        elif args[i].startswith("--"):
            print(f"unknown option {args[i]}", file=sys.stderr)
            return 2
        else:
            pos.append(args[i])
            i += 1
    if opts["--score"]:
        if len(pos) != 1 or opts["--level"] not in ("root", "full"):
            print("usage: build_real_dev.py --score EVENTS.jsonl GOLD.jsonl [--level root|full]", file=sys.stderr)
            return 2
        return score(opts["--score"], pos[0], opts["--level"], int(opts["--failures"]))
    if len(pos) != 1:
        print("usage: build_real_dev.py OUT.jsonl [--shared DIR] [--tsv FILE]", file=sys.stderr)
        return 2
    return build(pos[0], opts["--shared"], opts["--tsv"])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
