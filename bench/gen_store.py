#!/usr/bin/python3
"""gen_store.py — writes a synthetic tocsin event store of N events (default one
million) for the server benchmark (bench/serve.sh), in one transaction, straight
into the tables of src/store/schema.sql (read from the repo), so that the
aggregate triggers fill dyad_days/dyad_totals/event_days as any writer would.

The distributions follow what a news-coded store looks like:
  - 3 years of dates (2019-01-01 .. 2021-12-31), fewer stories at weekends, a few
    hundred short bursts (a crisis: a dyad's volume and hostility jump for days);
  - ~80 countries with Zipf-like weights (the big ones dominate), actor codes made of
    a country and an optional agent (GOV, MIL, REB, ...), so ~20,000 actor pairs;
  - stories of 1-8 events (mostly 1-2) on the publication day or a few days before,
    reported by 1-6 documents (copies): every event has one mention per copy;
  - CAMEO codes with their Goldstein score and QuadClass, verbal cooperation most
    common, material conflict rarer except in bursts.
Deterministic (seeded). Prints what it wrote and how long it took.

usage: bench/gen_store.py OUT.db [EVENTS] [--seed N] [--aggregates-after]
  --aggregates-after loads the tables without the aggregate triggers and then adds
  and fills them the way an older store is upgraded (to time both ways).
"""
import os
import random
import sqlite3
import sys
import time
import datetime

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

COUNTRIES = ("USA RUS CHN UKR GBR FRA DEU ISR IRN SYR TUR IND PAK AFG IRQ JPN KOR PRK SAU EGY "
             "NGA ZAF KEN ETH SDN LBY YEM LBN JOR QAT ARE POL BLR HUN ITA ESP NLD BEL SWE NOR "
             "FIN DNK AUT CHE GRC SRB BIH HRV ROU BGR MDA GEO ARM AZE KAZ UZB TKM VNM THA MYS "
             "IDN PHL AUS NZL CAN MEX BRA ARG CHL COL VEN PER CUB BOL ECU MMR BGD LKA NPL MLI").split()
AGENTS = ["", "", "", "GOV", "GOV", "MIL", "REB", "OPP", "BUS", "MED", "CVL", "JUD", "LEG", "COP"]
# (code, goldstein, quad_class, weight in normal times, weight in a burst)
CODES = [
    ("010", 0.0, 1, 8, 2), ("020", 3.0, 1, 6, 1), ("036", 4.0, 1, 6, 1), ("040", 1.0, 1, 10, 2),
    ("042", 1.9, 1, 5, 1), ("043", 2.8, 1, 4, 1), ("051", 3.4, 1, 5, 1), ("057", 8.0, 1, 2, 0),
    ("061", 6.4, 2, 3, 0), ("070", 7.0, 2, 3, 1), ("071", 7.4, 2, 2, 0), ("0871", 9.0, 2, 1, 0),
    ("100", -5.0, 3, 3, 3), ("111", -2.0, 3, 6, 4), ("112", -2.0, 3, 4, 4), ("120", -4.0, 3, 3, 3),
    ("130", -4.4, 3, 3, 5), ("138", -7.0, 3, 1, 4), ("1312", -5.8, 3, 1, 3), ("160", -4.0, 3, 2, 2),
    ("163", -8.0, 4, 1, 2), ("172", -5.0, 4, 2, 2), ("173", -5.0, 4, 2, 2), ("180", -9.0, 4, 2, 5),
    ("190", -10.0, 4, 2, 6), ("193", -10.0, 4, 1, 4), ("195", -10.0, 4, 1, 3), ("154", -7.2, 4, 1, 4),
]
SOURCES = ["Example Wire", "Example Post", "Example Times", "Daily Example", "Example Herald",
           "Example Tribune", "Example Gazette", "Example News", "Example Observer", "Example Daily"]
VERBS = {1: "said", 2: "gave", 3: "accused", 4: "attacked"}


def schema_parts():
    with open(os.path.join(ROOT, "src", "store", "schema.sql")) as f:
        text = f.read()
    mark = text.find("-- @indexes")
    return (text, "") if mark < 0 else (text[:mark], text[mark:])


def main():
    args = [a for a in sys.argv[1:]]
    after = "--aggregates-after" in args
    if after:
        args.remove("--aggregates-after")
    seed = 7
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    target = int(args[1]) if len(args) > 1 else 1000000
    rnd = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(out + suffix):
            os.remove(out + suffix)
    t0 = time.time()
    db = sqlite3.connect(out, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    tables, indexes = schema_parts()
    aggregates = ""
    if after:
        mark = tables.find("-- @aggregates")
        tables, aggregates = tables[:mark], tables[mark:]
    db.executescript(tables)
    db.execute("BEGIN")

    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]
    start = datetime.date(2019, 1, 1)
    n_days = 3 * 365
    days = [(start + datetime.timedelta(days=d)).isoformat() for d in range(n_days)]
    # Each country has a few favourite partners, so dyads repeat as in real news.
    partners = {c: rnd.choices(COUNTRIES, weights, k=12) for c in COUNTRIES}
    # Bursts: a country pair turns hostile for 2-10 days, many times over the years.
    bursts = {}
    for _ in range(400):
        a = rnd.choices(COUNTRIES, weights)[0]
        b = rnd.choice(partners[a])
        d0 = rnd.randrange(n_days)
        for d in range(d0, min(n_days, d0 + rnd.randint(2, 10))):
            bursts.setdefault(d, []).append((a, b))
    code_w = [c[3] for c in CODES]
    code_wb = [c[4] for c in CODES]

    n_events = n_docs = n_stories = n_mentions = 0
    story_id = 0
    ev_rows, men_rows, doc_rows, story_rows = [], [], [], []

    def flush():
        db.executemany("INSERT INTO stories VALUES (?,?,?,?)", story_rows)
        db.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)", doc_rows)
        db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ev_rows)
        db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", men_rows)
        story_rows.clear(); doc_rows.clear(); ev_rows.clear(); men_rows.clear()

    while n_events < target:
        day = rnd.randrange(n_days)
        weekday = (start + datetime.timedelta(days=day)).weekday()
        if weekday >= 5 and rnd.random() < 0.4:
            continue
        in_burst = day in bursts and rnd.random() < 0.35
        if in_burst:
            a, b = rnd.choice(bursts[day])
        else:
            a = rnd.choices(COUNTRIES, weights)[0]
            b = rnd.choice(partners[a])
            if b == a:
                b = rnd.choice(COUNTRIES)
        story_id += 1
        n_stories += 1
        copies = min(6, 1 + int(rnd.expovariate(1.2)))
        docs = []
        for c in range(copies):
            n_docs += 1
            doc_id = "doc%d" % n_docs
            src = rnd.choice(SOURCES)
            doc_rows.append((doc_id, days[day], src, "https://example.org/%d" % n_docs,
                             "Story %d" % story_id, "h%d" % n_docs, story_id, 12,
                             "2022-01-01T00:00:00Z"))
            docs.append(doc_id)
        story_rows.append((story_id, docs[0], days[day], copies))
        n_ev = min(8, 1 + int(rnd.expovariate(0.9)))
        seen = set()
        for k in range(n_ev):
            sa = a if k == 0 or rnd.random() < 0.7 else rnd.choices(COUNTRIES, weights)[0]
            tb = b if k == 0 or rnd.random() < 0.7 else rnd.choice(partners[sa])
            src_code = sa + rnd.choice(AGENTS)
            tgt_code = tb + rnd.choice(AGENTS)
            code = rnd.choices(CODES, code_wb if in_burst else code_w)[0]
            ev_day = max(0, day - (0 if rnd.random() < 0.8 else rnd.randint(1, 5)))
            key = (ev_day, src_code, tgt_code, code[0])
            if key in seen:
                continue
            seen.add(key)
            n_events += 1
            sentence = "%s %s %s on day %d of story %d (sentence %d)." % (
                src_code, VERBS[code[2]], tgt_code, ev_day, story_id, k + 1)
            ev_rows.append((n_events, story_id, days[ev_day], src_code, sa, tgt_code, tb, code[0],
                            code[0][:2], code[2], code[1], VERBS[code[2]], sentence, docs[0],
                            copies, copies, copies))
            for d in docs:
                n_mentions += 1
                men_rows.append((n_events, d, k + 1, sentence, "exact", "exact", days[day]))
        if len(ev_rows) >= 20000:
            flush()
            print("\r%d events" % n_events, end="", file=sys.stderr, flush=True)
    flush()
    t1 = time.time()
    db.execute("COMMIT")
    if after:
        db.executescript(aggregates)
        print("\rgen_store: aggregates added and filled after the load in %.1f s"
              % (time.time() - t1), file=sys.stderr)
    db.executescript(indexes)
    db.execute("PRAGMA optimize")
    db.close()
    t2 = time.time()
    size = sum(os.path.getsize(out + s) for s in ("", "-wal") if os.path.exists(out + s))
    print("\rgen_store: %s: %d events, %d mentions, %d documents, %d stories, %d days;"
          " %.1f s (inserts%s %.1f s, then %.1f s), %.0f MB"
          % (out, n_events, n_mentions, n_docs, n_stories, n_days, t2 - t0,
             "" if after else " with aggregate triggers", t1 - t0, t2 - t1,
             size / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
