/*
 * check.c — `tocsin check --db`: is an event store whole? SQLite keeps no
 * checksums, so damage it cannot see (a count edited by hand, a row deleted, an
 * index dropped, a bit flipped in a value) is looked for here: SQLite's own
 * integrity check, then tocsin's invariants, each a query that counts what
 * breaks it and names an example:
 *  - every event has a mention, every mention an event and a document;
 *  - every document has a story and its doc_extra row, every story a document;
 *  - the counts agree: events.n_mentions / n_articles / n_sources with their
 *    mentions, stories.n_documents with their documents;
 *  - every index schema.sql declares exists.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_internal.h"

typedef struct invariant {
    const char *what; /* "N <what>" is printed when the count is not 0 */
    const char *sql;  /* one row: the count, and an example (text) */
} invariant;

static const invariant invariants[] = {
    {"events without a mention",
     "SELECT count(*), min(event_id) FROM events e WHERE NOT EXISTS "
     "(SELECT 1 FROM mentions m WHERE m.event_id = e.event_id)"},
    {"mentions of an event that does not exist",
     "SELECT count(*), min(event_id || ' in ' || doc_id) FROM mentions m WHERE NOT EXISTS "
     "(SELECT 1 FROM events e WHERE e.event_id = m.event_id)"},
    {"mentions by a document that does not exist",
     "SELECT count(*), min(doc_id) FROM mentions m WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.doc_id = m.doc_id)"},
    {"documents without a story",
     "SELECT count(*), min(doc_id) FROM documents d WHERE NOT EXISTS "
     "(SELECT 1 FROM stories s WHERE s.story_id = d.story_id)"},
    {"documents without their doc_extra row",
     "SELECT count(*), min(doc_id) FROM documents d WHERE NOT EXISTS "
     "(SELECT 1 FROM doc_extra x WHERE x.doc_id = d.doc_id)"},
    {"stories without a document",
     "SELECT count(*), min(story_id) FROM stories s WHERE NOT EXISTS "
     "(SELECT 1 FROM documents d WHERE d.story_id = s.story_id)"},
    {"events of a story that does not exist",
     "SELECT count(*), min(event_id) FROM events e WHERE NOT EXISTS "
     "(SELECT 1 FROM stories s WHERE s.story_id = e.story_id)"},
    {"events whose n_mentions is not their number of mentions",
     "SELECT count(*), min('event ' || event_id || ': n_mentions ' || n_mentions || ', mentions ' || c) FROM "
     "(SELECT e.event_id, e.n_mentions, (SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id) c "
     "FROM events e) AS q WHERE n_mentions <> c"},
    {"events whose n_articles is not their number of mentioning documents",
     "SELECT count(*), min('event ' || event_id || ': n_articles ' || n_articles || ', documents ' || c) FROM "
     "(SELECT e.event_id, e.n_articles, (SELECT count(DISTINCT doc_id) FROM mentions m "
     "WHERE m.event_id = e.event_id) c FROM events e) AS q WHERE n_articles <> c"},
    {"events whose n_sources is not their number of mentioning sources",
     "SELECT count(*), min('event ' || event_id || ': n_sources ' || n_sources || ', sources ' || c) FROM "
     "(SELECT e.event_id, e.n_sources, (SELECT count(DISTINCT x.source_key) FROM mentions m "
     "JOIN doc_extra x ON x.doc_id = m.doc_id WHERE m.event_id = e.event_id) c FROM events e) AS q "
     "WHERE n_sources <> c"},
    {"stories whose n_documents is not their number of documents",
     "SELECT count(*), min('story ' || story_id || ': n_documents ' || n_documents || ', documents ' || c) FROM "
     "(SELECT s.story_id, s.n_documents, (SELECT count(*) FROM documents d WHERE d.story_id = s.story_id) c "
     "FROM stories s) AS q WHERE n_documents <> c"},
};

static void say(FILE *out, const char *path, const char *msg, long n, const char *example)
{
    fprintf(out, "%s: %ld %s", path, n, msg);
    if (example && *example) fprintf(out, " (e.g. %s)", example);
    fputc('\n', out);
}

/* The indexes the backend's schema declares ("CREATE INDEX IF NOT EXISTS name")
 * and are missing. */
static long indexes(store *s, FILE *out)
{
    const char *p = s->be->schema_sql(), *key = "CREATE INDEX IF NOT EXISTS ";
    long missing = 0;
    store_stmt *st = s->be->prepare(s->c, s->be->index_exists_sql);
    if (!st) return 0;
    while ((p = strstr(p, key)) != NULL) {
        p += strlen(key);
        size_t n = strcspn(p, " (\n");
        store_val v = sv_textn(p, n);
        int rc = s->be->run(st, &v, 1) ? -1 : s->be->next(st);
        s->be->reset(st);
        if (rc != 1) {
            fprintf(out, "%s: index %.*s is missing (readers are slow; the next ingest recreates it)\n", s->path,
                    (int)n, p);
            missing++;
        }
    }
    s->be->finalize(st);
    return missing;
}

long store_check(store *s, FILE *out, char *err, size_t errlen)
{
    long bad = s->be->integrity(s->c, s->path, out, err, errlen);
    if (bad < 0) return -1;
    for (size_t i = 0; i < sizeof invariants / sizeof *invariants; i++) {
        store_stmt *st = s->be->prepare(s->c, invariants[i].sql);
        int rc = !st ? -1 : s->be->run(st, NULL, 0) ? -1 : s->be->next(st);
        if (rc == 1) {
            long n = (long)s->be->col_int(st, 0);
            if (n) {
                say(out, s->path, invariants[i].what, n, s->be->col_text(st, 1));
                bad++;
            }
        } else {
            fprintf(out, "%s: cannot check %s: %s\n", s->path, invariants[i].what, s->be->errmsg(s->c));
            bad++;
        }
        s->be->finalize(st);
    }
    bad += indexes(s, out);
    return bad;
}
