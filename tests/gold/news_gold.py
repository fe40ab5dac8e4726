#!/usr/bin/env python3
# news_gold.py -- tocsin's news gold set (tests/gold/news-*.tsv, README.md "News gold set"):
# builds gold JSONL from the pointers into ../shared, checks the files against their own rules,
# and scores `tocsin code` output on the measures issue 12 names.
# Why: the sentences are third-party text, so the repo keeps only where they are and how a careful
# coder codes them (docs/coding-manual.md); the text is read from ../shared at test time. The
# format extends real-dev.tsv (same 7 columns) with one-sided events (empty target), event dates
# and PLOVER categories, and the seed article as a corpus.
#
#   news_gold.py build OUTDIR [--shared DIR]
#       writes OUTDIR/{news-dev,news-holdout,news-quiet-dev,news-quiet-holdout}.jsonl (all gold
#       events; a one-sided event has "target": "") and OUTDIR/news-{dev,holdout}-dyadic.jsonl
#       (two-sided gold events only), each readable by `tocsin eval` and `tocsin code`
#   news_gold.py score --events EV.jsonl --gold GOLD.jsonl [--dyadic] [--plover TABLE] [--json]
#       scores `tocsin code GOLD.jsonl` output (EV.jsonl) against GOLD.jsonl
#   news_gold.py report DIR [--floor NAME=VALUE ...] [--plover TABLE]
#       DIR holds the build output and, next to each X.jsonl, `tocsin code X.jsonl` output in
#       X.events.jsonl; prints dev and holdout side by side (all gold events; two-sided gold events
#       only; the quiet pool's false alarms; the triple F1 of X-dyadic.phoenix.events.jsonl, coded with the
#       Phoenix dictionaries, when present, not floored) and exits 1 if a floor is missed. Floors are named
#       SET.MEASURE with SET dev|holdout|dev2|holdout2 (2: two-sided gold events only) and MEASURE
#       pass|triple|root|plover (minimums) or alarms (maximum false-alarm rate, also quiet-dev|quiet-holdout)
#   news_gold.py check
#       checks every row: syntax, CAMEO codes known (data/dict/cameo.tsv), dev/holdout and quiet
#       membership by the id-hash rules, no record twice
#
# Measures (all per record = sentence; a record's units are sets):
#   pass       the record's set of (source, target, code) triples equals the gold set
#   triple     P/R/F1 of (source, target, full code) triples
#   root       P/R/F1 of the CAMEO roots (first two digits) a record reports, actors ignored
#              (the ConfliBERT-style measure of issue 12)
#   plover     P/R/F1 of (PLOVER category, source country = first 3 letters of the source code);
#              CAMEO 01/02 have no PLOVER category and are left out (PLOVER manual 7.1)
#   false alarms  records with no gold event that get at least one event
#   dates      of the correct triples, how many carry the gold event date
# Exit status: 0 ok, 1 a check failed or a floor was missed, 2 usage/input error.
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PARTS = ["news-dev", "news-holdout", "news-quiet-dev", "news-quiet-holdout"]
EVENT_RE = re.compile(r"^([A-Z]{3}[A-Z]*)>([A-Z]{3}[A-Z]*)?:(\d{2,4})(?:@(\d{4}-\d\d-\d\d))?(?:=([A-Z]+))?$")


def load_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            p = line.split("\t")
            if len(p) != 7:
                raise SystemExit(f"{path}:{lineno}: expected 7 tab-separated columns, got {len(p)}")
            rows.append((lineno, p))
    return rows


def parse_events(spec, where):
    """'-' -> None; else a list of dicts source, target ('' if one-sided), code, date, plover."""
    if spec == "-":
        return None
    out = []
    for item in spec.split(";"):
        m = EVENT_RE.match(item)
        if not m:
            raise SystemExit(f"{where}: bad event '{item}' (want SRC>TGT:CODE[@DATE][=PLOVER])")
        out.append({"source": m.group(1), "target": m.group(2) or "", "code": m.group(3),
                    "date": m.group(4), "plover": m.group(5)})
    return out


def record_id(row):
    return f"{row[1]}@{row[2]}"


def is_holdout(rid):
    return int(hashlib.sha1(rid.encode("utf-8")).hexdigest()[:8], 16) % 3 == 0


def is_quiet(row):
    if row[6] != "-" or row[0] == "seed":
        return False
    return int(hashlib.sha1(("quiet:" + record_id(row)).encode("utf-8")).hexdigest()[:8], 16) % 3 != 0


def texts_for(rows, shared):
    wanted = {}
    for _, p in rows:
        wanted.setdefault(p[0], set()).add(p[1])
    texts = {}
    for corpus, ids in wanted.items():
        if corpus == "seed":
            with open(os.path.join(shared, "seed", "article.txt"), encoding="utf-8") as f:
                texts[("seed", "article")] = f.read()
            continue
        with open(os.path.join(shared, "corpora", corpus + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("id") in ids:
                    texts[(corpus, r["id"])] = r.get("text", "")
    return texts


def build(outdir, shared):
    os.makedirs(outdir, exist_ok=True)
    bad = 0
    for part in PARTS:
        path = os.path.join(HERE, part + ".tsv")
        rows = load_rows(path)
        texts = texts_for(rows, shared)
        outs = [(open(os.path.join(outdir, part + ".jsonl"), "w", encoding="utf-8"), False)]
        if "quiet" not in part:
            outs.append((open(os.path.join(outdir, part + "-dyadic.jsonl"), "w", encoding="utf-8"), True))
        n = 0
        for lineno, p in rows:
            where = f"{path}:{lineno}"
            text = texts.get((p[0], p[1]))
            if text is None:
                print(f"{where}: {p[0]}/{p[1]}: no such record", file=sys.stderr)
                bad += 1
                continue
            o, l = int(p[2]), int(p[3])
            sent = text[o:o + l]
            if hashlib.sha1(sent.encode("utf-8")).hexdigest()[:8] != p[5]:
                print(f"{where}: {p[0]}/{p[1]}@{o}: sentence does not match its checksum (corpus changed?)",
                      file=sys.stderr)
                bad += 1
                continue
            events = parse_events(p[6], where)
            for f, dyadic in outs:
                rec = {"id": record_id(p), "date": p[4], "text": sent, "suite": part, "source": p[0]}
                if events is None:
                    rec["events"] = []
                    rec["noevents"] = True
                else:
                    rec["events"] = [{"source": e["source"], "target": e["target"], "code": e["code"]}
                                     for e in events if e["target"] or not dyadic]
                    rec["gold"] = p[6]
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        for f, _ in outs:
            f.close()
        print(f"{part}: {n} records", file=sys.stderr)
    return 1 if bad else 0


def load_plover(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
            if m:
                table.setdefault(m.group(1), m.group(2))
    return table


def have_plover(table, e):
    """The PLOVER category of a coded event: the coder's own when its output has one
    (--ontology both), else the table's."""
    if e.get("has_plover"):
        return e.get("plover_type")
    return plover_of(table, e["code"])


def plover_of(table, code):
    if code[:2] in ("01", "02"):
        return None
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    return None


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(events_path, gold_path, dyadic, table_path, as_json):
    table = load_plover(table_path)
    gold = {}
    order = []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            evs = parse_events(r["gold"], r["id"]) if r.get("gold") else []
            if dyadic:
                evs = [e for e in evs if e["target"]]
            for e in evs:
                e["date"] = e["date"] or r["date"]
            gold[r["id"]] = (r.get("noevents", False), evs)
            order.append(r["id"])
    got = {k: [] for k in gold}
    with open(events_path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e.get("doc_id") in got:
                tgt = (e.get("target") or {}).get("code") or ""
                # the coder's own PLOVER type when it wrote one (tocsin code --ontology both)
                pl = (e.get("plover") or {}).get("type") if "plover" in e else None
                got[e["doc_id"]].append({"source": e["source"]["code"], "target": tgt,
                                         "code": e["event"]["code"], "date": e.get("date"),
                                         "plover_type": pl, "has_plover": "plover" in e})
    acc = {k: [0, 0, 0] for k in ("triple", "root", "plover")}
    passed = alarms = noev = dates_ok = dates_n = 0
    for rid in order:
        noevents, want = gold[rid]
        have = got[rid]
        units = {
            "triple": ({(e["source"], e["target"], e["code"]) for e in want},
                       {(e["source"], e["target"], e["code"]) for e in have}),
            "root": ({e["code"][:2] for e in want}, {e["code"][:2] for e in have}),
            "plover": ({(plover_of(table, e["code"]) if not e.get("plover") else e["plover"], e["source"][:3])
                        for e in want if e.get("plover") or plover_of(table, e["code"])},
                       {(have_plover(table, e), e["source"][:3]) for e in have if have_plover(table, e)}),
        }
        for k, (w, h) in units.items():
            t = len(w & h)
            acc[k][0] += t
            acc[k][1] += len(h) - t
            acc[k][2] += len(w) - t
        if units["triple"][0] == units["triple"][1]:
            passed += 1
        if noevents:
            noev += 1
            if have:
                alarms += 1
        gdates = {(e["source"], e["target"], e["code"]): e["date"] for e in want}
        for e in have:
            k = (e["source"], e["target"], e["code"])
            if k in gdates:
                dates_n += 1
                if gdates[k] == e["date"]:
                    dates_ok += 1
    n = len(order)
    res = {"records": n, "passed": passed, "pass_rate": passed / n if n else 0.0,
           "noevent_records": noev, "false_alarms": alarms,
           "false_alarm_rate": alarms / noev if noev else 0.0,
           "dates_correct": dates_ok, "dates_scored": dates_n}
    for k, (tp, fp, fn) in acc.items():
        p, r, f1 = prf(tp, fp, fn)
        res[k] = {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": f1}
    if as_json:
        print(json.dumps(res))
    else:
        print(f"{os.path.basename(gold_path)}: {n} records, {passed} passed ({100.0 * res['pass_rate']:.1f}%); "
              f"false alarms {alarms}/{noev}")
        for k in ("triple", "root", "plover"):
            a = res[k]
            print(f"  {k:6s} P {a['p']:.3f} R {a['r']:.3f} F1 {a['f1']:.3f} "
                  f"({a['tp']} correct, {a['fp']} spurious, {a['fn']} missed)")
        print(f"  dates  {dates_ok}/{dates_n} correct triples carry the gold event date")
    return res


def report(d, floors, table):
    sets = [("dev", "news-dev.jsonl", False), ("holdout", "news-holdout.jsonl", False),
            ("dev2", "news-dev-dyadic.jsonl", True), ("holdout2", "news-holdout-dyadic.jsonl", True),
            ("quiet-dev", "news-quiet-dev.jsonl", False), ("quiet-holdout", "news-quiet-holdout.jsonl", False)]
    res = {}
    import contextlib
    import io
    for name, f, dy in sets:
        gold = os.path.join(d, f)
        ev = gold[:-len(".jsonl")] + ".events.jsonl"
        with contextlib.redirect_stdout(io.StringIO()):
            res[name] = score(ev, gold, dy, table, False)
    def row(label, key, fmt):
        cells = []
        for a, b in (("dev", "holdout"), ("dev2", "holdout2")):
            cells += [fmt(res[a], key), fmt(res[b], key)]
        print(f"{label:34s}" + "".join(f"{c:>12s}" for c in cells))
    print(f"{'':34s}{'all gold events':>24s}{'two-sided only':>24s}")
    print(f"{'measure':34s}{'dev':>12s}{'holdout':>12s}{'dev':>12s}{'holdout':>12s}")
    row("records", None, lambda r, k: str(r["records"]))
    row("record pass rate", None, lambda r, k: f"{r['pass_rate']:.3f}")
    for k, label in (("triple", "triple F1 (src, tgt, code)"), ("root", "CAMEO root F1 (roots only)"),
                     ("plover", "PLOVER category + source country F1")):
        row(label, k, lambda r, k: f"{r[k]['f1']:.3f}")
        row("  precision / recall", k, lambda r, k: f"{r[k]['p']:.2f}/{r[k]['r']:.2f}")
    row("false alarms (no-event records)", None, lambda r, k: f"{r['false_alarms']}/{r['noevent_records']}")
    row("correct triples with the gold date", None, lambda r, k: f"{r['dates_correct']}/{r['dates_scored']}")
    print(f"{'false alarms, quiet pool':34s}{res['quiet-dev']['false_alarms']:>8d}/{res['quiet-dev']['noevent_records']:<3d}"
          f"{res['quiet-holdout']['false_alarms']:>8d}/{res['quiet-holdout']['noevent_records']:<3d}")
    # the fourth measure with the Phoenix dictionaries (gold_news.sh codes the two-sided gold
    # with --dict ../shared/dict/phoenix when it is there); reported, not floored
    phx = {}
    for name, f in (("dev", "news-dev-dyadic"), ("holdout", "news-holdout-dyadic")):
        ev = os.path.join(d, f + ".phoenix.events.jsonl")
        if os.path.exists(ev):
            with contextlib.redirect_stdout(io.StringIO()):
                phx[name] = score(ev, os.path.join(d, f + ".jsonl"), True, table, False)
    if len(phx) == 2:
        print(f"{'triple F1, Phoenix dicts (not floored)':34s}{'':24s}"
              + "".join(f"{phx[s]['triple']['f1']:>12.3f}" for s in ("dev", "holdout")))
        print(f"{'  precision / recall':34s}{'':24s}"
              + "".join(f"{phx[s]['triple']['p']:.2f}/{phx[s]['triple']['r']:.2f}".rjust(12) for s in ("dev", "holdout")))
    bad = 0
    for name, value in floors:
        s, m = name.rsplit(".", 1)
        if s not in res:
            print(f"unknown floor {name}", file=sys.stderr)
            return 2
        r = res[s]
        if m == "alarms":
            have = r["false_alarm_rate"]
            ok = have <= value
        else:
            have = r["pass_rate"] if m == "pass" else r[m]["f1"]
            ok = have >= value
        if not ok:
            print(f"FLOOR MISSED: {name} is {have:.3f}, floor {value:.3f}")
            bad += 1
    return 1 if bad else 0


def check():
    codes = set()
    with open(os.path.join(ROOT, "data", "dict", "cameo.tsv"), encoding="utf-8") as f:
        for line in f:
            if line[:1].isdigit():
                codes.add(line.split("\t")[0])
    seen = {}
    bad = 0
    for part in PARTS:
        path = os.path.join(HERE, part + ".tsv")
        for lineno, p in load_rows(path):
            where = f"{path}:{lineno}"
            rid = record_id(p)
            if rid in seen:
                print(f"{where}: {rid} also at {seen[rid]}")
                bad += 1
            seen[rid] = where
            try:
                evs = parse_events(p[6], where)
            except SystemExit as e:
                print(e)
                bad += 1
                continue
            for e in evs or []:
                if e["code"] not in codes:
                    print(f"{where}: unknown CAMEO code {e['code']}")
                    bad += 1
                if e["target"] == e["source"]:
                    print(f"{where}: source and target are both {e['source']} (manual 3.5: one-sided)")
                    bad += 1
            want = ("news-quiet-" if is_quiet(p) else "news-") + ("holdout" if is_holdout(rid) else "dev")
            if want != part:
                print(f"{where}: {rid} belongs in {want}.tsv")
                bad += 1
            if not re.match(r"^\d{4}-\d\d-\d\d$", p[4]) or not re.match(r"^[0-9a-f]{8}$", p[5]):
                print(f"{where}: bad date or checksum column")
                bad += 1
    print(f"checked {len(seen)} records: {'ok' if not bad else f'{bad} problems'}")
    return 1 if bad else 0


def main(argv):
    args = argv[1:]
    if not args:
        print(__doc__ if __doc__ else "usage: news_gold.py build|score|check ...", file=sys.stderr)
        return 2
    cmd, args = args[0], args[1:]
    opts = {"--shared": os.path.join(ROOT, "..", "shared"), "--events": None, "--gold": None,
            "--plover": None}
    flags = set()
    floors = []
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts and i + 1 < len(args):
            opts[args[i]] = args[i + 1]
            i += 2
        elif args[i] == "--floor" and i + 1 < len(args) and "=" in args[i + 1]:
            k, v = args[i + 1].split("=", 1)
            floors.append((k, float(v)))
            i += 2
        elif args[i] in ("--dyadic", "--json"):
            flags.add(args[i])
            i += 1
        elif args[i].startswith("--"):
            print(f"unknown option {args[i]}", file=sys.stderr)
            return 2
        else:
            pos.append(args[i])
            i += 1
    if cmd == "build" and len(pos) == 1:
        return build(pos[0], opts["--shared"])
    if cmd == "report" and len(pos) == 1:
        table = opts["--plover"] or os.path.join(opts["--shared"], "gold", "CAMEO2PLOVER-2021.txt")
        return report(pos[0], floors, table)
    if cmd == "check" and not pos:
        return check()
    if cmd == "score" and opts["--events"] and opts["--gold"]:
        table = opts["--plover"] or os.path.join(opts["--shared"], "gold", "CAMEO2PLOVER-2021.txt")
        score(opts["--events"], opts["--gold"], "--dyadic" in flags, table, "--json" in flags)
        return 0
    print("usage: news_gold.py build OUTDIR [--shared DIR] | check | report DIR [--floor SET.MEASURE=V ...] | "
          "score --events EV.jsonl --gold GOLD.jsonl [--dyadic] [--plover TABLE] [--json]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
