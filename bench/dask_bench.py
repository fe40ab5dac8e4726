#!/usr/bin/python3
"""dask_bench.py — what spreading an ingest over Dask buys and costs (part of `make bench`).

    /usr/bin/python3 bench/dask_bench.py ../shared              # prints the 2-vs-1-worker ratio
    /usr/bin/python3 bench/dask_bench.py ../shared --repeat 5 --pg --process-per-task

On the news corpora of ../shared/corpora (cut into JSON Lines chunks, as tocsin.dask
does), into a fresh store each time:
  single       one `tocsin ingest` of the whole input (the reference)
  server       one `tocsin ingest --shards-stdin` fed the chunks in turn, no Dask: what
               a task costs the ingest beyond its documents
  dask 1/2     tocsin.dask on a LocalCluster of 1 and 2 worker processes (the clusters are
               started once, not counted), --repeat times each, alternately; the best of
               each gives the ratio
  --process-per-task: dask 1/2 again with one `tocsin ingest` process per task (what
               tasks did before ingest servers)
  --pg         single and dask 1/2 into PostgreSQL (a throw-away cluster, tests/pg/cluster.sh)
and the binding: Coder.code() on 1 and 2 Python threads against `tocsin code`.
Each row has the wall seconds, documents/s, CPU seconds, the seconds the ingests held
the store's write lock in all (the serial part) and /proc/loadavg before->after (other
work on the machine shows there). A benchmark, not a test: it fails only when a program
fails.

usage: dask_bench.py SHARED [--chunk-mb MB] [--threads T] [--repeat N] [--pg] [--process-per-task]
                            [--skip-binding]
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
TOCSIN = os.environ.get("TOCSIN") or os.path.join(ROOT, "build", "tocsin")
os.environ["TOCSIN"] = os.path.abspath(TOCSIN)
CORPORA = ["reuters21578.jsonl", "bbc.jsonl", "guardian.jsonl", "agnews-test.jsonl"]
DATE = ["--date", "2005-01-01"]  # AG News records carry no date
HELD = re.compile(r"holding it ([0-9.]+) s")


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def timed(fn):
    l0 = load()
    t0 = time.perf_counter()
    r = fn()
    return time.perf_counter() - t0, "%s->%s" % (l0, load()), r


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def own_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def ingest(db, path, *extra, stdin=None):
    """tocsin ingest --stats; returns the seconds it held the write lock."""
    p = subprocess.run([TOCSIN, "ingest", "--stats", "--db", db] + DATE + list(extra) + ([path] if path else []),
                       input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        sys.exit("dask_bench: tocsin ingest failed (%d): %s" % (p.returncode, p.stderr.decode()[-500:]))
    return sum(float(x) for x in HELD.findall(p.stderr.decode()))


class Stores:
    """Fresh stores: SQLite files in tmp, or databases of a throw-away PostgreSQL cluster."""

    def __init__(self, tmp):
        self.tmp, self.n, self.pg, self.pgdir = tmp, 0, None, None

    def start_pg(self):
        self.pgdir = tempfile.mkdtemp(prefix="tdb")
        os.rmdir(self.pgdir)
        p = subprocess.run(["sh", os.path.join(ROOT, "tests", "pg", "cluster.sh"), "start", self.pgdir],
                           capture_output=True)
        if p.returncode != 0:
            print("dask bench: PostgreSQL skipped: %s" % p.stderr.decode().strip()[-300:])
            self.pgdir = None
            return False
        self.pg = p.stdout.decode().strip().splitlines()[-1]
        return True

    def stop_pg(self):
        if self.pgdir:
            subprocess.run(["sh", os.path.join(ROOT, "tests", "pg", "cluster.sh"), "stop", self.pgdir],
                           capture_output=True)
            self.pgdir = self.pg = None

    def fresh(self, pg=False):
        self.n += 1
        if not pg:
            return os.path.join(self.tmp, "b%d.db" % self.n)
        import psycopg2
        conn = psycopg2.connect(self.pg)
        conn.autocommit = True
        with conn.cursor() as c:
            c.execute("CREATE DATABASE b%d" % self.n)
        conn.close()
        base, _, query = self.pg.partition("?")
        return base.rsplit("/", 1)[0] + "/b%d" % self.n + ("?" + query if query else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("--chunk-mb", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="dask 1 and 2 workers this many times each (best of)")
    ap.add_argument("--pg", action="store_true", help="also into PostgreSQL")
    ap.add_argument("--process-per-task", action="store_true", help="also with a tocsin ingest process per task")
    ap.add_argument("--skip-binding", action="store_true")
    a = ap.parse_args()
    try:
        from distributed import Client
    except ImportError:
        print("dask bench: skipped (Debian's python3-distributed is not installed)")
        return 0
    from tocsin import dask as tdask
    tmp = tempfile.mkdtemp(prefix="tocsin-dask-bench.")
    corpus = os.path.join(tmp, "corpora.jsonl")
    with open(corpus, "wb") as out:
        for c in CORPORA:
            with open(os.path.join(a.shared, "corpora", c), "rb") as f:
                out.write(f.read())
    ndocs = sum(1 for _ in open(corpus, "rb"))
    shards = tdask.plan([corpus], int(a.chunk_mb * 1e6))
    mb = os.path.getsize(corpus) / 1e6
    print("Dask ingest: %d documents, %.0f MB in %d chunks of ~%.1f MB; tasks run tocsin ingest --threads %d; "
          "%d cores" % (ndocs, mb, len(shards), a.chunk_mb, a.threads, os.cpu_count()))
    print("%-40s %8s %8s %8s %8s %14s" % ("run", "wall_s", "docs/s", "cpu_s", "held_s", "loadavg"))
    stores = Stores(tmp)
    targs = ["--threads", str(a.threads)]
    rows = {}

    def row(name, secs, ld, cpu_s, held):
        rows.setdefault(name, []).append(secs)
        print("%-40s %8.2f %8.0f %8.1f %8.1f %14s" % (name, secs, ndocs / secs, cpu_s, held, ld), flush=True)

    def single(pg=False):
        c0 = child_cpu()
        secs, ld, held = timed(lambda: ingest(stores.fresh(pg), corpus, *targs))
        cpu = child_cpu() - c0
        row("single tocsin ingest" + (", PostgreSQL" if pg else ""), secs, ld, cpu, held)
        return cpu

    def server():
        spec = "".join("%s\t%d\t%d\n" % (sh["path"], sh["start"], sh["end"]) for sh in shards).encode()
        c0 = child_cpu()
        secs, ld, held = timed(lambda: ingest(stores.fresh(), None, "--shards-stdin", *targs, stdin=spec))
        row("one ingest server, chunks in turn", secs, ld, child_cpu() - c0, held)

    clusters = {}

    def dask(workers, pg=False, per_task_process=False):
        if workers not in clusters:
            cluster = tdask.local_cluster(workers)  # as python3 -m tocsin.dask --local N
            clusters[workers] = (cluster, Client(cluster))
        client = clusters[workers][1]
        db = stores.fresh(pg)
        w0, s0 = sum(client.run(own_cpu).values()), own_cpu()
        secs, ld, (status, totals) = timed(lambda: tdask.run(client, shards, db, DATE + targs, TOCSIN,
                                                             progress=False, per_task_process=per_task_process))
        dask_cpu = sum(client.run(own_cpu).values()) - w0 + own_cpu() - s0
        if status == 2 or totals["stored"] != ndocs:
            sys.exit("dask_bench: dask run failed: status %d, %r" % (status, totals))
        name = "dask, %d worker%s%s%s" % (workers, "s" if workers > 1 else "", ", PostgreSQL" if pg else "",
                                          ", a process per task" if per_task_process else "")
        row(name, secs, ld, totals["cpu"] + dask_cpu, totals["lock_held"])
        print("  %.1f CPU s in tocsin ingest, %.1f in Dask; tasks waited %.1f s for the write lock, held it %.1f s"
              % (totals["cpu"], dask_cpu, totals["lock_wait"], totals["lock_held"]), flush=True)
        return name, totals["cpu"], dask_cpu

    def ratio(label, one, two):
        b1, b2 = min(rows[one]), min(rows[two])
        print("%s: 2 workers vs 1: %.2fx (best of %d: %.2f s / %.2f s; each run: %s)" % (
            label, b1 / b2, len(rows[one]), b1, b2,
            ", ".join("%.2fx" % (x / y) for x, y in zip(rows[one], rows[two]))), flush=True)

    try:
        single_cpu = single()
        server()
        for _ in range(max(1, a.repeat)):
            n1, tasks_cpu, dask_cpu1 = dask(1)
            n2 = dask(2)[0]
        ratio("SQLite", n1, n2)
        ntask = len(shards)
        print("coordination (CPU, 1 worker, against the single ingest's %.1f s): %.0f us per document, %.0f ms per "
              "task, of which Dask (scheduler, client, worker) %.0f ms per task" % (
                  single_cpu, (tasks_cpu + dask_cpu1 - single_cpu) / ndocs * 1e6,
                  (tasks_cpu + dask_cpu1 - single_cpu) / ntask * 1e3, dask_cpu1 / ntask * 1e3), flush=True)
        if a.process_per_task:
            p1 = dask(1, per_task_process=True)[0]
            p2 = dask(2, per_task_process=True)[0]
            ratio("SQLite, a process per task", p1, p2)
        if a.pg and stores.start_pg():
            try:
                single(pg=True)
                g1 = dask(1, pg=True)[0]
                g2 = dask(2, pg=True)[0]
                ratio("PostgreSQL", g1, g2)
            finally:
                stores.stop_pg()
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
        stores.stop_pg()
    if not a.skip_binding:
        binding(corpus, ndocs)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def binding(corpus, ndocs):
    """Coder.code() on 1 and 2 threads against `tocsin code --threads 1/2` (coding only)."""
    import tocsin
    recs = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            recs.append((r["text"], r.get("date") or "2005-01-01", r["id"]))
    coder = tocsin.Coder()
    print()
    print("%-34s %8s %8s %14s" % ("coding only", "wall_s", "docs/s", "loadavg"))
    for threads in (1, 2):
        secs, ld, _ = timed(lambda: subprocess.run([TOCSIN, "code", "--threads", str(threads)] + DATE + [corpus],
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True))
        print("%-34s %8.2f %8.0f %14s" % ("tocsin code --threads %d" % threads, secs, ndocs / secs, ld), flush=True)
    for threads in (1, 2):
        def work(part):
            for text, date, i in part:
                coder.code(text, date=date, id=i)

        def run():
            ts = [threading.Thread(target=work, args=(recs[k::threads],)) for k in range(threads)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
        secs, ld, _ = timed(run)
        print("%-34s %8.2f %8.0f %14s" % ("binding Coder.code, %d thread%s" % (threads, "s" if threads > 1 else ""),
                                          secs, ndocs / secs, ld), flush=True)


if __name__ == "__main__":
    sys.exit(main())
