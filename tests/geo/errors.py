#!/usr/bin/python3
"""errors.py -- the resolution errors of `tocsin places` against a gold geoparsing file,
classified by cause (a diagnostic for whoever tunes resolution; not run by `make check`):

  country point     gold and tocsin name the same country; the two points differ by > 161 km
  admin1 point      same subdivision, points apart (fallback: tocsin's subdivision has no
                    admin1 tie and took its country's point)
  wrong kind        tocsin chose the country/subdivision for a city (or the reverse) of the
                    same country
  missing entry     the gold place is not in the gazetteer (not in cities1000, not a country
                    or subdivision: counties, regions, buildings, ...)
  context not used  tocsin chose another place of the same name, and the story's other
                    mentions (as tocsin resolved them) fall in the gold place's country
  wrong same-named  tocsin chose another place of the same name, with no such context

usage: errors.py GOLD.jsonl PLACES.jsonl CITIES1000 [--part tune|holdout|all] [--list]
--list prints each error (only allowed for --part tune, so the holdout stays unread).
"""
import collections, json, sys

from score import haversine, part


def load_ids(path):
    ids = {}
    for line in open(path, encoding="utf-8"):
        f = line.split("\t", 11)
        ids[int(f[0])] = (f[1], f[7], f[8], f[10])
    return ids


def classify(g, p, ids, doc_countries):
    gc, pc = g.get("country"), p.get("country")
    gcode, pf = g.get("fcode") or "", p.get("feature")
    if gcode.startswith("PCL") and pf == "country" and gc == pc:
        return "country point"
    if gcode == "ADM1" and pf == "adm1" and gc == pc:
        return "admin1 fallback" if not p.get("adm1") else "admin1 point"
    if g.get("geonameid") and g["geonameid"] == p.get("geonameid"):
        return "same id, other point"
    in_gaz = gcode.startswith("PCL") or gcode == "ADM1" or (g.get("geonameid") in ids)
    if not in_gaz:
        return "missing entry"
    if gc == pc and (pf in ("country", "adm1") or (gcode.startswith("PCL") or gcode == "ADM1")):
        return "wrong kind"
    if gc and doc_countries.get(gc, 0) > 0:
        return "context not used"
    return "wrong same-named"


def main(argv):
    gold_path, pred_path, cities = argv[1], argv[2], argv[3]
    want = argv[argv.index("--part") + 1] if "--part" in argv else "all"
    listing = "--list" in argv
    if listing and want != "tune":
        sys.exit("errors.py: --list only with --part tune (the holdout is not to be read)")
    ids = load_ids(cities)
    pred = collections.defaultdict(list)
    for line in open(pred_path, encoding="utf-8"):
        p = json.loads(line)
        pred[p["doc_id"]].append(p)
    counts = collections.Counter()
    total = 0
    for line in open(gold_path, encoding="utf-8"):
        d = json.loads(line)
        if want != "all" and part(d["id"]) != want:
            continue
        t = d["text"]
        ps = pred.get(d["id"], [])
        used = set()
        for g in d["toponyms"]:
            s = len(t[:g["start"]].encode("utf-8"))
            e = s + len(t[g["start"]:g["end"]].encode("utf-8"))
            hit = None
            for k, p in enumerate(ps):
                if k not in used and p["start"] < e and s < p["end"]:
                    hit = k
                    break
            if hit is None:
                continue
            used.add(hit)
            p = ps[hit]
            if g.get("lat") is None or p.get("lat") is None:
                continue
            total += 1
            dist = haversine(g["lat"], g["lon"], p["lat"], p["lon"])
            if dist <= 161:
                continue
            others = collections.Counter(q.get("country") for k, q in enumerate(ps) if k != hit)
            cause = classify(g, p, ids, others)
            counts[cause] += 1
            if listing:
                print("%-18s %6.0f km  %-40s gold %s %s/%s %s (%s) | tocsin %s %s/%s %s" % (
                    cause, dist, d["id"] + " " + repr(g["name"]), g.get("fcode"), g.get("country"),
                    g.get("admin1"), g.get("geonameid"), ids.get(g.get("geonameid"), ("",))[0],
                    p.get("feature"), p.get("country"), p.get("adm1"), p.get("name")))
    n = sum(counts.values())
    print("%s part %s: %d resolution errors (> 161 km) of %d resolved spans" % (gold_path.split("/")[-1], want, n, total))
    for cause, k in counts.most_common():
        print("  %-20s %3d" % (cause, k))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
