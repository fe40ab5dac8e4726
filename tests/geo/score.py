#!/usr/bin/python3
"""score.py -- scores `tocsin places` output against a gold geoparsing file, as the
geoparsing literature does (Gritta et al. 2018, "What's missing in geographical parsing?"):

  recognition: precision / recall / F1 of place spans, a predicted span counting when it
               overlaps a gold span (each gold and each predicted span used once);
  resolution:  over the correctly recognised spans whose gold toponym has coordinates,
               acc@161 (share within 161 km = 100 miles) and the mean error in km.

Gold offsets are character offsets (Python string indices), tocsin's are UTF-8 byte
offsets: gold spans are converted to bytes here.

--part tune|holdout scores one half of the gold file, split by a hash of the document id
(part(): the first byte of the id's SHA-1, even -> holdout), so that rules tuned on one
half are judged on documents they were not written for; --part all (the default) scores
every document.

usage: score.py GOLD.jsonl PLACES.jsonl [--floor-f1 X] [--floor-acc X] [--name NAME] [--part P]
Exit 0, or 1 when a floor is not met.
"""
import hashlib, json, math, sys


def part(doc_id):
    """'holdout' or 'tune': the half of a gold file a document belongs to."""
    return "holdout" if hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "tune"


def haversine(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def main(argv):
    gold_path, pred_path = argv[1], argv[2]
    floors = {}
    name = gold_path
    want = "all"
    i = 3
    while i < len(argv):
        if argv[i] == "--name":
            name = argv[i + 1]
        elif argv[i] == "--part":
            want = argv[i + 1]
        else:
            floors[argv[i]] = float(argv[i + 1])
        i += 2
    gold = {}
    for line in open(gold_path, encoding="utf-8"):
        d = json.loads(line)
        if want != "all" and part(d["id"]) != want:
            continue
        t = d["text"]
        spans = []
        for g in d["toponyms"]:
            s = len(t[:g["start"]].encode("utf-8"))
            e = s + len(t[g["start"]:g["end"]].encode("utf-8"))
            spans.append((s, e, g))
        gold[d["id"]] = spans
    pred = {}
    for line in open(pred_path, encoding="utf-8"):
        p = json.loads(line)
        pred.setdefault(p["doc_id"], []).append(p)
    npred = ngold = tp_pred = tp_gold = 0
    dists = []
    for doc, spans in gold.items():
        ps = pred.get(doc, [])
        npred += len(ps)
        ngold += len(spans)
        used = set()
        for s, e, g in spans:
            hit = None
            for k, p in enumerate(ps):
                if k not in used and p["start"] < e and s < p["end"]:
                    hit = k
                    break
            if hit is None:
                continue
            used.add(hit)
            tp_gold += 1
            if g.get("lat") is not None and ps[hit].get("lat") is not None:
                dists.append(haversine(g["lat"], g["lon"], ps[hit]["lat"], ps[hit]["lon"]))
        tp_pred += len(used)
    P = tp_pred / npred if npred else 0.0
    R = tp_gold / ngold if ngold else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    acc = sum(1 for d in dists if d <= 161) / len(dists) if dists else 0.0
    mean = sum(dists) / len(dists) if dists else 0.0
    print("%s: recognition P %.3f R %.3f F1 %.3f (%d gold, %d predicted); resolution acc@161 %.3f, "
          "mean error %.0f km (%d spans with coordinates)" % (name, P, R, F, ngold, npred, acc, mean, len(dists)))
    bad = 0
    if "--floor-f1" in floors and F < floors["--floor-f1"]:
        print("FAIL: %s recognition F1 %.3f below the floor %.2f" % (name, F, floors["--floor-f1"]))
        bad = 1
    if "--floor-acc" in floors and acc < floors["--floor-acc"]:
        print("FAIL: %s acc@161 %.3f below the floor %.2f" % (name, acc, floors["--floor-acc"]))
        bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
