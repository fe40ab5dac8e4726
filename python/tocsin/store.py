"""tocsin.store — an event store (SQLite file or postgresql:// URI) read into pandas
DataFrames: events, stories, documents, mentions. Read-only; the schema is
src/store/schema.sql (the same table and column names in both databases).
SQLite is read with Python's sqlite3 module, PostgreSQL with psycopg2 (Debian's
python3-psycopg2), imported only when a postgresql:// URI is given.
"""
import os
import sqlite3

EVENT_COLUMNS = ["event_id", "story_id", "date", "source_code", "source_text", "target_code", "target_text",
                 "code", "root", "quad_class", "goldstein", "verb_text", "sentence", "first_doc",
                 "n_mentions", "n_sources", "n_articles"]
DOCUMENT_COLUMNS = ["doc_id", "date", "source", "url", "title", "hash", "story_id", "n_sentences", "ingested_at"]
STORY_COLUMNS = ["story_id", "first_doc", "first_date", "n_documents"]
MENTION_COLUMNS = ["event_id", "doc_id", "sentence_no", "sentence", "source_match", "target_match", "date"]


def is_postgres(db):
    """True when db names a PostgreSQL database (a postgresql:// or postgres:// URI)."""
    return isinstance(db, str) and (db.startswith("postgresql://") or db.startswith("postgres://"))


class _Conn:
    """A read-only connection and the parameter style of its driver."""

    def __init__(self, db):
        self.db = db
        if is_postgres(db):
            try:
                import psycopg2
            except ImportError as e:
                raise ImportError("tocsin: reading %s needs psycopg2 (Debian: apt-get install python3-psycopg2)"
                                  % db) from e
            self.conn = psycopg2.connect(db)
            self.conn.set_session(readonly=True, autocommit=True)
            self.param = "%s"
        else:
            path = os.fspath(db)
            if not os.path.exists(path):
                raise FileNotFoundError("tocsin: %s: no such database" % path)
            # read-only; a WAL database still needs its -shm, which sqlite creates if it may
            self.conn = sqlite3.connect("file:%s?mode=ro" % _uri_path(path), uri=True)
            self.param = "?"

    def query(self, sql, args=()):
        cur = self.conn.cursor()
        try:
            cur.execute(sql.replace("?", self.param), tuple(args))
            cols = [d[0] for d in cur.description]
            return cols, cur.fetchall()
        finally:
            cur.close()

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _uri_path(path):
    from urllib.parse import quote
    return quote(os.path.abspath(path))


def _frame(cols, rows, dates=()):
    import pandas as pd
    df = pd.DataFrame.from_records(rows, columns=cols)
    for c in dates:
        if c in df:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d", errors="coerce")
    return df


def _where(since, until, column="date"):
    conds, args = [], []
    if since is not None:
        conds.append("%s >= ?" % column)
        args.append(_day(since))
    if until is not None:
        conds.append("%s <= ?" % column)
        args.append(_day(until))
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


def _day(d):
    if hasattr(d, "strftime"):
        return d.strftime("%Y-%m-%d")
    return str(d)[:10]


def events(db, since=None, until=None):
    """The events of a store as a DataFrame, one row per distinct event of a story (the
    columns of the events table: event_id, story_id, date, source_code, ..., n_mentions,
    n_sources, n_articles), ordered by date and event_id. since/until (YYYY-MM-DD strings
    or dates, inclusive) select by event date. `date` is a pandas datetime64 column."""
    where, args = _where(since, until)
    with _Conn(db) as c:
        cols, rows = c.query("SELECT %s FROM events%s ORDER BY date, event_id" % (", ".join(EVENT_COLUMNS), where),
                             args)
    return _frame(cols, rows, ("date",))


def stories(db):
    """The stories (clusters of copies of one story) as a DataFrame: story_id, first_doc,
    first_date, n_documents and documents (the list of its doc ids, sorted), ordered by
    story_id; the same clusters as `tocsin stories`."""
    with _Conn(db) as c:
        cols, rows = c.query("SELECT %s FROM stories ORDER BY story_id" % ", ".join(STORY_COLUMNS))
        _, members = c.query("SELECT story_id, doc_id FROM documents ORDER BY story_id, doc_id")
    docs = {}
    for sid, did in members:
        docs.setdefault(sid, []).append(did)
    df = _frame(cols, rows, ("first_date",))
    df["documents"] = [docs.get(s, []) for s in df["story_id"]]
    return df


def documents(db, since=None, until=None):
    """The documents of a store as a DataFrame (doc_id, date, source, url, title, hash,
    story_id, n_sentences, ingested_at), ordered by doc_id; since/until select by
    publication date."""
    where, args = _where(since, until)
    with _Conn(db) as c:
        cols, rows = c.query("SELECT %s FROM documents%s ORDER BY doc_id" % (", ".join(DOCUMENT_COLUMNS), where),
                             args)
    return _frame(cols, rows, ("date",))


def mentions(db):
    """Every document and sentence that reported an event (the mentions table), ordered by
    event_id, doc_id and sentence_no."""
    with _Conn(db) as c:
        cols, rows = c.query("SELECT %s FROM mentions ORDER BY event_id, doc_id, sentence_no"
                             % ", ".join(MENTION_COLUMNS))
    return _frame(cols, rows, ("date",))
