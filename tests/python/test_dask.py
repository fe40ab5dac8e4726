"""test_dask.py — tocsin.dask on a real Dask LocalCluster with two worker processes:
the result of a cluster run equals one `tocsin ingest` of the same input (same
documents, stories, events, mentions: storecmp.py), also when a worker process is
killed in the middle of a task (Dask runs the task again; nothing lost or stored
twice), and into PostgreSQL when the server and tocsin's PostgreSQL store are there.

Input: real news from ../shared/corpora with copies of stories (bench/dedup_gen.py:
verbatim and edited copies, dated as their original, among unrelated documents),
spread over the chunks so that copies of one story are ingested by different
workers at the same time. Heavily spun copies are left out on purpose: whether a copy
that matches only some of the others joins their story depends on which arrived
first, in one process as in many (see the README), so no run order is "the" result.
The test checks that this input is order-independent before relying on it.
"""
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import common
import storecmp
from tocsin import dask as tdask

N_STORIES, N_DISTRACTORS = 80, 350    # 590 documents
CHUNK = 50000                         # bytes: about 18 chunks


def make_input(tmp):
    gen = os.path.join(common.ROOT, "bench", "dedup_gen.py")
    raw, labels = os.path.join(tmp, "raw.jsonl"), os.path.join(tmp, "labels.tsv")
    subprocess.run([sys.executable, gen, common.SHARED, raw, labels, "--stories", str(N_STORIES),
                    "--distractors", str(N_DISTRACTORS)], check=True, capture_output=True)
    story = {}
    with open(labels) as f:
        next(f)
        for line in f:
            doc, label, kind = line.rstrip("\n").split("\t")
            story[doc] = (label, kind)
    recs = common.read_jsonl(raw)
    date = {r["id"]: r["date"] for r in recs}
    out = []
    for r in recs:
        label, kind = story[r["id"]]
        if kind in ("spun", "spunedit"):
            continue
        r["date"] = date.get(label, r["date"])
        out.append(r)
    path = os.path.join(tmp, "news.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r) + "\n")
    return path, out


def ingest(db, path, *extra):
    st, _, err = common.cli("ingest", "--db", db, *extra, path)
    if st != 0:
        raise AssertionError("tocsin ingest %s: exit %d: %s" % (path, st, err[-2000:]))


def ids_in(path, shard):
    with open(path, "rb") as f:
        f.seek(shard["start"])
        data = f.read(shard["end"] - shard["start"])
    return [json.loads(line)["id"] for line in data.splitlines() if line.strip()]


def count_docs(db, ids):
    try:
        conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
        try:
            q = "SELECT count(*) FROM documents WHERE doc_id IN (%s)" % ",".join("?" * len(ids))
            return conn.execute(q, ids).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def children(pid):
    """Pids of the processes whose parent is pid."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@unittest.skipUnless(os.path.isdir(os.path.join(common.SHARED, "corpora")),
                     "%s/corpora not present (the test's news)" % common.SHARED)
class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from distributed import Client, LocalCluster
        cls.tmp = tempfile.TemporaryDirectory()
        cls.input, recs = make_input(cls.tmp.name)
        cls.ndocs = len(recs)
        cls.ref = os.path.join(cls.tmp.name, "single.db")
        ingest(cls.ref, cls.input)
        cls.want = storecmp.digest(cls.ref)
        # The input's clustering does not depend on arrival order (see the module comment).
        random.Random(7).shuffle(recs)
        shuffled = os.path.join(cls.tmp.name, "shuffled.jsonl")
        with open(shuffled, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in recs)
        db = os.path.join(cls.tmp.name, "shuffled.db")
        ingest(db, shuffled)
        d = storecmp.diff(cls.want, storecmp.digest(db))
        if d:
            raise AssertionError("test input is not order-independent:\n" + "\n".join(d))
        cls.shards = tdask.plan([cls.input], CHUNK)
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        cls.client = Client(cls.cluster)
        cls.pg = None
        print("input: %d documents, %d chunks; single ingest: %s" % (cls.ndocs, len(cls.shards),
              storecmp.summary(cls.want)), file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        if cls.pg:
            cls.pg.stop()
        cls.tmp.cleanup()

    def run_cluster(self, db, shards=None, args=("--batch", "10")):
        return tdask.run(self.client, shards or self.shards, db, list(args), common.TOCSIN, progress=False,
                         out=sys.stderr)

    def assert_equal_to_single(self, db):
        got = storecmp.digest(db)
        d = storecmp.diff(self.want, got)
        self.assertEqual(d, [], "cluster run differs from the single ingest:\n" + "\n".join(d))
        self.assertEqual(len(got["documents"]), self.ndocs)

    def test_chunks_at_line_boundaries(self):
        self.assertGreaterEqual(len(self.shards), 6)
        ids = [i for sh in self.shards for i in ids_in(self.input, sh)]
        self.assertEqual(ids, [r["id"] for r in common.read_jsonl(self.input)])
        self.assertEqual(self.shards[-1]["end"], os.path.getsize(self.input))

    def test_cluster_equals_single_run(self):
        db = os.path.join(self.tmp.name, "cluster.db")
        status, totals = self.run_cluster(db)
        self.assertEqual(status, 0)
        self.assertEqual((totals["read"], totals["stored"]), (self.ndocs, self.ndocs))
        self.assert_equal_to_single(db)
        # a second run over the same store changes nothing
        status, totals = self.run_cluster(db)
        self.assertEqual((status, totals["stored"], totals["skipped"]), (0, 0, self.ndocs))
        self.assert_equal_to_single(db)

    def test_tasks_share_the_workers_ingest_servers(self):
        """A worker runs its tasks on one long-lived ingest (store, dictionaries and copy
        index kept open): 19 tasks on two workers use at most two processes, and end
        with the run (client.run(close_servers)), leaving the store whole."""
        db = os.path.join(self.tmp.name, "servers.db")
        futures = [self.client.submit(tdask.ingest_shard, sh, db, ["--batch", "10"], common.TOCSIN, pure=False)
                   for sh in self.shards]
        results = self.client.gather(futures)
        servers = {r["server"] for r in results}
        self.assertLessEqual(len(servers), 2, servers)
        self.assertEqual(sum(r["stored"] for r in results), self.ndocs)
        self.assertTrue(all(alive(pid) for pid in servers))
        self.assertEqual(sum(self.client.run(tdask.close_servers).values()), len(servers))
        self.assertFalse(any(alive(pid) for pid in servers))
        self.assert_equal_to_single(db)

    def test_ingest_server_protocol(self):
        """`tocsin ingest --shards-stdin`: shards one a line (a whole file, or a byte range
        of one), each committed and reported by its own summary and 'shard done' line;
        a bad record is named by its chunk and line, a missing file or a malformed line
        fails that shard alone (status 2), and the store equals the single ingest."""
        bad = os.path.join(self.tmp.name, "bad-records.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{"id": "b1", "date": "2022-01-02", "text": "Russia warned\n')  # bad JSON
            f.write('{"id": "b2", "date": "not a date", "text": "x"}\n')
        lines = ["%s\t%d\t%d" % (sh["path"], sh["start"], sh["end"]) for sh in self.shards[:3]]
        lines += [bad, "/nonexistent/shard.jsonl", "%s\t9\t3" % self.input]
        lines += ["%s\t%d\t%d" % (sh["path"], sh["start"], sh["end"]) for sh in self.shards[3:]]
        db = os.path.join(self.tmp.name, "protocol.db")
        st, _, err = common.cli("ingest", "--db", db, "--batch", "10", "--shards-stdin", "--stats",
                                stdin=("\n".join(lines) + "\n").encode(), check=False)
        self.assertEqual(st, 2, err)
        done = [int(x) for x in re.findall(r"^tocsin: ingest: shard done, exit status (\d+)$", err, re.M)]
        self.assertEqual(done, [0, 0, 0, 1, 2, 2] + [0] * (len(self.shards) - 3), err)
        self.assertRegex(err, r"bad-records\.jsonl:2: record b2 has a bad \"date\"")
        self.assertIn("/nonexistent/shard.jsonl", err)
        first = self.shards[0]
        n0 = len(ids_in(self.input, first))
        self.assertIn("tocsin: ingest: %d documents read, %d stored" % (n0, n0), err.split("shard done")[0])
        self.assert_equal_to_single(db)

    def test_kill_a_worker_mid_task(self):
        db = os.path.join(self.tmp.name, "killed.db")
        shards = tdask.plan([self.input], CHUNK * 4)  # longer tasks: one is easier to catch midway
        shard_ids = [ids_in(self.input, sh) for sh in shards]
        pids = self.client.run(os.getpid)  # worker address -> worker process id
        result = {}
        runner = threading.Thread(target=lambda: result.update(r=self.run_cluster(db, shards, ("--batch", "5"))))
        runner.start()
        victim = None
        deadline = time.time() + 60
        while victim is None and time.time() < deadline and runner.is_alive():
            for worker, keys in self.client.processing().items():
                for key in keys:
                    k = int(key.rsplit("-", 1)[1])
                    n = count_docs(db, shard_ids[k])
                    kids = [c for c in children(pids.get(worker, -1)) if alive(c)]
                    if 0 < n < len(shard_ids[k]) - 5 and kids:
                        victim = (worker, pids[worker], kids, k, n)
                        os.kill(pids[worker], signal.SIGKILL)
                        break
                if victim:
                    break
            time.sleep(0.005)
        self.assertIsNotNone(victim, "no task was caught in the middle of its ingest")
        worker, wpid, kids, k, n = victim
        print("killed worker %s (pid %d) while its ingest (pid %s) of chunk %d had stored %d of %d documents"
              % (worker, wpid, kids, k, n, len(shard_ids[k])), file=sys.stderr)
        t0 = time.time()
        while any(alive(c) for c in kids) and time.time() - t0 < 10:
            time.sleep(0.05)
        self.assertFalse(any(alive(c) for c in kids), "the killed worker's ingest died with it")
        runner.join(180)
        self.assertFalse(runner.is_alive())
        status, totals = result["r"]
        self.assertEqual(status, 0)
        # the task ran again and found what its killed attempt had committed
        self.assertGreaterEqual(totals["skipped"], n)
        self.assertEqual(totals["stored"] + totals["skipped"], self.ndocs)
        self.assert_equal_to_single(db)

    def test_postgresql(self):
        pg = DaskTest.pg = common.Postgres()
        if pg.skip:
            self.skipTest(pg.skip)
        uri = pg.new_db("dask")
        status, totals = self.run_cluster(uri)
        self.assertEqual(status, 0)
        self.assert_equal_to_single(uri)

    def test_command_line_and_bad_records(self):
        bad = os.path.join(self.tmp.name, "bad.jsonl")
        good = common.read_jsonl(self.input)[:40]
        with open(bad, "w", encoding="utf-8") as f:
            for i, r in enumerate(good):
                f.write(json.dumps(r) + "\n")
                if i == 30:
                    f.write('{"id": "broken-record", "date": "not a date", "text": "x"}\n')
        db = os.path.join(self.tmp.name, "cli.db")
        env = dict(os.environ, PYTHONPATH=os.path.join(common.ROOT, "python"))
        p = subprocess.run([sys.executable, "-m", "tocsin.dask", "--local", "2", "--db", db, "--chunk-mb", "0.02",
                            "--no-progress", bad], capture_output=True, env=env, timeout=300)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 1, err)
        line = [x for x in err.splitlines() if "broken-record" in x]
        self.assertEqual(len(line), 1, err)
        self.assertRegex(line[0], r"bad\.jsonl\[bytes \d+-\d+\]:\d+: record broken-record")
        self.assertIn("40 stored", err)
        self.assertEqual(count_docs(db, [r["id"] for r in good]), 40)
        p = subprocess.run([sys.executable, "-m", "tocsin.dask", "--local", "1", "--db", db, "/nonexistent.jsonl"],
                           capture_output=True, env=env, timeout=300)
        self.assertEqual(p.returncode, 2)
        self.assertIn("/nonexistent.jsonl", p.stderr.decode())


if __name__ == "__main__":
    unittest.main()
