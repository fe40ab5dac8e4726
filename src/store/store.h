/*
 * store.h — the event store: coded documents into SQLite, copies of a story
 * clustered, and exports out.
 *
 * The schema is src/store/schema.sql (embedded into the library at build time):
 * documents, stories, events (one row per distinct event of a story) and mentions
 * (every document and sentence that reported it). Writing:
 *  - WAL journal, prepared statements, one transaction per batch of documents;
 *    a document with all its events and mentions is in one transaction, so a
 *    crash (even kill -9) leaves whole documents or nothing.
 *  - Idempotent by doc_id: a document already stored is skipped, so running the
 *    same ingest again, or after an interruption, changes nothing / finishes it.
 *  - The indexes are created with the tables and kept up to date: whatever stops
 *    an ingest (a crash, a signal, a full disk), the store has all its indexes.
 *  - Several writers (processes) may ingest into one database at once: they take
 *    turns batch by batch (the write lock), and each batch first reads the
 *    fingerprints the others committed, so story clustering is global.
 *  - A database that cannot go on (full disk, I/O error, read-only) is a fatal
 *    error (-2) naming it; the open batch is rolled back, so the figures of
 *    store_get_stats count only committed documents.
 *  - Dedup (src/store/dedup.h) assigns each document a story; an event of a later
 *    copy that matches an event of its story (same source, target and code, dates
 *    within the story window) becomes another mention of that event, and the
 *    event's NumMentions/NumSources/NumArticles count across copies.
 */
#ifndef TOCSIN_STORE_H
#define TOCSIN_STORE_H

#include <stddef.h>
#include <stdio.h>

#include "tocsin.h"
#include "util/util.h"

typedef struct store store;

typedef struct store_opts {
    int dedup;              /* cluster copies of a story (default 1) */
    int window_days;        /* copies are looked for within ±window_days (default 7) */
    size_t window_docs;     /* at most this many documents in the candidate index (default 50000) */
    int batch_docs;         /* documents per transaction (default 500) */
    int readonly;           /* open for export/queries only */
    /* Called with the message of each document that could not be stored when its
     * batch is written (store_add queues documents, see there); NULL: util_report. */
    void (*on_error)(const char *msg, void *user);
    void *on_error_user;
} store_opts;

/* The defaults: dedup on, a 7-day window, 50,000 documents indexed, 500 a batch. */
void store_opts_default(store_opts *o);

/* Opens (creating if needed) the database: a SQLite file path, or a postgresql://
 * (postgres://) URI for a PostgreSQL database (src/store/backend.h: the backend is
 * chosen here, once; everything else is the same). NULL with a message in err. */
store *store_open(const char *path, const store_opts *o, char *err, size_t errlen);
/* "sqlite" or "postgresql". */
const char *store_backend_name(const store *s);

/* The schema text (schema.sql) as embedded in the library. */
const char *store_schema_sql(void);

/* Adds one coded document and its events. The document is queued (an owned copy;
 * its hash, length and fingerprint taken now) and written with the others of its
 * batch when batch_docs are queued, or at store_commit/store_finish: the write lock
 * is taken only then, so writers never hold it while they code. Returns 1 when
 * queued (and its batch, if written, was committed), -1 when this document cannot
 * be stored (message in err naming it: no id, a bad date; the store stays usable),
 * -2 when the database itself failed writing a batch (a transaction could not
 * begin or commit): stop. A queued document found stored already (same id, same
 * text) is counted skipped when written; one that fails then (another text stored
 * under its id, a value the database refuses) is reported through opts.on_error
 * and counted in store_stats.failed. */
int store_add(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
              size_t nevents, char *err, size_t errlen);

/* 1 when this very document (same id, same text) is already stored or queued, so
 * that an interrupted ingest can skip re-coding it; 0 otherwise (including on
 * errors: store_add then decides and reports). A store that was empty when opened
 * is not asked (no round trip per document): what another writer stores meanwhile
 * is coded, then found stored when its batch is written. */
int store_has_doc(store *s, const tocsin_doc *doc);

/* Writes the queued documents and commits the batch. 0 ok, -1 error. */
int store_commit(store *s, char *err, size_t errlen);
/* Commits the last batch and tidies up (PRAGMA optimize). 0 ok, -1 error. */
int store_finish(store *s, char *err, size_t errlen);
/* Drops the queued documents and rolls back the open batch: they are not stored
 * and leave the figures of store_get_stats (a re-run stores them). */
void store_rollback(store *s);
/* Closes; an uncommitted batch is rolled back (call store_commit/finish first). */
void store_close(store *s);

typedef struct store_stats {
    size_t added, skipped, events_new, mentions, stories_new, joined_story; /* committed */
    double store_cpu, dedup_cpu; /* thread CPU seconds in store_add, and in clustering within it */
    double lock_wait;            /* wall seconds waiting for the write lock (other writers' batches) */
    double refresh_secs;         /* wall seconds reading other writers' fingerprints */
    double lock_held;            /* wall seconds holding the write lock (writing batches: the serial part) */
    double lock_cpu;             /* thread CPU seconds holding it (lock_held less waits for I/O and the CPU) */
    size_t refreshed;            /* fingerprints of other writers read in */
    size_t failed;               /* queued documents that could not be stored (reported via on_error) */
} store_stats;
void store_get_stats(const store *s, store_stats *out);

/* ---- exports (src/store/export.c) ---- */

typedef enum export_format { EXPORT_GDELT, EXPORT_MENTIONS, EXPORT_JSONL, EXPORT_CSV } export_format;

/* Writes the events (or mentions) whose event date is within [from, to] (either
 * may be NULL) to f. Returns the number of rows, or -1 with a message in err. */
long store_export(store *s, export_format fmt, const char *from, const char *to, FILE *f, char *err,
                  size_t errlen);

typedef enum stories_format { STORIES_JSONL, STORIES_TSV } stories_format;
/* Writes every story with at least min_docs documents. Returns the number of stories or -1. */
long store_list_stories(store *s, stories_format fmt, int min_docs, FILE *f, char *err, size_t errlen);

/* Checks a store (src/store/check.c): SQLite's integrity check, then tocsin's
 * invariants (every event has a mention, every document a story, the counts on
 * events and stories agree with their mentions and documents, every index is
 * there). Each problem is one line on out naming the database, how many rows
 * and an example. Returns the number of problems (0: whole), -1 when the check
 * itself could not run (message in err). */
long store_check(store *s, FILE *out, char *err, size_t errlen);

/* Opens an existing SQLite event database for reading (what every reader —
 * export, stories, watch, serve — uses): read-only, and on read-only media, where
 * the WAL's -shm file cannot be created, as immutable. A missing file, a zero-byte
 * file ("empty") and a file without an events table ("not a tocsin event
 * database") are refused. NULL with a message naming the path in err. */
struct sqlite3 *store_sqlite_open_ro(const char *path, char *err, size_t errlen);

/* The underlying SQLite handle (for tests and queries); NULL for PostgreSQL. */
struct sqlite3 *store_db(store *s);

#endif
