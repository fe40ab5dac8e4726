"""storecmp.py — compares two tocsin event stores on what an ingest decides, not on the
order it happened to run in: the same documents, the same stories (the same partition
of documents into clusters), the same events per story and the same mentions. Row ids
(story_id, event_id), ingested_at and the order-dependent tie-breaks (which copy
of a story counts as first, whose sentence text an event keeps) are left out.

Library use: digest(db) -> dict of sets; diff(a, b) -> list of differences (empty when
equal). Command line: storecmp.py DB_A DB_B (exit 0 equal, 1 different).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from tocsin import store  # noqa: E402


def digest(db):
    with store._Conn(db) as c:
        _, docs = c.query("SELECT doc_id, date, source, url, title, hash, n_sentences, story_id FROM documents")
        _, stories = c.query("SELECT story_id, first_date, n_documents FROM stories")
        _, events = c.query("SELECT event_id, story_id, date, source_code, target_code, code, root, quad_class, "
                            "goldstein, n_mentions, n_sources, n_articles FROM events")
        _, mentions = c.query("SELECT event_id, doc_id, sentence_no, source_match, target_match, date FROM mentions")
    members = {}
    for d in docs:
        members.setdefault(d[7], []).append(d[0])
    key = {sid: tuple(sorted(m)) for sid, m in members.items()}  # a story is its documents
    ev = {e[0]: (key.get(e[1], ("<story %s without documents>" % e[1],)),) + tuple(e[2:5]) for e in events}
    return {
        "documents": {tuple(d[:7]) for d in docs},
        "stories": {(key.get(s[0], ("<empty story %s>" % s[0],)), s[1], s[2]) for s in stories},
        "events": {(ev[e[0]],) + tuple(e[5:]) for e in events},
        "mentions": {(ev.get(m[0], ("<no event %s>" % m[0],)),) + tuple(m[1:]) for m in mentions},
    }


def diff(a, b, limit=5):
    """Differences between the digests of two stores, as readable lines."""
    out = []
    for part in ("documents", "stories", "events", "mentions"):
        only_a, only_b = a[part] - b[part], b[part] - a[part]
        if only_a or only_b:
            out.append("%s: %d in both, %d only in the first, %d only in the second" %
                       (part, len(a[part] & b[part]), len(only_a), len(only_b)))
            out += ["  first:  %r" % (x,) for x in sorted(only_a, key=repr)[:limit]]
            out += ["  second: %r" % (x,) for x in sorted(only_b, key=repr)[:limit]]
    return out


def summary(d):
    return ", ".join("%d %s" % (len(d[p]), p) for p in ("documents", "stories", "events", "mentions"))


if __name__ == "__main__":
    a, b = digest(sys.argv[1]), digest(sys.argv[2])
    lines = diff(a, b)
    print(summary(a))
    print("\n".join(lines) if lines else "equal")
    sys.exit(1 if lines else 0)
