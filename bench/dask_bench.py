#!/usr/bin/python3
"""dask_bench.py — what spreading an ingest over Dask buys and costs (part of `make bench`).

On the news corpora of ../shared/corpora (cut into JSON Lines chunks, as tocsin.dask
does), into a fresh SQLite store each time:
  single     one `tocsin ingest` of the whole input (the reference)
  per-chunk  one `tocsin ingest` per chunk, one after the other, no Dask: what a task
             costs beyond its documents (process start, dictionary load, store open)
  dask 1/2   tocsin.dask on a LocalCluster of 1 and 2 worker processes (the cluster's
             start is not counted; its tasks run `tocsin ingest --threads T`)
and the binding: Coder.code() on 1 and 2 Python threads against `tocsin code`.
Prints wall seconds, documents/s, the 2-vs-1-worker speed-up, the coordination cost
per task and per document, and /proc/loadavg around each run (other work on the
machine shows there). A benchmark, not a test: it fails only when a program fails.

usage: dask_bench.py SHARED [--chunk-mb MB] [--threads T] [--skip-binding]
"""
import argparse
import json
import os
import resource
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


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def timed(fn):
    l0 = load()
    t0 = time.perf_counter()
    r = fn()
    return time.perf_counter() - t0, "%s->%s" % (l0, load()), r


def ingest(db, path, *extra, stdin=None):
    p = subprocess.run([TOCSIN, "ingest", "--db", db] + DATE + list(extra) + [path], input=stdin,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        sys.exit("dask_bench: tocsin ingest failed (%d): %s" % (p.returncode, p.stderr.decode()[-500:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("--chunk-mb", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--skip-binding", action="store_true")
    a = ap.parse_args()
    try:
        from distributed import Client, LocalCluster
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
    print("%-34s %8s %8s %8s %14s" % ("run", "wall_s", "docs/s", "cpu_s", "loadavg"))
    rows = {}

    def row(name, secs, ld, cpu_s):
        rows[name] = secs
        print("%-34s %8.2f %8.0f %8.1f %14s" % (name, secs, ndocs / secs, cpu_s, ld), flush=True)

    n = [0]

    def fresh():
        n[0] += 1
        return os.path.join(tmp, "b%d.db" % n[0])

    targs = ["--threads", str(a.threads)]
    cpu = {}

    def child_cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    c0 = child_cpu()
    secs, ld, _ = timed(lambda: ingest(fresh(), corpus, *targs))
    cpu["single"] = child_cpu() - c0
    row("single tocsin ingest", secs, ld, cpu["single"])

    def per_chunk():
        db = fresh()
        with open(corpus, "rb") as f:
            for sh in shards:
                f.seek(sh["start"])
                ingest(db, "-", "--input", "jsonl", *targs, stdin=f.read(sh["end"] - sh["start"]))
    c0 = child_cpu()
    secs, ld, _ = timed(per_chunk)
    cpu["chunks"] = child_cpu() - c0
    row("one tocsin ingest per chunk", secs, ld, cpu["chunks"])

    def own_cpu():
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    for workers in (1, 2):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        try:
            db = fresh()
            w0, s0 = sum(client.run(own_cpu).values()), own_cpu()
            secs, ld, (status, totals) = timed(lambda: tdask.run(client, shards, db, DATE + targs, TOCSIN,
                                                                 progress=False))
            dask_cpu = sum(client.run(own_cpu).values()) - w0 + own_cpu() - s0
            if status == 2 or totals["stored"] != ndocs:
                sys.exit("dask_bench: dask run failed: status %d, %r" % (status, totals))
            name = "dask, %d worker%s" % (workers, "s" if workers > 1 else "")
            cpu[workers] = (totals["cpu"], dask_cpu)
            row(name, secs, ld, totals["cpu"] + dask_cpu)
            print("  %.1f CPU s in tocsin ingest, %.1f in Dask; tasks waited %.1f s in all for the store's write lock"
                  % (totals["cpu"], dask_cpu, totals["lock_wait"]), flush=True)
        finally:
            client.close()
            cluster.close()
    s1, s2 = rows["dask, 1 worker"], rows["dask, 2 workers"]
    print("2 workers vs 1: %.2fx (wall)" % (s1 / s2))
    tasks_cpu, dask_cpu = cpu[1]
    ntask = len(shards)
    print("coordination (CPU, 1 worker, against the single ingest's %.1f s): %.0f us per document, %.0f ms per task;"
          % (cpu["single"], (tasks_cpu + dask_cpu - cpu["single"]) / ndocs * 1e6,
             (tasks_cpu + dask_cpu - cpu["single"]) / ntask * 1e3))
    print("  of which one tocsin ingest per task (process, dictionaries, store open and index reload): %.0f ms "
          "per task; Dask (scheduler, client, worker): %.0f ms per task" %
          ((tasks_cpu - cpu["single"]) / ntask * 1e3, dask_cpu / ntask * 1e3))
    if not a.skip_binding:
        binding(corpus, ndocs)
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
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
