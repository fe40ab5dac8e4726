/*
 * backend_pg.c — the store's PostgreSQL backend (backend.h), through libpq: a
 * postgresql:// or postgres:// URI, the schema of schema_pg.sql (the same tables,
 * columns and indexes as schema.sql in PostgreSQL's types), a transaction-level
 * advisory lock as the write lock (writers on any host take turns batch by batch,
 * as SQLite's BEGIN IMMEDIATE makes them on one), prepared statements, and rows
 * streamed one at a time (libpq's single-row mode), so memory stays flat however
 * large an export.
 *
 * Parameters are sent as text (blobs in binary) and results read as text; the
 * SQL's "?N" parameters become "$N". Text columns are COLLATE "C", so that
 * ORDER BY on them sorts as SQLite does (by bytes) and exports are identical.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/store.h"
#include "util/util.h"

/* The key of the store's advisory lock (advisory locks are per database). */
#define PG_WRITE_LOCK 7420151

#define PG_MAX_PARAMS 128

struct store_conn {
    PGconn *pg;
    int nstmt;         /* statements prepared so far (their names are "tocsin_N") */
    char sqlstate[6];  /* of the last error */
    char msg[512];     /* the last error */
};

struct store_stmt {
    store_conn *c;
    char name[24];
    PGresult *row;     /* the current row (single-row mode) */
    int active;        /* results are still coming (single-row mode) */
    buf pbuf;          /* parameter text */
    unsigned char *blob;
    size_t blob_cap;
};

static void set_msg(store_conn *c, const PGresult *r)
{
    const char *m = r ? PQresultErrorMessage(r) : NULL;
    if (!m || !*m) m = PQerrorMessage(c->pg);
    snprintf(c->msg, sizeof c->msg, "%s", m && *m ? m : "PostgreSQL error");
    size_t n = strlen(c->msg);
    while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' ')) c->msg[--n] = 0;
    const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", st ? st : "");
}

/* Runs SQL, no results wanted; 0 ok, -1 error (message kept). */
static int pg_exec(store_conn *c, const char *sql)
{
    PGresult *r = PQexec(c->pg, sql);
    int st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok) set_msg(c, r);
    PQclear(r);
    return ok ? 0 : -1;
}

static const char *schema_pg_sql(void);

static void pg_close(store_conn *c)
{
    if (!c) return;
    PQfinish(c->pg);
    free(c);
}

static store_conn *pg_open(const char *uri, int readonly, char *err, size_t errlen)
{
    store_conn *c = util_xcalloc(1, sizeof *c);
    c->pg = PQconnectdb(uri);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        char m[400];
        snprintf(m, sizeof m, "%s", c->pg ? PQerrorMessage(c->pg) : "out of memory");
        m[strcspn(m, "\n")] = 0;
        snprintf(err, errlen, "%s: cannot connect: %s", uri, m);
        pg_close(c);
        return NULL;
    }
    pg_exec(c, "SET client_min_messages = warning");
    if (readonly) {
        if (pg_exec(c, "SELECT event_id, story_id, date, source_code, target_code, quad_class, goldstein, "
                       "sentence FROM events LIMIT 0") ||
            pg_exec(c, "SET default_transaction_read_only = on")) {
            snprintf(err, errlen, "%s: not a tocsin event database (%s)", uri, c->msg);
            pg_close(c);
            return NULL;
        }
        return c;
    }
    /* the schema under the write lock: concurrent CREATE ... IF NOT EXISTS race in PostgreSQL */
    char lock[96];
    snprintf(lock, sizeof lock, "BEGIN; SELECT pg_advisory_xact_lock(%d)", PG_WRITE_LOCK);
    if (pg_exec(c, lock) || pg_exec(c, schema_pg_sql()) ||
        pg_exec(c, "INSERT INTO meta(key, value) VALUES ('schema', 'tocsin-store-1') ON CONFLICT DO NOTHING") ||
        pg_exec(c, "COMMIT")) {
        snprintf(err, errlen, "%s: creating the schema: %s", uri, c->msg);
        pg_close(c);
        return NULL;
    }
    return c;
}


/* The write lock, and the store's generation bumped in the batch's transaction
 * (readers' caches see a change exactly when the batch commits). */
static int pg_begin_write(store_conn *c)
{
    char sql[192];
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d); UPDATE meta SET value = "
             "(value::bigint + 1)::text WHERE key = 'generation'", PG_WRITE_LOCK);
    return pg_exec(c, sql);
}

static int pg_try_begin_write(store_conn *c)
{
    char sql[96];
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_try_advisory_xact_lock(%d)", PG_WRITE_LOCK);
    PGresult *r = PQexec(c->pg, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        set_msg(c, r);
        PQclear(r);
        pg_exec(c, "ROLLBACK");
        return -1;
    }
    int got = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (!got) return pg_exec(c, "ROLLBACK") ? -1 : 1;
    return pg_exec(c, "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'");
}

/* "?N" -> "$N" outside quoted strings and identifiers. */
static void dollar_params(const char *sql, buf *out)
{
    char q = 0;
    for (const char *p = sql; *p; p++) {
        if (q) {
            if (*p == q) q = 0;
        } else if (*p == '\'' || *p == '"') {
            q = *p;
        } else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
            util_buf_addc(out, '$');
            continue;
        }
        util_buf_addc(out, *p);
    }
}

static store_stmt *pg_prepare(store_conn *c, const char *sql)
{
    store_stmt *s = util_xcalloc(1, sizeof *s);
    s->c = c;
    snprintf(s->name, sizeof s->name, "tocsin_%d", ++c->nstmt);
    buf text;
    util_buf_init(&text);
    dollar_params(sql, &text);
    PGresult *r = PQprepare(c->pg, s->name, text.data, 0, NULL);
    util_buf_free(&text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        set_msg(c, r);
        PQclear(r);
        free(s);
        return NULL;
    }
    PQclear(r);
    util_buf_init(&s->pbuf);
    return s;
}

/* Ends the current run: the rest of its results are read and dropped. */
static void drain(store_stmt *s)
{
    PQclear(s->row);
    s->row = NULL;
    if (!s->active) return;
    PGresult *r;
    while ((r = PQgetResult(s->c->pg)) != NULL) PQclear(r);
    s->active = 0;
}

static int pg_run(store_stmt *s, const store_val *v, int n)
{
    drain(s);
    if (n > PG_MAX_PARAMS) return -1;
    const char *vals[PG_MAX_PARAMS];
    int lens[PG_MAX_PARAMS], fmts[PG_MAX_PARAMS];
    size_t offs[PG_MAX_PARAMS];
    util_buf_clear(&s->pbuf);
    /* text values are copied into pbuf (NUL-terminated); pointers taken after it stops growing */
    for (int i = 0; i < n; i++) {
        offs[i] = s->pbuf.len;
        lens[i] = 0;
        fmts[i] = 0;
        switch (v[i].t) {
        case SV_NULL: offs[i] = (size_t)-1; break;
        case SV_INT: util_buf_printf(&s->pbuf, "%lld", (long long)v[i].i); break;
        case SV_REAL: util_buf_printf(&s->pbuf, "%.17g", v[i].d); break;
        case SV_TEXT: {
            size_t len = v[i].n == (size_t)-1 ? strlen(v[i].p) : v[i].n;
            /* PostgreSQL text cannot hold NUL: cut there, as SQLite's text functions do */
            const char *nul = memchr(v[i].p, 0, len);
            util_buf_add(&s->pbuf, v[i].p, nul ? (size_t)(nul - (const char *)v[i].p) : len);
            break;
        }
        case SV_BLOB:
            util_buf_add(&s->pbuf, v[i].p, v[i].n);
            lens[i] = (int)v[i].n;
            fmts[i] = 1;
            break;
        }
        if (offs[i] != (size_t)-1) util_buf_addc(&s->pbuf, 0);
    }
    for (int i = 0; i < n; i++) vals[i] = offs[i] == (size_t)-1 ? NULL : s->pbuf.data + offs[i];
    if (!PQsendQueryPrepared(s->c->pg, s->name, n, vals, lens, fmts, 0)) {
        set_msg(s->c, NULL);
        return -1;
    }
    PQsetSingleRowMode(s->c->pg);
    s->active = 1;
    return 0;
}

static int pg_next(store_stmt *s)
{
    PQclear(s->row);
    s->row = NULL;
    if (!s->active) return 0;
    PGresult *r = PQgetResult(s->c->pg);
    int st = r ? PQresultStatus(r) : PGRES_COMMAND_OK;
    if (st == PGRES_SINGLE_TUPLE) {
        s->row = r;
        return 1;
    }
    int ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
    if (!ok) set_msg(s->c, r);
    PQclear(r);
    drain(s);
    return ok ? 0 : -1;
}

static void pg_reset(store_stmt *s) { drain(s); }

/* Statements whose rows nobody reads run at once, as prepared statements.
 * (Sending them as literals with the next statement that waits, one round trip
 * for several, was measured no faster here: 311-483 against 458-482 docs/s on
 * 3,000 Reuters documents, machine load 9-10; libpq's pipeline mode, keeping the
 * prepared plans, is the way to fewer round trips for a distant server.) */
static int pg_run_deferred(store_stmt *s, const store_val *v, int n)
{
    if (pg_run(s, v, n)) return -1;
    int rc;
    while ((rc = pg_next(s)) == 1) continue;
    return rc;
}

static int pg_exec_deferred(store_conn *c, const char *sql) { return pg_exec(c, sql); }

static void pg_finalize(store_stmt *s)
{
    if (!s) return;
    drain(s);
    char sql[64];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
    if (PQstatus(s->c->pg) == CONNECTION_OK) {
        PGresult *r = PQexec(s->c->pg, sql);
        PQclear(r);
    }
    util_buf_free(&s->pbuf);
    free(s->blob);
    free(s);
}

/* ---- bulk loading: COPY ... FROM STDIN at commit ---- */

struct store_bulk {
    store_conn *c;
    char *copy_sql; /* COPY table (columns) FROM STDIN */
    buf rows;       /* COPY's text format: tab-separated, \N for NULL, escaped */
};

static store_bulk *pg_bulk_new(store_conn *c, const char *table, const char *columns, const char *insert_sql)
{
    (void)insert_sql;
    store_bulk *b = util_xcalloc(1, sizeof *b);
    b->c = c;
    buf q;
    util_buf_init(&q);
    util_buf_printf(&q, "COPY %s (%s) FROM STDIN", table, columns);
    b->copy_sql = util_xstrdup(q.data);
    util_buf_free(&q);
    util_buf_init(&b->rows);
    return b;
}

/* Text in COPY's text format: backslash, tab, newline and carriage return escaped;
 * cut at a NUL as pg_run does. -1 for invalid UTF-8 (the server would refuse the
 * whole COPY: refused here, for the one document). */
static int copy_text(buf *out, const char *p, size_t n)
{
    const char *nul = memchr(p, 0, n);
    if (nul) n = (size_t)(nul - p);
    if (util_utf8_valid_prefix(p, n) != n) return -1;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch == '\\') util_buf_adds(out, "\\\\");
        else if (ch == '\t') util_buf_adds(out, "\\t");
        else if (ch == '\n') util_buf_adds(out, "\\n");
        else if (ch == '\r') util_buf_adds(out, "\\r");
        else util_buf_addc(out, ch);
    }
    return 0;
}

static int pg_bulk_add(store_bulk *b, const store_val *v, int n)
{
    size_t start = b->rows.len;
    for (int i = 0; i < n; i++) {
        if (i) util_buf_addc(&b->rows, '\t');
        switch (v[i].t) {
        case SV_NULL: util_buf_adds(&b->rows, "\\N"); break;
        case SV_INT: util_buf_printf(&b->rows, "%lld", (long long)v[i].i); break;
        case SV_REAL: util_buf_printf(&b->rows, "%.17g", v[i].d); break;
        case SV_TEXT:
            if (copy_text(&b->rows, v[i].p, v[i].n == (size_t)-1 ? strlen(v[i].p) : v[i].n)) {
                b->rows.len = start;
                snprintf(b->c->msg, sizeof b->c->msg, "invalid UTF-8 in a text value");
                b->c->sqlstate[0] = 0;
                return -1;
            }
            break;
        case SV_BLOB: {
            static const char hex[] = "0123456789abcdef";
            const unsigned char *p = v[i].p;
            util_buf_adds(&b->rows, "\\\\x");
            for (size_t k = 0; k < v[i].n; k++) {
                util_buf_addc(&b->rows, hex[p[k] >> 4]);
                util_buf_addc(&b->rows, hex[p[k] & 15]);
            }
            break;
        }
        }
    }
    util_buf_addc(&b->rows, '\n');
    return 0;
}

static void pg_bulk_truncate(store_bulk *b, size_t mark)
{
    if (mark < b->rows.len) b->rows.len = mark;
    if (b->rows.data) b->rows.data[b->rows.len] = 0;
}

/* One COPY for the batch's rows (sent in pieces of at most 1 MB). */
static int pg_bulk_flush(store_bulk *b)
{
    if (!b->rows.len) return 0;
    PGresult *r = PQexec(b->c->pg, b->copy_sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        set_msg(b->c, r);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    int ok = 1, told = 0;
    for (size_t at = 0; at < b->rows.len && ok;) {
        size_t n = b->rows.len - at < (1 << 20) ? b->rows.len - at : (1 << 20);
        ok = PQputCopyData(b->c->pg, b->rows.data + at, (int)n) == 1;
        at += n;
    }
    if (PQputCopyEnd(b->c->pg, ok ? NULL : "tocsin: sending the rows failed") != 1) ok = 0;
    while ((r = PQgetResult(b->c->pg)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            set_msg(b->c, r);
            ok = 0, told = 1;
        }
        PQclear(r);
    }
    if (!ok && !told) set_msg(b->c, NULL);
    pg_bulk_truncate(b, 0);
    return ok ? 0 : -1;
}

static void pg_bulk_free(store_bulk *b)
{
    if (!b) return;
    free(b->copy_sql);
    util_buf_free(&b->rows);
    free(b);
}

static int pg_is_null(store_stmt *s, int i) { return !s->row || PQgetisnull(s->row, 0, i); }
static const char *pg_col_text(store_stmt *s, int i)
{
    return pg_is_null(s, i) ? NULL : PQgetvalue(s->row, 0, i);
}
static int64_t pg_col_int(store_stmt *s, int i)
{
    const char *t = pg_col_text(s, i);
    return t ? strtoll(t, NULL, 10) : 0;
}
static double pg_col_real(store_stmt *s, int i)
{
    const char *t = pg_col_text(s, i);
    return t ? strtod(t, NULL) : 0;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* bytea in text form ("\x" and hex digits) decoded into the statement's buffer */
static const void *pg_col_blob(store_stmt *s, int i, size_t *n)
{
    const char *t = pg_col_text(s, i);
    *n = 0;
    if (!t || t[0] != '\\' || t[1] != 'x') return NULL;
    t += 2;
    size_t len = strlen(t) / 2;
    if (len > s->blob_cap) {
        s->blob_cap = len;
        s->blob = util_xrealloc(s->blob, len);
    }
    for (size_t k = 0; k < len; k++) {
        int hi = hexval(t[2 * k]), lo = hexval(t[2 * k + 1]);
        if (hi < 0 || lo < 0) return NULL;
        s->blob[k] = (unsigned char)(hi << 4 | lo);
    }
    *n = len;
    return s->blob;
}

/* The column's type from its PostgreSQL type: integers, floating point and
 * numeric, bytea, and text for anything else. */
static store_val_type pg_col_type(store_stmt *s, int i)
{
    if (pg_is_null(s, i)) return SV_NULL;
    switch (PQftype(s->row, i)) {
    case 20: case 21: case 23: case 26: return SV_INT;  /* int8, int2, int4, oid */
    case 700: case 701: case 1700: return SV_REAL;      /* float4, float8, numeric */
    case 17: return SV_BLOB;                            /* bytea */
    default: return SV_TEXT;
    }
}

static int pg_ncols(store_stmt *s) { return s->row ? PQnfields(s->row) : 0; }

/* A writer's open creates what is missing of schema_pg.sql under the write lock,
 * the aggregate tables and their fill included. */
static int pg_upgrade(const char *uri, char *err, size_t errlen)
{
    char msg[512];
    store_conn *c = pg_open(uri, 0, msg, sizeof msg);
    if (!c) {
        snprintf(err, errlen, "cannot add them (%s)", msg);
        return -1;
    }
    pg_close(c);
    return 0;
}

static const char *pg_errmsg(store_conn *c) { return c->msg[0] ? c->msg : PQerrorMessage(c->pg); }

/* The connection is gone, or the server cannot go on: insufficient resources
 * (53: disk full, out of memory), operator intervention (57), system error (58),
 * connection (08), internal (XX), read-only transaction (25006), no privilege (42501). */
static int pg_fatal(store_conn *c)
{
    if (PQstatus(c->pg) != CONNECTION_OK) return 1;
    const char *s = c->sqlstate;
    return !strncmp(s, "53", 2) || !strncmp(s, "57", 2) || !strncmp(s, "58", 2) || !strncmp(s, "08", 2) ||
           !strncmp(s, "XX", 2) || !strcmp(s, "25006") || !strcmp(s, "42501");
}

/* PostgreSQL keeps its own page checksums (when the cluster has them) and
 * pg_amcheck checks its indexes; there is no cheap whole-database check to run
 * from a client, so tocsin's invariants are what `tocsin check` adds here. */
static long pg_integrity(store_conn *c, const char *label, void *out_file, char *err, size_t errlen)
{
    (void)c, (void)label, (void)out_file, (void)err, (void)errlen;
    return 0;
}

static const char schema_pg_text[] =
#include "store_schema_pg.inc"
    ;

static const char *schema_pg_sql(void) { return schema_pg_text; }

const store_backend store_backend_pg = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin_write = pg_begin_write,
    .try_begin_write = pg_try_begin_write,
    .prepare = pg_prepare,
    .run = pg_run,
    .run_deferred = pg_run_deferred,
    .exec_deferred = pg_exec_deferred,
    .next = pg_next,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .is_null = pg_is_null,
    .col_int = pg_col_int,
    .col_real = pg_col_real,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .errmsg = pg_errmsg,
    .fatal = pg_fatal,
    .schema_sql = schema_pg_sql,
    .index_exists_sql = "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?1",
    .integrity = pg_integrity,
    .bulk_new = pg_bulk_new,
    .bulk_add = pg_bulk_add,
    .bulk_truncate = pg_bulk_truncate,
    .bulk_flush = pg_bulk_flush,
    .bulk_free = pg_bulk_free,
    .col_type = pg_col_type,
    .ncols = pg_ncols,
    .week_start_fmt = "tocsin_week_start(%s)",
    .generation_sql = "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'generation'",
    .upgrade = pg_upgrade,
};
