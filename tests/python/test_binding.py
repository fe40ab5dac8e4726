"""test_binding.py — the Python binding (python/tocsin) against the C program: coding
text gives the same events as `tocsin code`, errors are exceptions naming the record,
coding from many threads gives what one thread gives, and events/stories read into
pandas equal what the CLI says the store holds (SQLite, and PostgreSQL when there);
each event carries the same "location" as the program's, and none (with one warning)
without a gazetteer.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

import common
import tocsin


def code_all(coder, records):
    return [e for r in records for e in coder.code(r["text"], date=r["date"], id=r["id"], title=r.get("title"),
                                                     url=r.get("url"), source=r.get("source"))]


class CoderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.coder = tocsin.Coder()
        cls.records = common.read_jsonl(common.SAMPLE)

    def test_same_events_as_the_cli(self):
        _, out, _ = common.cli("code", common.SAMPLE)
        want = common.coded(out)
        got = code_all(self.coder, self.records)
        self.assertGreater(len(want), 50)
        self.assertEqual(got, want)

    def test_plain_text_with_date_and_id(self):
        seed = os.path.join(common.SHARED, "seed", "article.txt")
        if not os.path.exists(seed):
            self.skipTest("%s not present" % seed)
        _, out, _ = common.cli("code", "--date", "2022-01-02", "--id", "seed", seed)
        with open(seed, "rb") as f:
            got = self.coder.code(f.read(), date="2022-01-02", id="seed")
        self.assertEqual(got, common.coded(out))
        fuzzy = [e for e in got if e["source"]["match"] == "fuzzy" or (e["target"] or {}).get("match") == "fuzzy"]
        self.assertTrue(fuzzy, "the seed article's 'Anthony Brinken' is a fuzzy match")

    def test_the_fields_of_an_event(self):
        ev = self.coder.code("Russia warned Ukraine on Monday.", date="2022-01-03", id="w")
        self.assertEqual(len(ev), 1)
        e = ev[0]
        self.assertEqual((e["doc_id"], e["sentence"], e["source"]["code"], e["target"]["code"]), ("w", 1, "RUS", "UKR"))
        self.assertEqual(e["event"]["root"], e["event"]["code"][:2])
        self.assertEqual(e["source"]["text"], "Russia")
        self.assertEqual(e["text"], "Russia warned Ukraine on Monday.")
        self.assertIn(e["event"]["quad_class"], (3, 4))
        # a date with a time is taken as the JSON Lines reader takes it
        self.assertEqual(self.coder.code("Russia warned Ukraine.", date="2022-01-03T10:00:00Z", id="w")[0]["date"],
                         "2022-01-03")

    def test_location_of_an_event(self):
        if not os.path.exists(common.GAZETTEER):
            self.skipTest("no gazetteer at %s (make deps && make build it)" % common.GAZETTEER)
        doc = ("KYIV, Ukraine (AP) - Russian forces shelled Ukrainian positions near Donetsk on Monday. "
               "Russia warned Ukraine on Tuesday.")
        ev = self.coder.code(doc, date="2022-03-01", id="kyiv")
        self.assertEqual([e["sentence"] for e in ev], [1, 2])
        # the place the sentence ties to the action: Donetsk, a world city with its GeoNames id
        loc = ev[0]["location"]
        self.assertEqual((loc["country"], loc["type"], loc.get("geonameid")), ("UA", "world_city", 709717))
        self.assertIn("Donetsk", loc["name"])
        self.assertAlmostEqual(loc["lat"], 48.0, delta=0.5)
        # no place in the sentence: the dateline
        self.assertIn("Kyiv", ev[1]["location"]["name"])
        # what the program writes for the same document, location included
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
            f.write(doc)
            f.flush()
            _, out, _ = common.cli("code", "--date", "2022-03-01", "--id", "kyiv", f.name)
        self.assertEqual(ev, common.coded(out))
        # the shipped sample: most events are located, exactly as the program locates them
        got = code_all(self.coder, self.records)
        self.assertGreater(sum(1 for e in got if e["location"]), len(got) // 2)
        # switched off: no location, the events otherwise the same
        off = tocsin.Coder(locations=False).code(doc, date="2022-03-01", id="kyiv")
        self.assertEqual([e["location"] for e in off], [None, None])
        self.assertEqual([dict(e, location=None) for e in ev], off)

    def test_no_gazetteer_gives_null_locations_and_one_warning(self):
        # the gazetteer is the process's: another interpreter, pointed at none
        script = ("import logging, sys; sys.path.insert(0, %r); import tocsin\n"
                  "logging.basicConfig(level=logging.WARNING, format='%%(message)s')\n"
                  "for _ in range(2):\n"
                  "    c = tocsin.Coder()\n"
                  "    for d in range(3):\n"
                  "        ev = c.code('Russia warned Ukraine in Kyiv.', date='2022-01-03', id='d%%d' %% d)\n"
                  "        assert len(ev) == 1 and ev[0]['location'] is None, ev\n"
                  "print('ok')\n") % os.path.join(common.ROOT, "python")
        env = dict(os.environ, TOCSIN_GEO="/nonexistent/gazetteer.idx")
        p = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env)
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual((p.returncode, p.stdout.decode()), (0, "ok\n"), err[-2000:])
        self.assertEqual(err.count("no gazetteer at /nonexistent/gazetteer.idx"), 1, err[-2000:])

    def test_phoenix_dictionaries(self):
        phoenix = os.path.join(common.SHARED, "dict", "phoenix")
        if not os.path.isdir(phoenix):
            self.skipTest("%s not present" % phoenix)
        coder = tocsin.Coder(dict=phoenix)
        _, out, _ = common.cli("code", "--dict", phoenix, common.SAMPLE)
        self.assertEqual(code_all(coder, self.records), common.coded(out))

    def test_errors_are_exceptions_naming_the_record(self):
        with self.assertRaises(tocsin.TocsinError) as cm:
            self.coder.code("Russia warned Ukraine.", date="2022-13-45", id="rec-17")
        self.assertEqual(cm.exception.record, "rec-17")
        self.assertIn("rec-17", str(cm.exception))
        self.assertIn("2022-13-45", str(cm.exception))
        with self.assertRaises(tocsin.TocsinError) as cm:
            self.coder.code("Russia warned Ukraine.", id="undated")
        self.assertIn("undated", str(cm.exception))
        with self.assertRaises(tocsin.TocsinError):
            self.coder.code("text", date="2022-01-01", id=None)
        # the coder goes on after an error
        self.assertEqual(len(self.coder.code("Russia warned Ukraine.", date="2022-01-03", id="ok")), 1)
        with self.assertRaises(tocsin.TocsinError) as cm:
            tocsin.Coder(dict="/nonexistent/dictionaries")
        self.assertIn("/nonexistent/dictionaries", str(cm.exception))

    def test_bad_bytes_and_empty_text_do_not_crash(self):
        self.assertEqual(self.coder.code("", date="2022-01-01", id="empty"), [])
        ev = self.coder.code(b"Russia \xff\xfe warned Ukraine \xc3.", date="2022-01-01", id="bytes")
        self.assertTrue(all(isinstance(e["text"], str) for e in ev))
        self.coder.code("Ukraine\x00 said nothing. " * 1000, date="2022-01-01", id="nul")

    def test_threads_give_what_one_thread_gives(self):
        want = code_all(self.coder, self.records)
        results, errors = {}, []

        def work(k):
            try:
                results[k] = [code_all(self.coder, self.records) for _ in range(3)]
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)
        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for k in range(4):
            for run in results[k]:
                self.assertEqual(run, want)

    def test_code_records(self):
        pairs = list(self.coder.code_records(self.records[:5]))
        self.assertEqual([r["id"] for r, _ in pairs], [r["id"] for r in self.records[:5]])
        bad = [{"id": "good", "date": "2021-10-04", "text": "Russia warned Ukraine."},
               {"id": "bad-one", "date": "yesterday", "text": "Russia warned Ukraine."}]
        with self.assertRaises(tocsin.TocsinError) as cm:
            list(self.coder.code_records(bad))
        self.assertEqual(cm.exception.record, "bad-one")


class StoreTest(unittest.TestCase):
    """events/stories/documents into pandas, from a store the CLI wrote."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "news.db")
        common.cli("ingest", "--db", cls.db, common.SAMPLE)
        cls.pg = None

    @classmethod
    def tearDownClass(cls):
        if cls.pg:
            cls.pg.stop()
        cls.tmp.cleanup()

    def check_store(self, db):
        _, out, _ = common.cli("export", "--db", db, "--format", "jsonl")
        exported = common.jsonl(out)
        ev = tocsin.events(db)
        self.assertEqual(len(ev), len(exported))
        self.assertGreater(len(ev), 30)
        self.assertEqual(str(ev["date"].dtype), "datetime64[ns]")
        # since/until select by event date, as export --from/--to does
        _, out, _ = common.cli("export", "--db", db, "--format", "jsonl", "--from", "2021-11-01", "--to", "2021-11-30")
        part = tocsin.events(db, since="2021-11-01", until="2021-11-30")
        self.assertEqual(len(part), len(common.jsonl(out)))
        self.assertTrue(0 < len(part) < len(ev))
        self.assertTrue(((part["date"] >= "2021-11-01") & (part["date"] <= "2021-11-30")).all())
        # stories: the clusters `tocsin stories` lists
        _, out, _ = common.cli("stories", "--db", db)
        want = {json.dumps(sorted(s["documents"])) for s in common.jsonl(out)}
        st = tocsin.stories(db)
        self.assertEqual({json.dumps(sorted(d)) for d in st["documents"]}, want)
        self.assertEqual(list(st["n_documents"]), [len(d) for d in st["documents"]])
        docs = tocsin.documents(db)
        self.assertEqual(sorted(docs["doc_id"]), sorted(r["id"] for r in common.read_jsonl(common.SAMPLE)))
        self.assertEqual(len(tocsin.mentions(db)), sum(int(n) for n in ev["n_mentions"]))
        return ev, st

    def test_sqlite(self):
        self.check_store(self.db)
        with self.assertRaises(FileNotFoundError) as cm:
            tocsin.events(os.path.join(self.tmp.name, "missing.db"))
        self.assertIn("missing.db", str(cm.exception))

    def test_postgresql(self):
        pg = StoreTest.pg = common.Postgres()
        if pg.skip:
            self.skipTest(pg.skip)
        uri = pg.new_db("binding")
        st, _, err = common.cli("ingest", "--db", uri, common.SAMPLE)
        self.assertEqual(st, 0, err)
        ev_pg, st_pg = self.check_store(uri)
        ev_sq, st_sq = self.check_store(self.db)
        cols = [c for c in ev_sq.columns if c not in ("event_id", "story_id")]
        key = ["date", "source_code", "target_code", "code", "first_doc"]
        a = ev_pg[cols].sort_values(key).reset_index(drop=True)
        b = ev_sq[cols].sort_values(key).reset_index(drop=True)
        self.assertTrue(a.equals(b), "events from PostgreSQL equal events from SQLite")


if __name__ == "__main__":
    unittest.main()
