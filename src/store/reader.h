/*
 * reader.h — read-only queries on an event store for the readers above src/store
 * (src/watch, src/serve): one interface over the store's backends (backend.h),
 * chosen once when the store is opened from the --db string (a SQLite path or a
 * postgresql:// URI), so the watch and the server run the same code, and the same
 * SQL, on either database.
 *
 * SQL is written once for both: parameters are added with store_sql_param, which
 * numbers them ?1, ?2... in order (PostgreSQL needs every number used); no
 * SQLite-only functions (total(), GLOB, json_object, a boolean summed); integers
 * summed with CASE. Where the dialects must differ the reader gives the text
 * (store_reader_week_start). Rows stream one at a time; one query runs at a time
 * on a reader (finish or free it before the next).
 */
#ifndef TOCSIN_STORE_READER_H
#define TOCSIN_STORE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "store/backend.h"
#include "util/util.h"

typedef struct store_reader store_reader;
typedef struct store_query store_query;

#define STORE_SQL_MAX_PARAMS 16

/* A query's text and its parameters, numbered in the order they are added. */
typedef struct store_sql {
    buf text;
    store_val v[STORE_SQL_MAX_PARAMS];
    int n;
} store_sql;

void store_sql_init(store_sql *q);
void store_sql_free(store_sql *q);
/* Appends text (printf format). */
void store_sql_add(store_sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the next parameter's placeholder ("?N") and remembers its value (text
 * values are not copied: they must live until the query has run). */
void store_sql_param(store_sql *q, store_val v);

/* Opens a store for reading: a SQLite path (store_sqlite_open_ro: read-only media,
 * empty or missing files named) or a PostgreSQL URI (a read-only session). NULL
 * with a message naming target in err. */
store_reader *store_reader_open(const char *target, char *err, size_t errlen);
/* A reader over an open SQLite handle, which stays the caller's (tests). */
store_reader *store_reader_sqlite(struct sqlite3 *db);
void store_reader_close(store_reader *r);
/* The last error of the reader's connection. */
const char *store_reader_errmsg(store_reader *r);
/* "sqlite" or "postgresql". */
const char *store_reader_backend(const store_reader *r);

/* An SQL expression for the Monday on or before the YYYY-MM-DD text expression
 * expr (NULL when it is not a date), written into out. */
void store_reader_week_start(const store_reader *r, const char *expr, buf *out);

/* 1 when a query on the table would find it, 0 when the store has no such table. */
int store_reader_has_table(store_reader *r, const char *table);

/* A number that changes whenever any writer commits to the store (SQLite's
 * data_version; PostgreSQL's meta 'generation', bumped by every write batch), for
 * caches of answers; -1 when it cannot be read. Read on one kept-open reader. */
long long store_reader_generation(store_reader *r);

/* Adds what readers need and an older store lacks (the aggregate tables of the
 * schema, filled from its events) with a write connection to target, once. 0 ok,
 * -1 with the reason in err (e.g. the store cannot be written). */
int store_reader_upgrade(const char *target, char *err, size_t errlen);

/* Runs q: NULL on error (store_reader_errmsg). Rows are then read with
 * store_query_next (1 a row, 0 done, -1 error) and the getters, valid until the
 * next call. */
store_query *store_query_run(store_reader *r, const store_sql *q);
/* Runs the same statement again with other parameters (as many as the first run). */
int store_query_rerun(store_query *q, const store_val *v, int n);
int store_query_next(store_query *q);
void store_query_free(store_query *q);
/* The type of a column's value in the current row (SV_NULL for NULL). */
store_val_type store_query_type(store_query *q, int col);
int64_t store_query_int(store_query *q, int col);
double store_query_real(store_query *q, int col);
const char *store_query_text(store_query *q, int col); /* NULL for NULL */
int store_query_ncols(store_query *q);

#endif
