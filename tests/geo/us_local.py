#!/usr/bin/python3
"""us_local.py -- builds tocsin's US local news gold (tests/geo/us-local.tsv, pointers into
../shared/corpora) into a gold file in the format of ../shared/gold/geo (one document per
line: id, text, toponyms with character offsets, name, lat, lon, geonameid, country, admin1,
fcode), which score.py scores like TR-News.

usage: us_local.py US-LOCAL.tsv SHARED_DIR > GOLD.jsonl
Exit 0; 1 when a row no longer matches its corpus (the SHA-1 of the record's text or of the
toponym differs: a changed corpus is an error, not a silent mismatch); 2 on usage errors.
"""
import hashlib, json, sys


def sha8(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:8]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rows = []
    for lineno, line in enumerate(open(argv[1], encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 13:
            print("%s:%d: expected 13 columns, got %d" % (argv[1], lineno, len(f)), file=sys.stderr)
            return 1
        rows.append((lineno, f))
    want = {}
    for _, f in rows:
        want.setdefault(f[0], set()).add(f[1])
    texts = {}
    for corpus, ids in want.items():
        for line in open("%s/corpora/%s.jsonl" % (argv[2], corpus), encoding="utf-8"):
            d = json.loads(line)
            if d["id"] in ids:
                texts[d["id"]] = d
    docs, order, bad = {}, [], 0
    for lineno, f in rows:
        corpus, doc, s, e, dsha, tsha, name, gid, lat, lon, cc, a1, fc = f
        d = texts.get(doc)
        s, e = int(s), int(e)
        if d is None or sha8(d["text"]) != dsha or sha8(d["text"][s:e]) != tsha or d["text"][s:e] != name:
            print("%s:%d: %s %s does not match the corpus" % (argv[1], lineno, corpus, doc), file=sys.stderr)
            bad = 1
            continue
        if doc not in docs:
            docs[doc] = {"id": doc, "date": d.get("date") or "", "text": d["text"], "toponyms": []}
            order.append(doc)
        none = lambda v: None if v == "-" else v
        docs[doc]["toponyms"].append({
            "start": s, "end": e, "name": name,
            "lat": None if lat == "-" else float(lat), "lon": None if lon == "-" else float(lon),
            "geonameid": None if gid == "-" else int(gid), "country": none(cc), "admin1": none(a1),
            "fcode": none(fc)})
    for doc in order:
        docs[doc]["toponyms"].sort(key=lambda g: g["start"])
        print(json.dumps(docs[doc], ensure_ascii=False))
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
