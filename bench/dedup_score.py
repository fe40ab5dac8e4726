#!/usr/bin/env python3
"""dedup_score.py — pair precision and recall of a clustering against the labels
written by dedup_gen.py.

usage: dedup_score.py LABELS ASSIGNMENTS [--min-precision P] [--min-recall-spun R]
                      [--min-recall-verbatim R] [--show-errors N]

ASSIGNMENTS: "doc_id<TAB>story" lines (dedup_eval output), or the TSV of
`tocsin stories --format tsv` ("story<TAB>n_documents<TAB>doc_id", header line).

Pairs: every pair of documents in one labelled story is a true pair; every pair in
one predicted cluster is a predicted pair. Precision counts every predicted pair
that is not a true pair as wrong, including pairs of two unmodified corpus
documents (dedup_gen.py labels the corpora's own copies by a 5-gram test, so what
remains are templated look-alikes merged by mistake); "lenient" precision leaves
those out. Recall is also given per kind of copy (original-to-copy pairs). Exit
status 1 when a target is missed.
"""
import itertools
import sys
from collections import defaultdict


def main():
    a = sys.argv[1:]
    if len(a) < 2:
        sys.exit(__doc__)
    labels_path, assign_path = a[0], a[1]
    opts = {"--min-precision": None, "--min-recall-spun": None, "--min-recall-verbatim": None,
            "--show-errors": "0"}
    i = 2
    while i < len(a):
        opts[a[i]] = a[i + 1]
        i += 2
    label, kind = {}, {}
    with open(labels_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            d, s, k = line.rstrip("\n").split("\t")
            label[d], kind[d] = s, k
    pred = {}
    with open(assign_path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "story":
                continue
            if len(p) == 2:
                pred[p[0]] = p[1]
            elif len(p) == 3:
                pred[p[2]] = p[0]
    missing = [d for d in label if d not in pred]
    clusters = defaultdict(list)
    for d, c in pred.items():
        if d in label:
            clusters[c].append(d)
    unlabelled = lambda x, y: kind[x] in ("original", "distractor") and kind[y] in ("original", "distractor")
    tp = fp = unl = 0
    fps = []
    for members in clusters.values():
        for x, y in itertools.combinations(members, 2):
            if label[x] == label[y]:
                tp += 1
            elif unlabelled(x, y):
                unl += 1
            else:
                fp += 1
                fps.append((x, y))
    stories = defaultdict(list)
    for d, s in label.items():
        stories[s].append(d)
    true_pairs = 0
    fn = []
    by_kind = defaultdict(lambda: [0, 0])
    for members in stories.values():
        for x, y in itertools.combinations(members, 2):
            true_pairs += 1
            same = pred.get(x) is not None and pred.get(x) == pred.get(y)
            if not same:
                fn.append((x, y))
        orig = [m for m in members if kind[m] == "original"]
        for m in members:
            if orig and kind[m] not in ("original", "distractor"):
                by_kind[kind[m]][1] += 1
                if pred.get(m) is not None and pred.get(m) == pred.get(orig[0]):
                    by_kind[kind[m]][0] += 1
    precision = tp / (tp + fp + unl) if tp + fp + unl else 1.0
    lenient = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    print("documents %d (%d without an assignment), labelled stories with copies %d"
          % (len(label), len(missing), sum(1 for m in stories.values() if len(m) > 1)))
    print("pairs: true %d, predicted-correct %d, predicted-wrong %d, between unmodified corpus documents %d"
          % (true_pairs, tp, fp, unl))
    print("pair precision %.4f (lenient %.4f)  pair recall %.4f" % (precision, lenient, recall))
    for k in ("verbatim", "edited", "spun", "spunedit"):
        if by_kind[k][1]:
            print("recall original~%-9s %.4f (%d/%d)" % (k, by_kind[k][0] / by_kind[k][1], by_kind[k][0],
                                                       by_kind[k][1]))
    show = int(opts["--show-errors"])
    for x, y in fps[:show]:
        print("FP\t%s\t%s" % (x, y))
    for x, y in fn[:show]:
        print("FN\t%s\t%s" % (x, y))
    ok = True
    if missing:
        print("FAIL: %d documents missing from the assignments (first: %s)" % (len(missing), missing[0]))
        ok = False
    if opts["--min-precision"] is not None and precision < float(opts["--min-precision"]):
        print("FAIL: precision %.4f below %s" % (precision, opts["--min-precision"]))
        ok = False
    spun = [by_kind[k] for k in ("spun", "spunedit") if by_kind[k][1]]
    spun_r = sum(x[0] for x in spun) / max(1, sum(x[1] for x in spun))
    if opts["--min-recall-spun"] is not None and spun_r < float(opts["--min-recall-spun"]):
        print("FAIL: recall on spun copies %.4f below %s" % (spun_r, opts["--min-recall-spun"]))
        ok = False
    vb = by_kind["verbatim"]
    vb_r = vb[0] / vb[1] if vb[1] else 1.0
    if opts["--min-recall-verbatim"] is not None and vb_r < float(opts["--min-recall-verbatim"]):
        print("FAIL: recall on verbatim copies %.4f below %s" % (vb_r, opts["--min-recall-verbatim"]))
        ok = False
    print("recall on spun copies (spun + spunedit) %.4f" % spun_r)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
