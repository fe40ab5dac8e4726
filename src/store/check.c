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
#include <sqlite3.h>
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
     "FROM events e) WHERE n_mentions <> c"},
    {"events whose n_articles is not their number of mentioning documents",
     "SELECT count(*), min('event ' || event_id || ': n_articles ' || n_articles || ', documents ' || c) FROM "
     "(SELECT e.event_id, e.n_articles, (SELECT count(DISTINCT doc_id) FROM mentions m "
     "WHERE m.event_id = e.event_id) c FROM events e) WHERE n_articles <> c"},
    {"events whose n_sources is not their number of mentioning sources",
     "SELECT count(*), min('event ' || event_id || ': n_sources ' || n_sources || ', sources ' || c) FROM "
     "(SELECT e.event_id, e.n_sources, (SELECT count(DISTINCT x.source_key) FROM mentions m "
     "JOIN doc_extra x ON x.doc_id = m.doc_id WHERE m.event_id = e.event_id) c FROM events e) "
     "WHERE n_sources <> c"},
    {"stories whose n_documents is not their number of documents",
     "SELECT count(*), min('story ' || story_id || ': n_documents ' || n_documents || ', documents ' || c) FROM "
     "(SELECT s.story_id, s.n_documents, (SELECT count(*) FROM documents d WHERE d.story_id = s.story_id) c "
     "FROM stories s) WHERE n_documents <> c"},
};

static void say(FILE *out, const char *path, const char *msg, long n, const char *example)
{
    fprintf(out, "%s: %ld %s", path, n, msg);
    if (example && *example) fprintf(out, " (e.g. %s)", example);
    fputc('\n', out);
}

/* SQLite's integrity_check; each line it reports is a problem. */
static long integrity(store *s, FILE *out, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: integrity check: %s", s->path, sqlite3_errmsg(s->db));
        return -1;
    }
    long bad = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && !strcmp(line, "ok")) continue;
        fprintf(out, "%s: SQLite integrity check: %s\n", s->path, line ? line : "?");
        bad++;
    }
    if (rc != SQLITE_DONE) {
        fprintf(out, "%s: SQLite integrity check failed: %s\n", s->path, sqlite3_errmsg(s->db));
        bad++;
    }
    sqlite3_finalize(st);
    return bad;
}

/* The indexes schema.sql declares ("CREATE INDEX IF NOT EXISTS name") and are missing. */
static long indexes(store *s, FILE *out)
{
    const char *p = store_schema_sql(), *key = "CREATE INDEX IF NOT EXISTS ";
    long missing = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    while ((p = strstr(p, key)) != NULL) {
        p += strlen(key);
        size_t n = strcspn(p, " (\n");
        sqlite3_bind_text(st, 1, p, (int)n, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_ROW) {
            fprintf(out, "%s: index %.*s is missing (readers are slow; the next ingest recreates it)\n", s->path,
                    (int)n, p);
            missing++;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return missing;
}

long store_check(store *s, FILE *out, char *err, size_t errlen)
{
    long bad = integrity(s, out, err, errlen);
    if (bad < 0) return -1;
    for (size_t i = 0; i < sizeof invariants / sizeof *invariants; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, invariants[i].sql, -1, &st, NULL) != SQLITE_OK) {
            fprintf(out, "%s: cannot check %s: %s\n", s->path, invariants[i].what, sqlite3_errmsg(s->db));
            bad++;
            continue;
        }
        if (sqlite3_step(st) == SQLITE_ROW) {
            long n = (long)sqlite3_column_int64(st, 0);
            if (n) {
                say(out, s->path, invariants[i].what, n, (const char *)sqlite3_column_text(st, 1));
                bad++;
            }
        } else {
            fprintf(out, "%s: cannot check %s: %s\n", s->path, invariants[i].what, sqlite3_errmsg(s->db));
            bad++;
        }
        sqlite3_finalize(st);
    }
    bad += indexes(s, out);
    return bad;
}
