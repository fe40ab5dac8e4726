/*
 * test_watch_db.h — builds small event stores for the watch and serve unit tests,
 * straight from src/store/schema.sql with plain SQL (no ingest needed), so each
 * test states exactly which stories and events exist.
 */
#ifndef TOCSIN_TEST_WATCH_DB_H
#define TOCSIN_TEST_WATCH_DB_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Opens (creating) a store at path (":memory:" works) with the project schema. */
static sqlite3 *tdb_open(const char *path)
{
    const char *root = getenv("TOCSIN_ROOT");
    char schema_path[4096];
    snprintf(schema_path, sizeof schema_path, "%s/src/store/schema.sql", root && *root ? root : ".");
    char *schema = util_read_file(schema_path, NULL);
    if (!schema) {
        fprintf(stderr, "cannot read %s (run from the repo root or set TOCSIN_ROOT)\n", schema_path);
        abort();
    }
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "schema: %s\n", db ? sqlite3_errmsg(db) : "open failed");
        abort();
    }
    free(schema);
    return db;
}

static void tdb_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "SQL failed: %s\n  %s\n", msg ? msg : "?", sql);
        abort();
    }
}

/* Adds one event of story `story` (creating the story and its first document if
 * needed) with `copies` documents mentioning it. Returns the event id. */
static long long tdb_event_copies(sqlite3 *db, long long story, const char *date, const char *src,
                                  const char *tgt, const char *code, int quad, double goldstein,
                                  const char *sentence, int copies)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "INSERT OR IGNORE INTO stories (story_id, first_doc, first_date, n_documents)"
             " VALUES (%lld, 'doc%lld-0', '%s', %d)",
             story, story, date, copies);
    tdb_exec(db, sql);
    for (int c = 0; c < copies; c++) {
        snprintf(sql, sizeof sql,
                 "INSERT OR IGNORE INTO documents (doc_id, date, source, url, title, hash, story_id,"
                 " n_sentences, ingested_at) VALUES ('doc%lld-%d', '%s', 'Outlet %d',"
                 " 'https://example.org/%lld/%d', 'Story %lld', 'h%lld-%d', %lld, 1, '2026-01-01')",
                 story, c, date, c, story, c, story, story, c, story);
        tdb_exec(db, sql);
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO events (story_id, date, source_code, source_text, target_code,"
                           " target_text, code, root, quad_class, goldstein, verb_text, sentence,"
                           " first_doc, n_mentions, n_sources, n_articles)"
                           " VALUES (?1, ?2, ?3, ?3, ?4, ?4, ?5, substr(?5, 1, 2), ?6, ?7, 'did', ?8,"
                           " 'doc' || ?1 || '-0', ?9, ?9, ?9)",
                           -1, &st, NULL) != SQLITE_OK)
        abort();
    sqlite3_bind_int64(st, 1, story);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, src, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, tgt, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, quad);
    sqlite3_bind_double(st, 7, goldstein);
    sqlite3_bind_text(st, 8, sentence, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, copies);
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "insert event: %s\n", sqlite3_errmsg(db));
        abort();
    }
    sqlite3_finalize(st);
    long long id = sqlite3_last_insert_rowid(db);
    for (int c = 0; c < copies; c++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO mentions (event_id, doc_id, sentence_no, sentence, source_match,"
                 " target_match, date) SELECT %lld, 'doc%lld-%d', 1, sentence, 'exact', 'exact', '%s'"
                 " FROM events WHERE event_id = %lld",
                 id, story, c, date, id);
        tdb_exec(db, sql);
    }
    return id;
}

static long long tdb_event(sqlite3 *db, long long story, const char *date, const char *src,
                           const char *tgt, const char *code, int quad, double goldstein,
                           const char *sentence)
{
    return tdb_event_copies(db, story, date, src, tgt, code, quad, goldstein, sentence, 1);
}

/* "2022-01-01" plus n days. */
static const char *tdb_day(int n)
{
    static char out[8][11];
    static int slot;
    int base;
    util_date_parse("2022-01-01", &base);
    char *o = out[slot++ & 7];
    util_date_format(base + n, o);
    return o;
}

#endif
