#!/usr/bin/env python3
"""fixture_store.py — writes a small tocsin event store for the watch/serve tests.

Used by tests/integration/watch_*.sh and the browser test, so all of them run on
one known store without needing the coder or `tocsin ingest`. It follows
src/store/schema.sql (read from the repo at run time) and fills documents,
stories, events and mentions consistently:

  RUS-UKR   seven weeks of routine rhetoric and meetings (2022-01-03 .. 2022-02-20),
            then on 2022-02-14 a hostile day: shelling, a threat and a troop
            build-up from three stories, one of them copied by three outlets.
  USA-RUS   steady consultations; on 2022-02-07 one sanctions threat from a
            single story (too little evidence for an alert).
  UKR-RUS   a few appeals.

usage: fixture_store.py OUT.db [--bad-date]
  --bad-date adds one event whose date is not a calendar date (watch must name it).
"""
import datetime
import os
import sqlite3
import sys

ROOT = os.environ.get("TOCSIN_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    bad_date = "--bad-date" in sys.argv[2:]
    if os.path.exists(out):
        os.remove(out)
    db = sqlite3.connect(out)
    with open(os.path.join(ROOT, "src", "store", "schema.sql")) as f:
        db.executescript(f.read())

    state = {"story": 0, "event": 0}

    def story(date, copies, events):
        """copies: list of (doc_id, source, title); events: list of dicts."""
        state["story"] += 1
        sid = state["story"]
        db.execute("INSERT INTO stories VALUES (?,?,?,?)", (sid, copies[0][0], date, len(copies)))
        for doc_id, source, title in copies:
            db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                (doc_id, date, source, "https://example.org/" + doc_id, title, "h" + doc_id, sid,
                 len(events), "2026-01-01T00:00:00Z"))
        for e in events:
            state["event"] += 1
            eid = state["event"]
            db.execute(
                "INSERT INTO events (event_id, story_id, date, source_code, source_text, target_code,"
                " target_text, code, root, quad_class, goldstein, verb_text, sentence, first_doc,"
                " n_mentions, n_sources, n_articles) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (eid, sid, e.get("date", date), e["src"], e["src_text"], e["tgt"], e["tgt_text"],
                 e["code"], e["code"][:2], e["quad"], e["g"], e["verb"], e["sentence"], copies[0][0],
                 len(copies), len({c[1] for c in copies}), len(copies)))
            for n, (doc_id, _, _) in enumerate(copies):
                db.execute("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                           (eid, doc_id, e.get("sentence_no", 1), e["sentence"], "exact", "exact", date))
        return sid

    start = datetime.date(2022, 1, 3)
    for i in range(49):
        d = (start + datetime.timedelta(days=i)).isoformat()
        if i % 2 == 0:
            story(d, [("rhet-%d" % i, "Example Wire", "Moscow criticises Kyiv")], [dict(
                src="RUSGOV", src_text="Russian Foreign Ministry", tgt="UKRGOV", tgt_text="Kyiv",
                code="111", quad=3, g=-2.0, verb="criticised",
                sentence="The Russian Foreign Ministry criticised Kyiv over its handling of the talks.")])
        if i % 3 == 0:
            story(d, [("meet-%d" % i, "Example Post", "Officials meet")], [dict(
                src="RUSGOV", src_text="Russian diplomats", tgt="UKRGOV", tgt_text="Ukrainian officials",
                code="040", quad=1, g=1.0, verb="met",
                sentence="Russian diplomats met Ukrainian officials in Minsk on Tuesday.")])
        if i % 4 == 1:
            story(d, [("usru-%d" % i, "Example Times", "Washington and Moscow talk")], [dict(
                src="USAGOV", src_text="Washington", tgt="RUSGOV", tgt_text="Moscow",
                code="036", quad=1, g=4.0, verb="expressed intent to meet",
                sentence="Washington said it would meet Moscow for further talks.")])
        if i % 10 == 5:
            story(d, [("uaru-%d" % i, "Example Wire", "Kyiv appeals")], [dict(
                src="UKRGOV", src_text="Kyiv", tgt="RUSGOV", tgt_text="Moscow",
                code="020", quad=1, g=3.0, verb="appealed to",
                sentence="Kyiv appealed to Moscow to pull back its troops.")])

    hot = "2022-02-14"
    story(hot, [("shell-a", "Example Wire", "Shelling near Donetsk"),
                ("shell-b", "Example Post", "Artillery fire reported"),
                ("shell-c", "Example Times", "Shelling near Donetsk")], [
        dict(src="RUSMIL", src_text="Russian artillery", tgt="UKRMIL", tgt_text="Ukrainian positions",
             code="190", quad=4, g=-10.0, verb="shelled",
             sentence="Russian artillery shelled Ukrainian positions near Donetsk overnight."),
        dict(src="RUSMIL", src_text="Russian troops", tgt="UKRMIL", tgt_text="Ukrainian soldiers",
             code="193", quad=4, g=-10.0, verb="fought", sentence_no=2,
             sentence="Russian troops fought Ukrainian soldiers for several hours.")])
    story(hot, [("threat-a", "Example Post", "Moscow warns Kyiv")], [
        dict(src="RUSGOV", src_text="Moscow", tgt="UKRGOV", tgt_text="Kyiv",
             code="138", quad=3, g=-7.0, verb="threatened military action against",
             sentence="Moscow threatened military action against Kyiv on Monday.")])
    story(hot, [("buildup-a", "Example Times", "Troops massed")], [
        dict(src="RUSMIL", src_text="Russian forces", tgt="UKR", tgt_text="Ukraine",
             code="154", quad=4, g=-7.2, verb="massed troops on the border with",
             sentence="Russian forces massed troops on the border with Ukraine.")])
    story("2022-02-07", [("sanction-a", "Example Wire", "Sanctions threat")], [
        dict(src="USAGOV", src_text="Washington", tgt="RUSGOV", tgt_text="Moscow",
             code="1312", quad=3, g=-5.8, verb="threatened sanctions against",
             sentence="Washington threatened sanctions against Moscow.")])
    if bad_date:
        story("2022-02-10", [("bad-date", "Example Wire", "Bad date")], [
            dict(date="2022-13-45", src="RUSGOV", src_text="Moscow", tgt="UKRGOV", tgt_text="Kyiv",
                 code="111", quad=3, g=-2.0, verb="criticised", sentence="Moscow criticised Kyiv.")])
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
