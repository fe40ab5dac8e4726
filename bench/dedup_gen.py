#!/usr/bin/env python3
"""dedup_gen.py — builds the labelled evaluation set for story de-duplication.

Deterministic (fixed seed): the same corpora give the same set. From real news in
../shared/corpora it picks base stories and writes, for each, copies of four kinds:
  verbatim  the same body under another header, byline and blog boilerplate
  edited    sentences/paragraphs cut (20-35%) and reordered, new title
  spun      a quarter of all words replaced by synonyms (our list in
            dedup_synonyms.txt, else WordNet's first sense), names garbled
            (one letter changed, as "Antony Blinken" -> "Anthony Brinken"), stray
            capitals and missing spaces after full stops
  spunedit  edited, then spun
plus many unrelated distractor documents from the same dates (Reuters' templated
earnings and commodity reports are the hard negatives).

Outputs: DOCS (JSON Lines for `tocsin ingest`) and LABELS (TSV: doc_id, story
label, kind). Distractors and base documents are labelled with their own id and
kind "original"/"distractor".

usage: dedup_gen.py SHARED_DIR DOCS LABELS [--stories N] [--distractors N] [--seed N]
"""
import json
import os
import random
import re
import sys

SEED = 20220102
HERE = os.path.dirname(os.path.abspath(__file__))


def load_synonyms():
    syn = {}
    with open(os.path.join(HERE, "dedup_synonyms.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            w, rest = line.split(":", 1)
            alts = [a.strip() for a in rest.split(",") if a.strip()]
            syn.setdefault(w.strip().lower(), [])
            syn[w.strip().lower()] += [a for a in alts if a not in syn[w.strip().lower()]]
    return syn


class WordNet:
    """First-sense single-word synonyms from WordNet's index/data files."""

    def __init__(self, d="/usr/share/wordnet"):
        self.ok = os.path.exists(os.path.join(d, "index.noun"))
        self.cache = {}
        self.index = {}
        self.data = {}
        if not self.ok:
            return
        for pos in ("noun", "verb", "adj", "adv"):
            idx = {}
            with open(os.path.join(d, "index." + pos), encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    p = line.split()
                    if len(p) < 6:
                        continue
                    nptr = int(p[3])
                    offsets = p[6 + nptr:]
                    if offsets:
                        idx[p[0]] = int(offsets[0])
            self.index[pos] = idx
            self.data[pos] = open(os.path.join(d, "data." + pos), "rb")

    def synonyms(self, word):
        if not self.ok:
            return []
        if word in self.cache:
            return self.cache[word]
        out = []
        for pos in ("verb", "noun", "adj", "adv"):
            off = self.index[pos].get(word)
            if off is None:
                continue
            f = self.data[pos]
            f.seek(off)
            p = f.readline().decode("latin-1").split()
            n = int(p[3], 16)
            for i in range(n):
                w = p[4 + 2 * i].lower()
                w = re.sub(r"\(.*\)$", "", w)
                if w != word and "_" not in w and w.isalpha():
                    out.append(w)
            if out:
                break
        self.cache[word] = out
        return out


WORD = re.compile(r"[A-Za-z]+")
STOP = set("""a an the and or but of to in on at by for from with as is are was were be been
it its this that these those he she they we you i his her their our not no so than then there""".split())


def split_sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text.strip()) if s]


def units(text):
    """Paragraphs when the text has them, else sentences."""
    if "\n\n" in text:
        return [p for p in text.split("\n\n") if p.strip()], "\n\n"
    return split_sentences(text), " "


def edit(rng, text):
    parts, sep = units(text)
    if len(parts) < 3:
        return text
    keep = [p for p in parts if rng.random() > rng.uniform(0.2, 0.35)]
    if len(keep) < 2:
        keep = parts[:2]
    keep[0] = parts[0]  # editors keep the lead
    # reorder: move one or two later units
    for _ in range(min(2, len(keep) // 3)):
        i = rng.randrange(1, len(keep))
        j = rng.randrange(1, len(keep))
        keep[i], keep[j] = keep[j], keep[i]
    return sep.join(keep)


def garble_name(rng, name):
    subs = {"l": "r", "r": "l", "e": "a", "a": "e", "i": "y", "y": "i", "c": "k", "k": "c", "s": "z",
            "o": "u", "u": "o", "t": "th", "n": "nn", "m": "mm"}
    idx = [i for i in range(1, len(name)) if name[i].lower() in subs]
    if not idx:
        return name + "e"
    i = rng.choice(idx)
    rep = subs[name[i].lower()]
    return name[:i] + rep + name[i + 1:]


def spin(rng, text, syn, wn, rate=0.25):
    tokens = list(WORD.finditer(text))
    nwords = len(tokens)
    # names: capitalised words not at the start of a sentence
    names = set()
    for m in tokens:
        s = m.start()
        before = text[max(0, s - 2):s]
        if m.group()[0].isupper() and len(m.group()) > 2 and not re.search(r"[.!?\"]\s*$", before) and s > 0:
            names.add(m.group())
    garbled = {n: garble_name(rng, n) for n in sorted(names) if rng.random() < 0.5}
    # synonym replacement: a quarter of all words
    cands = []
    for k, m in enumerate(tokens):
        w = m.group()
        lw = w.lower()
        if w in garbled or lw in STOP:
            continue
        alts = syn.get(lw) or wn.synonyms(lw)
        if alts:
            cands.append((k, alts))
    rng.shuffle(cands)
    target = int(round(rate * nwords))
    chosen = dict(cands[:target])
    out = []
    last = 0
    replaced = 0
    for k, m in enumerate(tokens):
        w = m.group()
        out.append(text[last:m.start()])
        if k in chosen:
            r = rng.choice(chosen[k])
            if w[0].isupper():
                r = r[0].upper() + r[1:]
            out.append(r)
            replaced += 1
        elif w in garbled:
            out.append(garbled[w])
        elif rng.random() < 0.01:
            out.append(w.capitalize())  # stray capitals
        else:
            out.append(w)
        last = m.end()
    out.append(text[last:])
    s = "".join(out)
    # a scraper's missing spaces after a few full stops ("weeks.Biden")
    s = re.sub(r"\. (?=[A-Z])", lambda m: "." if rng.random() < 0.1 else ". ", s)
    return s, replaced / max(1, nwords)


HEADERS = ["By {src} staff | Published {date}\n\n", "{src} — Updated {date}\n\n", "Posted on {date} by admin\n\n",
           "NEWS DESK ({src}) -\n\n", ""]
FOOTERS = ["\n\nSource link", "\n\nLeave a Reply\n\nYour email address will not be published.",
           "\n\nShare this:\nFacebook\nTwitter\nWhatsApp\n\nRelated", "\n\n(Reporting by staff; editing by desk)",
           "\n\nCopyright 2022. All rights reserved. This material may not be republished."]
OUTLETS = ["Daily Wire Feed", "NewsNow24", "WorldPost Online", "The Global Herald", "InfoBlog",
           "Headline Hub", "Press Digest", "Breaking Daily"]


def corpus_duplicates(docs):
    """The corpora contain their own copies (Reuters repeats stories, BBC has
    duplicates): documents sharing half of their word 5-grams (by the smaller one)
    get one story label. A plain shingle test, independent of the method under test."""
    grams = {}
    sizes = {}
    for d in docs:
        w = re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", d["text"].lower())
        g = {hash(tuple(w[i:i + 5])) for i in range(max(0, len(w) - 4))}
        sizes[d["id"]] = len(g)
        for x in g:
            grams.setdefault(x, []).append(d["id"])
    shared = {}
    for ids in grams.values():
        if 1 < len(ids) < 50:
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    k = (ids[i], ids[j])
                    shared[k] = shared.get(k, 0) + 1
    parent = {d["id"]: d["id"] for d in docs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), n in shared.items():
        if n >= 0.5 * max(1, min(sizes[a], sizes[b])):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {d["id"]: find(d["id"]) for d in docs}


def shift_date(d, days):
    import datetime
    x = datetime.date.fromisoformat(d) + datetime.timedelta(days=days)
    return x.isoformat()


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit(__doc__)
    shared, docs_path, labels_path = args[:3]
    n_stories, n_distract, seed = 300, 1500, SEED
    i = 3
    while i < len(args):
        if args[i] == "--stories":
            n_stories = int(args[i + 1])
        elif args[i] == "--distractors":
            n_distract = int(args[i + 1])
        elif args[i] == "--seed":
            seed = int(args[i + 1])
        i += 2
    rng = random.Random(seed)
    syn = load_synonyms()
    wn = WordNet()
    corp = {}
    for name in ("reuters21578", "guardian", "bbc"):
        with open(os.path.join(shared, "corpora", name + ".jsonl"), encoding="utf-8") as f:
            corp[name] = [json.loads(l) for l in f]
    # base stories: long enough to be a story (80+ words); share by corpus
    share = {"reuters21578": 0.5, "guardian": 0.2, "bbc": 0.3}
    bases, used = [], set()
    for name, frac in share.items():
        pool = [d for d in corp[name] if len(d["text"].split()) >= 80 and d.get("date")]
        rng.shuffle(pool)
        take = pool[:int(n_stories * frac)]
        bases += take
        used |= {d["id"] for d in take}
    # distractors: other documents, from the dates the bases use
    dates = {d["date"] for d in bases}
    pool = [d for name in corp for d in corp[name] if d["id"] not in used and d.get("date") in dates
            and len(d["text"].split()) >= 20]
    rng.shuffle(pool)
    distract = pool[:n_distract]
    story_of = corpus_duplicates(bases + distract)
    docs, labels = [], []
    rates = []
    for b in bases:
        sid = story_of[b["id"]]
        docs.append({"id": b["id"], "date": b["date"], "title": b.get("title", ""), "text": b["text"],
                     "source": b.get("source") or b["id"].split("-")[0]})
        labels.append((b["id"], sid, "original"))
        for kind in ("verbatim", "edited", "spun", "spunedit"):
            text = b["text"]
            title = b.get("title", "")
            if kind in ("edited", "spunedit"):
                text = edit(rng, text)
                title = "UPDATE: " + title if title else "Latest"
            if kind in ("spun", "spunedit"):
                text, r = spin(rng, text, syn, wn)
                rates.append(r)
                title, _ = spin(rng, title, syn, wn)
            outlet = rng.choice(OUTLETS)
            date = shift_date(b["date"], rng.randint(0, 2))
            head = rng.choice(HEADERS).format(src=outlet, date=date)
            text = head + text + rng.choice(FOOTERS)
            did = "%s~%s" % (b["id"], kind)
            docs.append({"id": did, "date": date, "title": title, "text": text, "source": outlet,
                         "url": "https://%s.example/%s" % (outlet.lower().replace(" ", ""), did)})
            labels.append((did, sid, kind))
    for d in distract:
        docs.append({"id": d["id"], "date": d["date"], "title": d.get("title", ""), "text": d["text"],
                     "source": d.get("source") or d["id"].split("-")[0]})
        labels.append((d["id"], story_of[d["id"]], "distractor"))
    rng.shuffle(docs)
    with open(docs_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        f.write("doc_id\tstory\tkind\n")
        for l in labels:
            f.write("\t".join(l) + "\n")
    ndup = sum(1 for k, v in story_of.items() if k != v)
    sys.stderr.write("dedup_gen: %d documents, %d stories x 4 copies, %d distractors (%d corpus documents "
                     "share a label with an earlier copy); spun copies replace %.1f%% of words on average "
                     "(WordNet %s)\n"
                     % (len(docs), len(bases), len(distract), ndup, 100 * sum(rates) / max(1, len(rates)),
                        "used" if wn.ok else "absent"))


if __name__ == "__main__":
    main()
