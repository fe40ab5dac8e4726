"""tocsin.dask — one ingest spread over a Dask cluster.

    python3 -m tocsin.dask --scheduler tcp://HOST:8786 --db URI [options] SHARD...
    python3 -m tocsin.dask --local N --db URI [options] SHARD...

Each input file is a shard (a text, HTML or WARC file, a JSON Lines file); a JSON
Lines file bigger than --chunk-mb is cut into chunks by byte ranges at line
boundaries. Each shard is one Dask task, which runs `tocsin ingest --db URI` on it:
the store (SQLite file or PostgreSQL) is shared, and concurrent ingests cluster
stories globally (src/store), so the result equals one `tocsin ingest` of the same
inputs. A task whose worker dies is run again by Dask elsewhere; ingest is idempotent
by document id and crash-safe (whole documents or nothing), and the task's tocsin
process dies with its worker (parent-death signal), so nothing is lost or stored twice.

Why the CLI and not the binding: storing (story clustering, idempotency, crash
safety, both databases) lives in the C store, which the public API does not expose;
`tocsin ingest` costs one process start and dictionary load per task (measured by
bench/dask.sh), negligible against a shard of thousands of documents.

Paths must mean the same files on the client (which plans the chunks) and on every
worker (a shared filesystem). Exit status: 0 all stored, 1 some records bad (each is
reported naming its shard, line and record id), 2 usage error or a shard that failed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHUNK_MB = 64
MAX_REPORTED = 200


# ---- planning: input paths -> shards ---------------------------------------------

def is_jsonl(path, input_format):
    """Whether `path` is read as JSON Lines (by --input, by extension, or a first byte '{')."""
    if input_format and input_format != "auto":
        return input_format == "jsonl"
    if path.endswith(".jsonl"):
        return True
    if re.search(r"\.(txt|html?|warc|gz)$", path):
        return False
    try:
        with open(path, "rb") as f:
            return f.read(1) == b"{"
    except OSError:
        return False


def plan(paths, chunk_bytes, input_format=None):
    """The shards for these inputs: dicts {"path", "start", "end"} where start/end is a
    byte range at line boundaries of a JSON Lines file (end None: the whole file).
    Reads only a line's worth of bytes per chunk boundary. Raises OSError for an input
    that cannot be opened."""
    shards = []
    for path in paths:
        size = os.path.getsize(path)
        if not is_jsonl(path, input_format) or size <= chunk_bytes:
            shards.append({"path": path, "start": 0, "end": None})
            continue
        cuts = [0]
        with open(path, "rb") as f:
            pos = chunk_bytes
            while pos < size:
                f.seek(pos - 1)  # a line starts at pos when byte pos-1 is a newline
                skip = 0
                while True:
                    block = f.read(1 << 16)
                    if not block:
                        break
                    nl = block.find(b"\n")
                    if nl >= 0:
                        skip += nl + 1
                        break
                    skip += len(block)
                cut = pos - 1 + skip
                if cut >= size:
                    break
                if cut > cuts[-1]:
                    cuts.append(cut)
                pos = cut + chunk_bytes
        cuts.append(size)
        for a, b in zip(cuts, cuts[1:]):
            shards.append({"path": path, "start": a, "end": b})
    return shards


def shard_name(sh):
    """How a shard is named in messages: the path, or path[bytes A-B] for a chunk."""
    if sh.get("end") is None:
        return sh["path"]
    return "%s[bytes %d-%d]" % (sh["path"], sh["start"], sh["end"])


# ---- one task: a shard through `tocsin ingest` ----------------------------------

def find_tocsin(explicit=None):
    """The tocsin program a task runs: --tocsin, $TOCSIN, the checkout's build/tocsin
    beside this package, else `tocsin` on PATH."""
    for c in (explicit, os.environ.get("TOCSIN")):
        if c:
            return c
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    built = os.path.join(root, "build", "tocsin")
    if os.access(built, os.X_OK):
        return built
    return shutil.which("tocsin") or "tocsin"


SUMMARY = re.compile(r"ingest: (\d+) documents read, (\d+) stored, (\d+) already stored \(skipped\), (\d+) failed;"
                     r" (\d+) new events, (\d+) mentions; (\d+) new stories, (\d+) documents joined")
SUMMARY_KEYS = ("read", "stored", "skipped", "failed", "events", "mentions", "stories", "joined")
LOCK_WAIT = re.compile(r"ingest: .*waiting for the write lock ([0-9.]+) s")
STATS = re.compile(r"^tocsin: ingest: (open\+dictionaries|.*store; waiting for the write lock)")


def _wait(p):
    """Waits for a child; returns its exit status (negative: the signal) and the CPU
    seconds (user + system) it used."""
    _, st, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(st)
    return p.returncode, ru.ru_utime + ru.ru_stime


def ingest_shard(shard, db, args=(), tocsin=None):
    """Runs `tocsin ingest --db db ARGS` on one shard (a chunk is fed on standard input
    and its messages renamed from "-" to the chunk's name). Returns {"shard", "status",
    counts of the ingest summary, "errors": [messages]}; raises RuntimeError naming the
    shard when the ingest failed as a whole (exit status 2 or a signal). "cpu" is the
    CPU seconds the ingest used, "lock_wait" the seconds it waited for the store's write
    lock (other writers' batches)."""
    prog = find_tocsin(tocsin)
    name = shard_name(shard)
    chunk = shard.get("end") is not None
    cmd = [prog, "ingest", "--stats", "--db", db] + list(args)
    if chunk:
        cmd += ([] if "--input" in cmd else ["--input", "jsonl"]) + ["-"]
    else:
        cmd.append(shard["path"])
    # The ingest dies with this worker (its parent): a killed worker leaves no ingest behind.
    setpriv = shutil.which("setpriv")
    if setpriv:
        cmd = [setpriv, "--pdeathsig", "KILL", "--"] + cmd
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE if chunk else subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err)
        if chunk:
            try:
                with open(shard["path"], "rb") as f:
                    f.seek(shard["start"])
                    left = shard["end"] - shard["start"]
                    while left > 0:
                        block = f.read(min(left, 1 << 20))
                        if not block:
                            break
                        p.stdin.write(block)
                        left -= len(block)
                p.stdin.close()
            except BrokenPipeError:
                pass
            except BaseException:
                p.kill()
                p.wait()
                raise
        status, cpu = _wait(p)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").splitlines()
    result = {"shard": name, "status": status, "cpu": cpu, "lock_wait": 0.0, "errors": []}
    for k in SUMMARY_KEYS:
        result[k] = 0
    for line in lines:
        m = SUMMARY.search(line)
        if m:
            result.update(zip(SUMMARY_KEYS, map(int, m.groups())))
            continue
        m = LOCK_WAIT.search(line)
        if m:
            result["lock_wait"] = float(m.group(1))
        if STATS.search(line):  # --stats figures: kept as numbers, not messages
            continue
        if chunk:
            line = line.replace("tocsin: -:", "tocsin: %s:" % name, 1)
        result["errors"].append(line)
    if status not in (0, 1):
        raise RuntimeError("%s: tocsin ingest failed (%s): %s" % (
            name, "exit status %d" % status if status > 0 else "signal %d" % -status,
            " | ".join(result["errors"][-5:]) or "no message"))
    return result


# ---- the client ------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m tocsin.dask",
                                description="tocsin ingest spread over a Dask cluster: each shard "
                                            "(file, WARC archive, JSON Lines chunk) is one task writing "
                                            "to the shared store.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDR", help="a running Dask scheduler, e.g. tcp://head:8786")
    where.add_argument("--local", metavar="N", type=int, help="start a LocalCluster of N worker processes")
    p.add_argument("--db", required=True, help="the shared store: a SQLite path or a postgresql:// URI")
    p.add_argument("--dict", action="append", default=[], metavar="DIR", help="as tocsin ingest --dict")
    p.add_argument("--dict+", dest="dict_plus", action="append", default=[], metavar="DIR",
                   help="as tocsin ingest --dict+")
    p.add_argument("--date", help="publication date for documents that carry none")
    p.add_argument("--input", choices=["auto", "text", "jsonl", "html", "warc"], default=None)
    p.add_argument("--no-dedup", action="store_true", help="as tocsin ingest --no-dedup")
    p.add_argument("--window", type=int, help="as tocsin ingest --window")
    p.add_argument("--batch", type=int, help="as tocsin ingest --batch")
    p.add_argument("--threads", type=int, default=1, help="coding threads per task (default 1: Dask's "
                   "worker threads are the parallelism)")
    p.add_argument("--chunk-mb", type=float, default=CHUNK_MB,
                   help="cut JSON Lines files into chunks of about this size (default %d)" % CHUNK_MB)
    p.add_argument("--tocsin", help="the tocsin program on the workers (default: $TOCSIN, the checkout's "
                   "build/tocsin, else tocsin on PATH)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("shards", nargs="+", metavar="SHARD")
    a = p.parse_args(argv)
    if a.local is not None and a.local < 1:
        p.error("--local wants a number of workers >= 1")
    if a.chunk_mb <= 0:
        p.error("--chunk-mb wants a positive size")
    return a


def ingest_args(a):
    """The `tocsin ingest` options every task passes."""
    out = []
    for d in a.dict:
        out += ["--dict", d]
    for d in a.dict_plus:
        out += ["--dict+", d]
    if a.date:
        out += ["--date", a.date]
    if a.input and a.input != "auto":
        out += ["--input", a.input]
    if a.no_dedup:
        out.append("--no-dedup")
    if a.window is not None:
        out += ["--window", str(a.window)]
    if a.batch is not None:
        out += ["--batch", str(a.batch)]
    out += ["--threads", str(a.threads)]
    return out


def run(client, shards, db, args, tocsin=None, progress=True, out=sys.stderr):
    """Maps the shards to tasks on `client` and waits for them. Returns (exit status,
    totals): 0 all stored, 1 some records bad, 2 some shard failed."""
    from distributed import as_completed
    from tocsin.dask import ingest_shard as task  # by module name, also under `python3 -m`
    futures = [client.submit(task, sh, db, args, tocsin, pure=False, key="tocsin-ingest-%d" % i)
               for i, sh in enumerate(shards)]
    if progress:
        from distributed import progress as bar
        bar(futures)
        print(file=out)
    status = 0
    totals = dict.fromkeys(SUMMARY_KEYS + ("cpu", "lock_wait"), 0)
    for fut in as_completed(futures):
        try:
            r = fut.result()
        except Exception as e:  # the shard failed as a whole; the others go on
            print("tocsin: %s" % e, file=out)
            status = 2
            continue
        for k in SUMMARY_KEYS + ("cpu", "lock_wait"):
            totals[k] += r[k]
        for line in r["errors"][:MAX_REPORTED]:
            print(line, file=out)
        if len(r["errors"]) > MAX_REPORTED:
            print("tocsin: %s: %d more messages" % (r["shard"], len(r["errors"]) - MAX_REPORTED), file=out)
        if r["status"] == 1 and status == 0:
            status = 1
    return status, totals


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        shards = plan(a.shards, int(a.chunk_mb * 1e6), a.input)
    except OSError as e:
        print("tocsin: %s" % e, file=sys.stderr)
        return 2
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("tocsin: python3 -m tocsin.dask needs Dask (Debian: apt-get install python3-distributed)",
              file=sys.stderr)
        return 2
    cluster = None
    if a.local:
        cluster = LocalCluster(n_workers=a.local, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(a.scheduler)
    try:
        status, t = run(client, shards, a.db, ingest_args(a), a.tocsin, progress=not a.no_progress)
    finally:
        client.close()
        if cluster:
            cluster.close()
    print("tocsin: dask ingest: %d shards; %d documents read, %d stored, %d already stored (skipped), %d failed; "
          "%d new events, %d mentions; %d new stories, %d documents joined a story; tocsin ingest: %.1f CPU s, "
          "%.1f s waiting for the store's write lock"
          % ((len(shards),) + tuple(t[k] for k in SUMMARY_KEYS) + (t["cpu"], t["lock_wait"])), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
