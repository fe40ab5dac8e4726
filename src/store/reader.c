/*
 * reader.c — read-only queries for watch and serve over the store's backends
 * (reader.h): a reader is a backend chosen once at open and its connection; a
 * query is a prepared statement run with the parameters store_sql numbered.
 */
#include "store/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

struct store_reader {
    const store_backend *be; /* chosen once, at open */
    store_conn *c;
    store_stmt *gen;         /* the generation query, kept prepared */
};

struct store_query {
    store_reader *r;
    store_stmt *st;
};

void store_sql_init(store_sql *q)
{
    memset(q, 0, sizeof *q);
    util_buf_init(&q->text);
}

void store_sql_free(store_sql *q) { util_buf_free(&q->text); }

void store_sql_add(store_sql *q, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        util_buf_add(&q->text, small, (size_t)n);
        return;
    }
    char *big = util_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    util_buf_add(&q->text, big, (size_t)n);
    free(big);
}

void store_sql_param(store_sql *q, store_val v)
{
    if (q->n >= STORE_SQL_MAX_PARAMS) abort(); /* a programming error: the queries are ours */
    q->v[q->n++] = v;
    util_buf_printf(&q->text, "?%d", q->n);
}

store_reader *store_reader_open(const char *target, char *err, size_t errlen)
{
    const store_backend *be = store_backend_for(target);
    store_conn *c = be->open(target, 1, err, errlen);
    if (!c) return NULL;
    store_reader *r = util_xcalloc(1, sizeof *r);
    r->be = be;
    r->c = c;
    return r;
}

store_reader *store_reader_sqlite(struct sqlite3 *db)
{
    store_reader *r = util_xcalloc(1, sizeof *r);
    r->be = &store_backend_sqlite;
    r->c = store_sqlite_conn_wrap(db);
    return r;
}

void store_reader_close(store_reader *r)
{
    if (!r) return;
    r->be->finalize(r->gen);
    r->be->close(r->c);
    free(r);
}

const char *store_reader_errmsg(store_reader *r) { return r->be->errmsg(r->c); }

const char *store_reader_backend(const store_reader *r) { return r->be->name; }

void store_reader_week_start(const store_reader *r, const char *expr, buf *out)
{
    const char *f = r->be->week_start_fmt, *p = strstr(f, "%s");
    util_buf_add(out, f, (size_t)(p - f));
    util_buf_adds(out, expr);
    util_buf_adds(out, p + 2);
}

int store_reader_has_table(store_reader *r, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE 1 = 0", table);
    store_stmt *st = r->be->prepare(r->c, sql);
    r->be->finalize(st);
    return st != NULL;
}

long long store_reader_generation(store_reader *r)
{
    if (!r->gen && !(r->gen = r->be->prepare(r->c, r->be->generation_sql))) return -1;
    long long g = -1;
    if (r->be->run(r->gen, NULL, 0) == 0 && r->be->next(r->gen) == 1 && !r->be->is_null(r->gen, 0))
        g = r->be->col_int(r->gen, 0);
    r->be->reset(r->gen);
    return g;
}

int store_reader_upgrade(const char *target, char *err, size_t errlen)
{
    return store_backend_for(target)->upgrade(target, err, errlen);
}

store_query *store_query_run(store_reader *r, const store_sql *q)
{
    store_stmt *st = r->be->prepare(r->c, q->text.data);
    if (!st) return NULL;
    if (r->be->run(st, q->v, q->n)) {
        r->be->finalize(st);
        return NULL;
    }
    store_query *x = util_xcalloc(1, sizeof *x);
    x->r = r;
    x->st = st;
    return x;
}

int store_query_rerun(store_query *q, const store_val *v, int n) { return q->r->be->run(q->st, v, n); }

int store_query_next(store_query *q) { return q->r->be->next(q->st); }

void store_query_free(store_query *q)
{
    if (!q) return;
    q->r->be->finalize(q->st);
    free(q);
}

store_val_type store_query_type(store_query *q, int col) { return q->r->be->col_type(q->st, col); }
int64_t store_query_int(store_query *q, int col) { return q->r->be->col_int(q->st, col); }
double store_query_real(store_query *q, int col) { return q->r->be->col_real(q->st, col); }
const char *store_query_text(store_query *q, int col) { return q->r->be->col_text(q->st, col); }
int store_query_ncols(store_query *q) { return q->r->be->ncols(q->st); }
