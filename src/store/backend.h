/*
 * backend.h — the store's one interface to a database, with two implementations:
 * SQLite (backend_sqlite.c, a file path) and PostgreSQL (backend_pg.c, a
 * postgresql:// or postgres:// URI, through libpq). The backend is chosen once,
 * by store_open from the --db string; everything in src/store above this header
 * (writing, clustering, exports, checks) is written once against it, and nothing
 * above src/store knows which database it talks to.
 *
 * SQL given to a backend is written once for both databases: parameters are
 * SQLite's numbered "?N" (PostgreSQL's backend turns them into "$N"), new row ids
 * come back with RETURNING, "INSERT ... ON CONFLICT DO NOTHING RETURNING 1"
 * says whether a row was inserted, and a NULL test on a parameter is written
 * "CAST(?N AS TEXT) IS NULL". Where the two dialects differ (the schema, the
 * write lock, the catalogue of indexes) the backend carries the text or does the
 * operation itself.
 */
#ifndef TOCSIN_STORE_BACKEND_H
#define TOCSIN_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

/* A parameter value. */
typedef enum { SV_NULL, SV_INT, SV_REAL, SV_TEXT, SV_BLOB } store_val_type;
typedef struct store_val {
    store_val_type t;
    int64_t i;
    double d;
    const void *p; /* SV_TEXT (n bytes, or NUL-terminated when n is (size_t)-1) / SV_BLOB (n bytes) */
    size_t n;
} store_val;

static inline store_val sv_int(int64_t i) { return (store_val){.t = SV_INT, .i = i}; }
static inline store_val sv_real(double d) { return (store_val){.t = SV_REAL, .d = d}; }
static inline store_val sv_text(const char *p) { return (store_val){.t = p ? SV_TEXT : SV_NULL, .p = p, .n = (size_t)-1}; }
static inline store_val sv_textn(const char *p, size_t n) { return (store_val){.t = p ? SV_TEXT : SV_NULL, .p = p, .n = n}; }
static inline store_val sv_blob(const void *p, size_t n) { return (store_val){.t = SV_BLOB, .p = p, .n = n}; }
/* NULL for a NULL or empty string */
static inline store_val sv_opt(const char *p) { return (p && *p) ? sv_text(p) : (store_val){.t = SV_NULL}; }

struct sqlite3;
typedef struct store_conn store_conn; /* a backend's connection */
typedef struct store_bulk store_bulk; /* rows of one table loaded in bulk at commit */
typedef struct store_stmt store_stmt; /* a backend's prepared statement */

typedef struct store_backend {
    const char *name; /* "sqlite", "postgresql" */
    /* Opens target (a path or a URI). Readers open an existing store and never write;
     * writers create the schema (tables and indexes) if missing. NULL with a message
     * naming target in err. */
    store_conn *(*open)(const char *target, int readonly, char *err, size_t errlen);
    void (*close)(store_conn *c);
    /* Runs SQL without results (several statements allowed). 0 ok, -1 error. */
    int (*exec)(store_conn *c, const char *sql);
    /* Begins the transaction of a write batch holding the store's write lock, so
     * that writers (processes, hosts) take turns batch by batch: SQLite BEGIN
     * IMMEDIATE (waiting up to the busy timeout), PostgreSQL BEGIN and a
     * transaction-level advisory lock. 0 ok, -1 error. */
    int (*begin_write)(store_conn *c);
    /* begin_write without waiting: 0 the transaction is open holding the lock, 1 another
     * writer holds it (no transaction is open), -1 error. */
    int (*try_begin_write)(store_conn *c);
    /* Prepared statements: prepare once, then run with parameters; rows are read
     * with next() (1 a row, 0 done, -1 error) and the column getters, valid until
     * the next call on the statement; reset() ends a run early. */
    store_stmt *(*prepare)(store_conn *c, const char *sql);
    int (*run)(store_stmt *st, const store_val *params, int n);
    /* Runs a statement whose rows nobody reads (an INSERT, an UPDATE), or SQL, at
     * the backend's convenience but before anything run after it on this
     * connection. A backend may hold such statements back and send them with the
     * next one that waits for an answer (fewer round trips to a distant server);
     * an error may then be reported by that next call (run/next/exec), and an exec
     * of ROLLBACK (or ROLLBACK TO) drops what is still waiting. Both backends run
     * them at once today (see backend_pg.c for the measurement). */
    int (*run_deferred)(store_stmt *st, const store_val *params, int n);
    int (*exec_deferred)(store_conn *c, const char *sql);
    int (*next)(store_stmt *st);
    void (*reset)(store_stmt *st);
    void (*finalize)(store_stmt *st);
    int (*is_null)(store_stmt *st, int col);
    int64_t (*col_int)(store_stmt *st, int col);
    double (*col_real)(store_stmt *st, int col);
    const char *(*col_text)(store_stmt *st, int col);              /* NULL for NULL */
    const void *(*col_blob)(store_stmt *st, int col, size_t *n);
    /* The type of a column's value in the current row (SV_NULL for NULL), and the
     * number of columns of the statement's rows. */
    store_val_type (*col_type)(store_stmt *st, int col);
    int (*ncols)(store_stmt *st);
    /* The last error of this connection, and whether it means that the database
     * cannot go on (disk full, I/O, read-only, connection lost, locked too long). */
    const char *(*errmsg)(store_conn *c);
    int (*fatal)(store_conn *c);
    /* The schema this backend creates (its "CREATE INDEX IF NOT EXISTS" lines are
     * the indexes `tocsin check` looks for). */
    const char *(*schema_sql)(void);
    /* SQL that gives one row when the index named ?1 exists. */
    const char *index_exists_sql;
    /* The database's own integrity check: writes one line per problem to out
     * (prefixed with label), returns their number, or -1 (message in err). */
    long (*integrity)(store_conn *c, const char *label, void *out_file, char *err, size_t errlen);
    /* Bulk loading: rows of a table that nothing reads before the batch commits
     * (the store answers such questions from its own memory of the batch). A
     * backend may run each add at once (SQLite: the prepared insert_sql, with
     * ?1..?N for the columns), or keep the rows and load them all with flush,
     * before COMMIT (PostgreSQL: COPY table (columns) FROM STDIN, one round trip
     * for the batch). truncate(0) drops the rows kept (a batch rolled back).
     * add: 0, or -1 for a value the database would refuse (message in the
     * connection's errmsg). flush: 0, or -1 (errmsg). */
    store_bulk *(*bulk_new)(store_conn *c, const char *table, const char *columns, const char *insert_sql);
    int (*bulk_add)(store_bulk *b, const store_val *v, int n);
    void (*bulk_truncate)(store_bulk *b, size_t mark);
    int (*bulk_flush)(store_bulk *b);
    void (*bulk_free)(store_bulk *b);
    /* ---- for readers (reader.h) ---- */
    /* An SQL expression (printf format with one %s, a YYYY-MM-DD text expression)
     * for the Monday on or before that date, NULL when it is not a date. */
    const char *week_start_fmt;
    /* SQL giving one integer that changes whenever a writer commits (run on a
     * connection kept open). */
    const char *generation_sql;
    /* Gives an existing store what readers need and it lacks (the aggregate
     * tables, filled), through a write connection of its own. 0, or -1 (err). */
    int (*upgrade)(const char *target, char *err, size_t errlen);
} store_backend;

extern const store_backend store_backend_sqlite;
extern const store_backend store_backend_pg;

/* The backend for a --db string: PostgreSQL for postgresql:// and postgres://
 * URIs, SQLite for anything else (a path). */
const store_backend *store_backend_for(const char *target);

/* A connection over an open SQLite handle that stays the caller's (close does not
 * close it). */
store_conn *store_sqlite_conn_wrap(struct sqlite3 *db);

/* The raw SQLite handle behind a SQLite connection (NULL for other backends). */
struct sqlite3 *store_conn_sqlite(store_conn *c);

#endif
