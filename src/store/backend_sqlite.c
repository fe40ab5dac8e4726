/*
 * backend_sqlite.c — the store's SQLite backend (backend.h): a file path, WAL
 * journal, synchronous=NORMAL, the schema of schema.sql, BEGIN IMMEDIATE as the
 * write lock (with a long busy timeout, so that writers wait their turn), and
 * readers opened through store_sqlite_open_ro (read-only media, empty files).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/store.h"
#include "util/util.h"

/* How long a writer waits for another writer's batch to commit (SQLite's busy
 * timeout): writers take turns batch by batch. */
#define STORE_WRITE_WAIT_MS (10 * 60 * 1000)

/* The writer's busy handler: tries again every millisecond for the first second,
 * then every 10 ms, until STORE_WRITE_WAIT_MS. SQLite's own (sqlite3_busy_timeout)
 * sleeps up to 100 ms between tries, so a writer waiting for another's batch of a
 * tenth of a second took the lock up to 100 ms after it was free, and two writers
 * spent much of their time neither holding the lock nor coding. */
static int busy_wait(void *unused, int tries)
{
    (void)unused;
    long waited = tries < 1000 ? tries : 1000 + (long)(tries - 1000) * 10;
    if (waited >= STORE_WRITE_WAIT_MS) return 0;
    sqlite3_sleep(tries < 1000 ? 1 : 10);
    return 1;
}

struct store_conn {
    sqlite3 *db;
    int borrowed;  /* the handle is the caller's (store_sqlite_conn_wrap): not closed */
    char msg[512]; /* an error of ours (not SQLite's), else empty */
};

struct store_stmt {
    store_conn *c;
    sqlite3_stmt *st;
};

static void conn_fail(store_conn *c, char *err, size_t errlen, const char *path, const char *what)
{
    snprintf(err, errlen, "%s: %s: %s", path, what, sqlite3_errmsg(c->db));
    sqlite3_close(c->db);
    free(c);
}

/* Switches the database to WAL. Another writer opening the same new database at
 * the same moment holds the lock that needs, and SQLite answers SQLITE_BUSY at
 * once instead of calling the busy handler: so wait for it here, as long as a
 * writer waits for the write lock. */
static int set_wal(sqlite3 *db)
{
    for (int waited = 0;; waited += 10) {
        int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= STORE_WRITE_WAIT_MS) return rc;
        sqlite3_sleep(10);
    }
}

/* The writer's setup: WAL, and the whole schema (tables and indexes) in one write
 * transaction, which is also where a database that cannot be written is found
 * out, once. The indexes are created with the tables and kept up to date by every
 * write: a store is never without them, whatever stops an ingest. */
static store_conn *open_writer(store_conn *c, const char *path, char *err, size_t errlen)
{
    if (sqlite3_db_readonly(c->db, "main") == 1) {
        snprintf(err, errlen, "%s: the database cannot be written (a read-only file or file system, or no "
                 "permission)", path);
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    sqlite3_busy_handler(c->db, busy_wait, NULL);
    /* WAL + synchronous=NORMAL: a killed process loses at most the open batch and
     * never corrupts the database. */
    if (set_wal(c->db) != SQLITE_OK ||
        sqlite3_exec(c->db, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;", NULL,
                     NULL, NULL) != SQLITE_OK) {
        conn_fail(c, err, errlen, path, "cannot open for writing");
        return NULL;
    }
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        conn_fail(c, err, errlen, path, "cannot write");
        return NULL;
    }
    if (sqlite3_exec(c->db, store_schema_sql(), NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(c->db, "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'tocsin-store-1')", NULL,
                     NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(c->db));
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        snprintf(err, errlen, "%s: creating the schema: %s", path, msg);
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return c;
}

static store_conn *sq_open(const char *path, int readonly, char *err, size_t errlen)
{
    store_conn *c = util_xcalloc(1, sizeof *c);
    if (readonly) {
        c->db = store_sqlite_open_ro(path, err, errlen);
        if (!c->db) {
            free(c);
            return NULL;
        }
        return c;
    }
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return open_writer(c, path, err, errlen);
}

static void sq_close(store_conn *c)
{
    if (!c) return;
    if (!c->borrowed) {
        if (c->db && !sqlite3_get_autocommit(c->db)) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(c->db);
    }
    free(c);
}

static int sq_exec(store_conn *c, const char *sql)
{
    c->msg[0] = 0;
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int sq_begin_write(store_conn *c) { return sq_exec(c, "BEGIN IMMEDIATE"); }

static int sq_try_begin_write(store_conn *c)
{
    sqlite3_busy_handler(c->db, NULL, NULL);
    int rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_busy_handler(c->db, busy_wait, NULL);
    if (rc == SQLITE_BUSY) return 1;
    return rc == SQLITE_OK ? 0 : sq_exec(c, "BEGIN IMMEDIATE"); /* an error: its message kept by sq_exec */
}

static store_stmt *sq_prepare(store_conn *c, const char *sql)
{
    sqlite3_stmt *st;
    c->msg[0] = 0;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) return NULL;
    store_stmt *s = util_xcalloc(1, sizeof *s);
    s->c = c;
    s->st = st;
    return s;
}

static int sq_run(store_stmt *s, const store_val *v, int n)
{
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    for (int i = 0; i < n; i++) {
        int k = i + 1, rc;
        switch (v[i].t) {
        case SV_NULL: rc = sqlite3_bind_null(s->st, k); break;
        case SV_INT: rc = sqlite3_bind_int64(s->st, k, v[i].i); break;
        case SV_REAL: rc = sqlite3_bind_double(s->st, k, v[i].d); break;
        case SV_TEXT:
            rc = sqlite3_bind_text(s->st, k, v[i].p, v[i].n == (size_t)-1 ? -1 : (int)v[i].n, SQLITE_TRANSIENT);
            break;
        default: rc = sqlite3_bind_blob(s->st, k, v[i].p, (int)v[i].n, SQLITE_TRANSIENT); break;
        }
        if (rc != SQLITE_OK) return -1;
    }
    return 0;
}

static int sq_next(store_stmt *s)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s->st);
        return 0;
    }
    return -1; /* the error stays readable until reset */
}

static void sq_reset(store_stmt *s) { sqlite3_reset(s->st); }

static int sq_run_deferred(store_stmt *s, const store_val *v, int n)
{
    if (sq_run(s, v, n)) return -1;
    int rc = sqlite3_step(s->st);
    sqlite3_reset(s->st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static void sq_finalize(store_stmt *s)
{
    if (!s) return;
    sqlite3_finalize(s->st);
    free(s);
}

/* SQLite has no round trips to save: a bulk row is inserted at once, and a
 * savepoint rollback takes it back. */
struct store_bulk {
    store_stmt *ins;
};

static store_bulk *sq_bulk_new(store_conn *c, const char *table, const char *columns, const char *insert_sql)
{
    (void)table, (void)columns;
    store_stmt *ins = sq_prepare(c, insert_sql);
    if (!ins) return NULL;
    store_bulk *b = util_xcalloc(1, sizeof *b);
    b->ins = ins;
    return b;
}

static int sq_bulk_add(store_bulk *b, const store_val *v, int n) { return sq_run_deferred(b->ins, v, n); }
static void sq_bulk_truncate(store_bulk *b, size_t mark) { (void)b, (void)mark; }
static int sq_bulk_flush(store_bulk *b) { (void)b; return 0; }

static void sq_bulk_free(store_bulk *b)
{
    if (!b) return;
    sq_finalize(b->ins);
    free(b);
}

static int sq_is_null(store_stmt *s, int i) { return sqlite3_column_type(s->st, i) == SQLITE_NULL; }
static int64_t sq_col_int(store_stmt *s, int i) { return sqlite3_column_int64(s->st, i); }
static double sq_col_real(store_stmt *s, int i) { return sqlite3_column_double(s->st, i); }
static const char *sq_col_text(store_stmt *s, int i) { return (const char *)sqlite3_column_text(s->st, i); }
static const void *sq_col_blob(store_stmt *s, int i, size_t *n)
{
    const void *p = sqlite3_column_blob(s->st, i);
    *n = (size_t)sqlite3_column_bytes(s->st, i);
    return p;
}

static store_val_type sq_col_type(store_stmt *s, int i)
{
    switch (sqlite3_column_type(s->st, i)) {
    case SQLITE_NULL: return SV_NULL;
    case SQLITE_INTEGER: return SV_INT;
    case SQLITE_FLOAT: return SV_REAL;
    case SQLITE_BLOB: return SV_BLOB;
    default: return SV_TEXT;
    }
}

static int sq_ncols(store_stmt *s) { return sqlite3_column_count(s->st); }

static const char *sq_errmsg(store_conn *c) { return c->msg[0] ? c->msg : sqlite3_errmsg(c->db); }

/* SQLite result codes after which the database itself cannot go on. */
static int sq_fatal(store_conn *c)
{
    switch (sqlite3_extended_errcode(c->db) & 0xff) {
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_CORRUPT:
    case SQLITE_NOTADB: case SQLITE_NOMEM: case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_PERM:
    case SQLITE_PROTOCOL: case SQLITE_ABORT:
        return 1;
    default:
        return 0;
    }
}

/* PRAGMA integrity_check: each line it reports other than "ok" is a problem. */
static long sq_integrity(store_conn *c, const char *label, void *out_file, char *err, size_t errlen)
{
    FILE *out = out_file;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: integrity check: %s", label, sqlite3_errmsg(c->db));
        return -1;
    }
    long bad = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && !strcmp(line, "ok")) continue;
        fprintf(out, "%s: SQLite integrity check: %s\n", label, line ? line : "?");
        bad++;
    }
    if (rc != SQLITE_DONE) {
        fprintf(out, "%s: SQLite integrity check failed: %s\n", label, sqlite3_errmsg(c->db));
        bad++;
    }
    sqlite3_finalize(st);
    return bad;
}

/* Adds and fills the aggregate tables of a store made before them: the part of
 * schema.sql from "-- @aggregates" to "-- @indexes", in one transaction. */
static int sq_upgrade(const char *path, char *err, size_t errlen)
{
    const char *all = store_schema_sql();
    const char *from = strstr(all, "-- @aggregates"), *to = strstr(all, "-- @indexes");
    if (!from || !to || to < from) {
        snprintf(err, errlen, "the built-in schema has no aggregates section");
        return -1;
    }
    sqlite3 *db = NULL;
    char *msg = NULL;
    char *sql = util_xstrndup(from, (size_t)(to - from));
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 10000);
        rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot add them (%s)", msg ? msg : db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_free(msg);
    free(sql);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

store_conn *store_sqlite_conn_wrap(struct sqlite3 *db)
{
    store_conn *c = util_xcalloc(1, sizeof *c);
    c->db = db;
    c->borrowed = 1;
    return c;
}

struct sqlite3 *store_conn_sqlite(store_conn *c) { return c && c->db ? c->db : NULL; }

const store_backend store_backend_sqlite = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .begin_write = sq_begin_write,
    .try_begin_write = sq_try_begin_write,
    .prepare = sq_prepare,
    .run = sq_run,
    .run_deferred = sq_run_deferred,
    .exec_deferred = sq_exec,
    .next = sq_next,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .is_null = sq_is_null,
    .col_int = sq_col_int,
    .col_real = sq_col_real,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .errmsg = sq_errmsg,
    .fatal = sq_fatal,
    .schema_sql = store_schema_sql,
    .index_exists_sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1",
    .integrity = sq_integrity,
    .bulk_new = sq_bulk_new,
    .bulk_add = sq_bulk_add,
    .bulk_truncate = sq_bulk_truncate,
    .bulk_flush = sq_bulk_flush,
    .bulk_free = sq_bulk_free,
    .col_type = sq_col_type,
    .ncols = sq_ncols,
    .week_start_fmt = "date(%s, '-6 days', 'weekday 1')",
    .generation_sql = "PRAGMA data_version",
    .upgrade = sq_upgrade,
};
