"""tocsin.dask — one ingest spread over a Dask cluster.

    python3 -m tocsin.dask --scheduler tcp://HOST:8786 --db URI [options] SHARD...
    python3 -m tocsin.dask --local N --db URI [options] SHARD...

Each input file is a shard (a text, HTML or WARC file, a JSON Lines file); a JSON
Lines file bigger than --chunk-mb is cut into chunks by byte ranges at line
boundaries. Each shard is one Dask task. A worker process runs its tasks on a
long-lived `tocsin ingest --shards-stdin --db URI` (an ingest server, started at its
first task and ended at the end of the run): a task writes one line, the shard's path
and byte range, to the server's standard input and reads the shard's messages and
summary back from its standard error. The store (SQLite file or PostgreSQL) is
shared, and concurrent ingests cluster stories globally (src/store: each batch first
reads what the others committed), so the result equals one `tocsin ingest` of the
same inputs. A task whose worker dies is run again by Dask elsewhere; ingest is
idempotent by document id and crash-safe (whole documents or nothing), and the
worker's ingest server dies with it (parent-death signal), so nothing is lost or
stored twice.

Why the CLI and not the binding: storing (story clustering, idempotency, crash
safety, both databases) lives in the C store, which the public API does not expose;
a Python task would have to reimplement it. Why an ingest server and not one
`tocsin ingest` per task: a process per task paid, per task, a process start, the
dictionaries, opening the store and reloading up to --window-docs fingerprints into
the copy index (~250 ms of a 2 MB task on the 2-core development machine, which held
1 vs 2 workers to 1.47x); a server pays them once per worker and run, keeps its copy
index, and reads in only the fingerprints other writers committed since its last
batch. Measured by bench/dask_bench.py (README: "An ingest on a Dask cluster").

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

# Dask's own background work, which on a small machine takes CPU from the ingests: each
# worker's statistical profiler samples its threads every 10 ms (about 4% of a core per
# idle worker here; a task of tocsin.dask only waits on a pipe, nothing worth profiling),
# and every process checks its event loop every 20 ms. --local starts its cluster with
# this; on a real cluster set it in the workers' environment (see the README):
# DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL=1s
QUIET_DASK = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
              "distributed.admin.system-monitor.interval": "5s"}


def local_cluster(workers):
    """A LocalCluster of `workers` processes of one thread each, with QUIET_DASK."""
    import dask
    from distributed import LocalCluster
    dask.config.set(QUIET_DASK)
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


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
LOCK_WAIT = re.compile(r"ingest: .*waiting for the write lock ([0-9.]+) s(?:, holding it ([0-9.]+) s)?")
STATS = re.compile(r"^tocsin: ingest: (open\+dictionaries|.*store; waiting for the write lock)")
CPU = re.compile(r"^tocsin: ingest: open\+dictionaries .*CPU: process ([0-9.]+) s")


def _wait(p):
    """Waits for a child; returns its exit status (negative: the signal) and the CPU
    seconds (user + system) it used."""
    _, st, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(st)
    return p.returncode, ru.ru_utime + ru.ru_stime


def _result(name, status, lines, cpu=None, rename=False):
    """A task's result from the messages of its ingest (see ingest_shard)."""
    result = {"shard": name, "status": status, "cpu": cpu or 0.0, "lock_wait": 0.0, "lock_held": 0.0,
              "errors": []}
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
            result["lock_held"] = float(m.group(2) or 0)
        m = CPU.search(line)
        if m and cpu is None:
            result["cpu"] = float(m.group(1))
        if STATS.search(line):  # --stats figures: kept as numbers, not messages
            continue
        if rename:
            line = line.replace("tocsin: -:", "tocsin: %s:" % name, 1)
        result["errors"].append(line)
    if status not in (0, 1):
        raise RuntimeError("%s: tocsin ingest failed (%s): %s" % (
            name, "exit status %d" % status if status > 0 else "signal %d" % -status,
            " | ".join(result["errors"][-5:]) or "no message"))
    return result


def _pdeathsig(cmd):
    """cmd run so that it dies with its parent (a killed worker leaves no ingest behind)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] + cmd if setpriv else cmd


def ingest_shard_process(shard, db, args=(), tocsin=None):
    """ingest_shard by one `tocsin ingest` process for this shard alone (a chunk fed on
    its standard input): what tasks did before ingest servers; kept for
    bench/dask_bench.py --process-per-task, which measures what a process per task costs."""
    prog = find_tocsin(tocsin)
    name = shard_name(shard)
    chunk = shard.get("end") is not None
    cmd = [prog, "ingest", "--stats", "--db", db] + list(args)
    if chunk:
        cmd += ([] if "--input" in cmd else ["--input", "jsonl"]) + ["-"]
    else:
        cmd.append(shard["path"])
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(_pdeathsig(cmd), stdin=subprocess.PIPE if chunk else subprocess.DEVNULL,
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
    return _result(name, status, lines, cpu, rename=chunk)


# ---- ingest servers: one long-lived `tocsin ingest --shards-stdin` per task slot ----
#
# A worker process keeps its ingest servers between tasks: the store stays open, the
# dictionaries loaded and the copy index filled, and each batch reads in only what
# other writers committed since its last one (src/store: fingerprints by row id), so
# a task costs a line on a pipe instead of a process start, a dictionary load and the
# reload of up to --window-docs fingerprints.

SHARD_DONE = re.compile(r"^tocsin: ingest: shard done, exit status (\d+)$")


class _Spawner:
    """Starts processes from one thread that lives as long as this (worker) process:
    the parent-death signal fires when the *thread* that started a child ends, and
    Dask's task threads may end before the process does."""

    def __init__(self):
        import queue
        import threading
        self.q = queue.Queue()
        threading.Thread(target=self._loop, name="tocsin-ingest-spawner", daemon=True).start()

    def _loop(self):
        while True:
            req = self.q.get()
            try:
                req["p"] = subprocess.Popen(req["cmd"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.PIPE)
            except BaseException as e:  # handed to the caller
                req["error"] = e
            req["done"].set()

    def popen(self, cmd):
        import threading
        req = {"cmd": cmd, "done": threading.Event()}
        self.q.put(req)
        req["done"].wait()
        if "error" in req:
            raise req["error"]
        return req["p"]


class IngestServer:
    """One `tocsin ingest --shards-stdin --stats --db DB ARGS` process."""

    def __init__(self, spawner, prog, db, args):
        self.key = (prog, db, tuple(args))
        self.p = spawner.popen(_pdeathsig([prog, "ingest", "--shards-stdin", "--stats", "--db", db] + list(args)))

    def ingest(self, shard):
        """Ingests one shard; returns (exit status, its messages). A server that died
        meanwhile gives its own exit status (negative: the signal) and last messages."""
        spec = shard["path"] if shard.get("end") is None else "%s\t%d\t%d" % (
            shard["path"], shard["start"], shard["end"])
        if "\n" in shard["path"] or "\t" in shard["path"]:
            return 2, ["tocsin: %s: a shard's path cannot hold a tab or a newline" % shard_name(shard)]
        lines = []
        try:
            self.p.stdin.write(spec.encode() + b"\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            pass
        for raw in self.p.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            m = SHARD_DONE.match(line)
            if m:
                return int(m.group(1)), lines
            lines.append(line)
        self.p.wait()
        return (self.p.returncode if self.p.returncode else 2), lines

    def close(self, timeout=60):
        """Ends the server: end of input (its last batch is committed already), then wait."""
        try:
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.p.stderr.close()


_servers = {"lock": None, "idle": [], "spawner": None}


def _take_server(prog, db, args):
    import threading
    if _servers["lock"] is None:
        _servers["lock"] = threading.Lock()
    key = (prog, db, tuple(args))
    with _servers["lock"]:
        idle = _servers["idle"]
        pick = next((s for s in idle if s.key == key and s.p.poll() is None), None)
        other = [s for s in idle if s is not pick and (s.key != key or s.p.poll() is not None)]
        _servers["idle"] = [s for s in idle if s is not pick and s not in other]
        if _servers["spawner"] is None:
            _servers["spawner"] = _Spawner()
            import atexit
            atexit.register(close_servers)
    for s in other:  # servers of another store or options (this worker has moved on), or dead
        s.close()
    return pick or IngestServer(_servers["spawner"], prog, db, args)


def close_servers():
    """Ends this process's idle ingest servers (each has committed its last shard).
    tocsin.dask's client runs it on every worker at the end of a run."""
    if _servers["lock"] is None:
        return 0
    with _servers["lock"]:
        idle, _servers["idle"] = _servers["idle"], []
    for s in idle:
        s.close()
    return len(idle)


def ingest_shard(shard, db, args=(), tocsin=None):
    """Ingests one shard into the store db with `tocsin ingest` options ARGS, on one of
    this process's ingest servers (started on first use, kept for the next task).
    Returns {"shard", "status", counts of the ingest summary, "errors": [messages]};
    raises RuntimeError naming the shard when it failed as a whole (exit status 2, or
    the server died). "cpu" is the CPU seconds the ingest used, "lock_wait" the seconds
    it waited for the store's write lock (other writers' batches), "lock_held" the seconds
    it held it; "server" the process id of the ingest server that ran it."""
    prog = find_tocsin(tocsin)
    srv = _take_server(prog, db, args)
    try:
        status, lines = srv.ingest(shard)
    except BaseException:
        srv.p.kill()
        srv.close()
        raise
    if srv.p.poll() is None:
        with _servers["lock"]:
            _servers["idle"].append(srv)
    else:
        srv.close()
    r = _result(shard_name(shard), status, lines)
    r["server"] = srv.p.pid
    return r


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


def run(client, shards, db, args, tocsin=None, progress=True, out=sys.stderr, per_task_process=False):
    """Maps the shards to tasks on `client` and waits for them, then ends the workers'
    ingest servers. Returns (exit status, totals): 0 all stored, 1 some records bad,
    2 some shard failed. per_task_process: a `tocsin ingest` process per task instead
    of the workers' ingest servers (for the benchmark)."""
    from distributed import as_completed
    # by module name, also under `python3 -m`
    from tocsin.dask import close_servers, ingest_shard, ingest_shard_process
    task = ingest_shard_process if per_task_process else ingest_shard
    futures = [client.submit(task, sh, db, args, tocsin, pure=False, key="tocsin-ingest-%d" % i)
               for i, sh in enumerate(shards)]
    if progress:
        from distributed import progress as bar
        bar(futures)
        print(file=out)
    status = 0
    totals = dict.fromkeys(SUMMARY_KEYS + ("cpu", "lock_wait", "lock_held"), 0)
    for fut in as_completed(futures):
        try:
            r = fut.result()
        except Exception as e:  # the shard failed as a whole; the others go on
            print("tocsin: %s" % e, file=out)
            status = 2
            continue
        for k in SUMMARY_KEYS + ("cpu", "lock_wait", "lock_held"):
            totals[k] += r[k]
        for line in r["errors"][:MAX_REPORTED]:
            print(line, file=out)
        if len(r["errors"]) > MAX_REPORTED:
            print("tocsin: %s: %d more messages" % (r["shard"], len(r["errors"]) - MAX_REPORTED), file=out)
        if r["status"] == 1 and status == 0:
            status = 1
    if not per_task_process:
        try:
            client.run(close_servers)
        except Exception as e:  # a worker gone meanwhile: its servers went with it
            print("tocsin: dask: ending the workers' ingest servers: %s" % e, file=out)
    return status, totals


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        shards = plan(a.shards, int(a.chunk_mb * 1e6), a.input)
    except OSError as e:
        print("tocsin: %s" % e, file=sys.stderr)
        return 2
    try:
        from distributed import Client
    except ImportError:
        print("tocsin: python3 -m tocsin.dask needs Dask (Debian: apt-get install python3-distributed)",
              file=sys.stderr)
        return 2
    cluster = None
    if a.local:
        cluster = local_cluster(a.local)
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
