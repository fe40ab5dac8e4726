"""common.py — what the Python tests share: where the checkout, the tocsin program,
the library and ../shared are (from tests/run.sh's environment, else the checkout's
build/), running the CLI, and a throw-away PostgreSQL cluster (tests/pg/cluster.sh)
when the PostgreSQL server and tocsin's PostgreSQL store are there.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.environ.get("TOCSIN_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
TOCSIN = os.environ.get("TOCSIN") or os.path.join(ROOT, "build", "tocsin")
SHARED = os.environ.get("SHARED") or os.path.join(ROOT, "..", "shared")
SAMPLE = os.path.join(ROOT, "data", "samples", "escalation.jsonl")
# the gazetteer the library maps (src/geo: $TOCSIN_GEO, else the checkout's build)
GAZETTEER = os.environ.get("TOCSIN_GEO") or os.path.join(ROOT, "build", "geo", "gazetteer.idx")
os.environ.setdefault("TOCSIN", TOCSIN)  # what tocsin.dask's tasks run
# Programs run by the tests do not get the sanitizer runtime python.sh preloads into
# Python for the ASan build of libtocsin (the PostgreSQL server hangs under it).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def cli(*args, stdin=None, check=True):
    """Runs the tocsin program; returns (exit status, stdout, stderr) as text."""
    p = subprocess.run([TOCSIN] + list(args), input=stdin, capture_output=True, env=CHILD_ENV)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if check and p.returncode not in (0, 1):
        raise AssertionError("tocsin %s: exit %d: %s" % (" ".join(args), p.returncode, err[-2000:]))
    return p.returncode, out, err


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def coded(text):
    """`tocsin code` output as the binding's events: the same dicts, "location" included
    (the coder's location pass gives every caller of tocsin_code() the same one)."""
    return jsonl(text)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return jsonl(f.read())


class Postgres:
    """A throw-away PostgreSQL cluster (tests/pg/cluster.sh), or .skip saying why there is
    none. Databases are made with new_db()."""

    def __init__(self):
        self.uri = None
        self.skip = None
        script = os.path.join(ROOT, "tests", "pg", "cluster.sh")
        if not os.path.exists(script):
            self.skip = "tests/pg/cluster.sh is not in this tree"
            return
        self.script = script
        self.dir = tempfile.mkdtemp(prefix="tpy")
        os.rmdir(self.dir)  # cluster.sh start makes it
        p = subprocess.run(["sh", script, "start", self.dir], capture_output=True, env=CHILD_ENV, timeout=120)
        if p.returncode == 77:
            self.skip = "PostgreSQL server not installed: " + p.stderr.decode().strip()
            return
        if p.returncode != 0:
            raise AssertionError("cluster.sh start failed: " + p.stderr.decode()[-2000:])
        self.uri = p.stdout.decode().strip().splitlines()[-1]
        _, usage, _ = cli("ingest", "--help", check=False)
        if "postgresql://" not in usage:
            self.skip = "this tocsin has no PostgreSQL store (ingest --help names no postgresql:// URI)"
            self.stop()

    def new_db(self, name):
        """A fresh database in the cluster; returns its URI."""
        import psycopg2
        conn = psycopg2.connect(self.uri)
        conn.autocommit = True
        with conn.cursor() as c:
            c.execute("DROP DATABASE IF EXISTS %s" % name)
            c.execute("CREATE DATABASE %s" % name)
        conn.close()
        base, _, query = self.uri.partition("?")
        base = base.rsplit("/", 1)[0] + "/" + name
        return base + ("?" + query if query else "")

    def stop(self):
        if self.uri or os.path.exists(getattr(self, "dir", "")):
            subprocess.run(["sh", self.script, "stop", self.dir], capture_output=True, env=CHILD_ENV, timeout=120)
        self.uri = None
