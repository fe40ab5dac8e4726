/*
 * store.c — writing coded documents into the SQLite event store: schema setup,
 * batched crash-safe transactions, idempotency by doc_id, story assignment
 * through the dedup index, and merging the events of copies into one event with
 * many mentions. The contract is in store.h; the schema in schema.sql.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/dedup.h"
#include "store/store_internal.h"

void store_opts_default(store_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dedup = 1;
    o->window_days = 7;
    o->window_docs = 50000;
    o->batch_docs = 500;
}

sqlite3 *store_db(store *s) { return s->db; }

static void set_err(char *err, size_t errlen, const char *what, sqlite3 *db)
{
    if (err && errlen) snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "error");
}

static int exec_sql(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err && errlen) snprintf(err, errlen, "%s", msg ? msg : "sqlite error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int prepare(store *s, sqlite3_stmt **st, const char *sql, char *err, size_t errlen)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        set_err(err, errlen, "preparing a statement", s->db);
        return -1;
    }
    return 0;
}

/* How long a writer waits for another writer's batch to commit (SQLite's busy
 * timeout): writers take turns batch by batch, see store_add. */
#define STORE_WRITE_WAIT_MS (10 * 60 * 1000)

/* SQLite result codes after which the database itself cannot go on (disk full,
 * I/O error, read-only, locked past the timeout, corrupt): the batch is rolled back
 * and the caller must stop. Any other failure concerns one document. */
static int fatal_code(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_CORRUPT:
    case SQLITE_NOTADB: case SQLITE_NOMEM: case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_PERM:
    case SQLITE_PROTOCOL: case SQLITE_ABORT:
        return 1;
    default:
        return 0;
    }
}

static void add_fingerprint_row(store *s, sqlite3_stmt *st)
{
    dedup_fp fp;
    const void *blob = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    if (dedup_fp_decode(blob, n, &fp) != 0) return; /* unreadable: that doc is just not a candidate */
    dedup_index_add(s->index, &fp, sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2));
}

/* Fills the candidate index from doc_fingerprints: the most recent documents,
 * oldest first so eviction order is by age; and remembers the highest row read so
 * that store_refresh_index reads only what other writers commit later. */
static int load_fingerprints(store *s, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    const char *sql = "SELECT fp, day, story_id FROM (SELECT fp, day, story_id, rowid AS r FROM "
                      "doc_fingerprints ORDER BY day DESC, r DESC LIMIT ?1) ORDER BY day, r";
    if (exec_sql(s->db, "BEGIN", err, errlen)) return -1; /* one snapshot for both queries */
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        set_err(err, errlen, "reading fingerprints", s->db);
        exec_sql(s->db, "ROLLBACK", NULL, 0);
        return -1;
    }
    sqlite3_bind_int64(st, 1, (sqlite3_int64)s->opts.window_docs);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) add_fingerprint_row(s, st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE &&
        sqlite3_prepare_v2(s->db, "SELECT coalesce(max(doc_rowid), 0) FROM doc_fingerprints", -1, &st, NULL) ==
            SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) s->fp_seen = sqlite3_column_int64(st, 0), rc = SQLITE_DONE;
        sqlite3_finalize(st);
    }
    exec_sql(s->db, "COMMIT", NULL, 0);
    if (rc != SQLITE_DONE) {
        set_err(err, errlen, "reading fingerprints", s->db);
        return -1;
    }
    return 0;
}

/* Reads into the candidate index the fingerprints other writers committed since
 * this one last looked. Called holding the write lock, so nothing can be committed
 * meanwhile: the batch clusters against everything stored before it. */
static int refresh_index(store *s)
{
    sqlite3_stmt *st = s->st_refresh;
    sqlite3_bind_int64(st, 1, s->fp_seen);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        add_fingerprint_row(s, st);
        s->fp_seen = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int has_index(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='index' AND name=?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
    }
    return found;
}

static int open_fail(store *s, char *err, size_t errlen, const char *what)
{
    if (err && errlen) snprintf(err, errlen, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
    store_close(s);
    return -1;
}

/* The writer's setup: WAL, and the whole schema (tables and indexes) in one
 * write transaction, which is also where a database that cannot be written is
 * found out, once. */
static int open_writer(store *s, char *err, size_t errlen)
{
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        snprintf(err, errlen, "%s: the database cannot be written (read-only file or file system)", s->path);
        store_close(s);
        return -1;
    }
    sqlite3_busy_timeout(s->db, STORE_WRITE_WAIT_MS);
    /* WAL + synchronous=NORMAL: a killed process loses at most the open batch and
     * never corrupts the database. */
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                            "PRAGMA temp_store=MEMORY;", NULL, NULL, NULL) != SQLITE_OK)
        return open_fail(s, err, errlen, "cannot open for writing");
    /* The indexes are created with the tables and kept up to date by every write:
     * a store is never without them, whatever stops an ingest (they cost a bulk
     * load about 5-10% of its CPU). */
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return open_fail(s, err, errlen, "cannot write");
    if (sqlite3_exec(s->db, store_schema_sql(), NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'tocsin-store-1')", NULL,
                     NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(s->db));
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        snprintf(err, errlen, "%s: creating the schema: %s", s->path, msg);
        store_close(s);
        return -1;
    }
    s->indexes_present = has_index(s->db, "events_date");
    return 0;
}

static int prepare_writer(store *s, char *err, size_t errlen)
{
    return prepare(s, &s->st_exists, "SELECT hash FROM documents WHERE doc_id = ?1", err, errlen) ||
           prepare(s, &s->st_refresh,
                   "SELECT fp, day, story_id, doc_rowid FROM doc_fingerprints WHERE doc_rowid > ?1 "
                   "ORDER BY doc_rowid",
                   err, errlen) ||
           prepare(s, &s->st_story_new,
                   "INSERT INTO stories(first_doc, first_date, n_documents) VALUES (?1, ?2, 1)", err, errlen) ||
           prepare(s, &s->st_story_join,
                   "UPDATE stories SET n_documents = n_documents + 1, "
                   "first_doc = CASE WHEN ?2 < first_date THEN ?3 ELSE first_doc END, "
                   "first_date = CASE WHEN ?2 < first_date THEN ?2 ELSE first_date END WHERE story_id = ?1",
                   err, errlen) ||
           prepare(s, &s->st_doc,
                   "INSERT INTO documents(doc_id, date, source, url, title, hash, story_id, n_sentences, "
                   "ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                   err, errlen) ||
           prepare(s, &s->st_extra, "INSERT INTO doc_extra(doc_id, text_len, source_key) VALUES (?1, ?2, ?3)",
                   err, errlen) ||
           prepare(s, &s->st_fp,
                   "INSERT INTO doc_fingerprints(doc_rowid, day, story_id, fp) VALUES (?1, ?2, ?3, ?4)", err,
                   errlen) ||
           prepare(s, &s->st_find_event,
                   "SELECT event_id FROM events WHERE story_id = ?1 AND date BETWEEN ?2 AND ?3 "
                   "AND source_code = ?4 AND target_code = ?5 AND code = ?6 "
                   "ORDER BY abs(julianday(date) - julianday(?7)), event_id LIMIT 1",
                   err, errlen) ||
           prepare(s, &s->st_event,
                   "INSERT INTO events(story_id, date, source_code, source_text, target_code, target_text, "
                   "code, root, quad_class, goldstein, verb_text, sentence, first_doc, n_mentions, n_sources, "
                   "n_articles) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, 0, 0)",
                   err, errlen) ||
           prepare(s, &s->st_doc_mentioned, "SELECT 1 FROM mentions WHERE event_id = ?1 AND doc_id = ?2 LIMIT 1",
                   err, errlen) ||
           prepare(s, &s->st_source_mentioned,
                   "SELECT 1 FROM mentions m JOIN doc_extra x ON x.doc_id = m.doc_id "
                   "WHERE m.event_id = ?1 AND x.source_key = ?2 LIMIT 1",
                   err, errlen) ||
           prepare(s, &s->st_mention,
                   "INSERT OR IGNORE INTO mentions(event_id, doc_id, sentence_no, sentence, source_match, "
                   "target_match, date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   err, errlen) ||
           prepare(s, &s->st_count,
                   "UPDATE events SET n_mentions = n_mentions + 1, n_articles = n_articles + ?2, "
                   "n_sources = n_sources + ?3 WHERE event_id = ?1",
                   err, errlen);
}

static int start_index(store *s, char *err, size_t errlen)
{
    dedup_index_free(s->index);
    s->index = dedup_index_new(s->opts.window_docs, s->opts.window_days);
    s->fp_seen = 0;
    return load_fingerprints(s, err, errlen);
}

store *store_open(const char *path, const store_opts *o, char *err, size_t errlen)
{
    store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    if (o) s->opts = *o;
    else store_opts_default(&s->opts);
    if (s->opts.batch_docs < 1) s->opts.batch_docs = 1;
    if (s->opts.window_docs < 1) s->opts.window_docs = 1;
    if (s->opts.window_days < 0) s->opts.window_days = 0;
    if (s->opts.readonly) {
        s->db = store_sqlite_open_ro(path, err, errlen);
        if (!s->db) {
            store_close(s);
            return NULL;
        }
        return s;
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        set_err(err, errlen, path, s->db);
        store_close(s);
        return NULL;
    }
    if (open_writer(s, err, errlen)) return NULL;
    if (prepare_writer(s, err, errlen)) {
        store_close(s);
        return NULL;
    }
    if (s->opts.dedup) {
        dedup_scratch_init(&s->scratch);
        s->scratch_init = 1;
        if (start_index(s, err, errlen)) {
            store_close(s);
            return NULL;
        }
    }
    buf_init(&s->tmp);
    s->tmp_init = 1;
    return s;
}

/* ---- helpers ---- */

static void bind_text_n(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (!p) sqlite3_bind_null(st, i);
    else sqlite3_bind_text(st, i, p, (int)n, SQLITE_TRANSIENT);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *p)
{
    if (!p || !*p) sqlite3_bind_null(st, i);
    else sqlite3_bind_text(st, i, p, -1, SQLITE_TRANSIENT);
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int step_exists(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Content hash of the text with whitespace runs collapsed (hex). */
static void content_hash(const char *t, size_t n, char out[17])
{
    uint64_t h = 1469598103934665603ULL;
    int space = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = 1;
            continue;
        }
        if (space) {
            h = (h ^ ' ') * 1099511628211ULL;
            space = 0;
        }
        h = (h ^ c) * 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static size_t utf8_chars(const char *t, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)t[i] & 0xC0) != 0x80;
    return c;
}

/* What counts as one source for NumSources: the outlet name, else the URL's host,
 * else the document itself. Written into s->tmp. */
static const char *source_key(store *s, const tocsin_doc *d)
{
    buf_clear(&s->tmp);
    if (d->source && *d->source) {
        for (const char *p = d->source; *p; p++)
            buf_addc(&s->tmp, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
        return s->tmp.data;
    }
    if (d->url && *d->url) {
        const char *h = strstr(d->url, "://");
        h = h ? h + 3 : d->url;
        size_t n = strcspn(h, "/?#:");
        if (n >= 4 && !strncmp(h, "www.", 4)) h += 4, n -= 4;
        if (n) {
            buf_adds(&s->tmp, "host:");
            for (size_t i = 0; i < n; i++) buf_addc(&s->tmp, (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]));
            return s->tmp.data;
        }
    }
    buf_adds(&s->tmp, "doc:");
    buf_adds(&s->tmp, d->id);
    return s->tmp.data;
}

/* Drops the open batch: rolled back in the database, its figures dropped, and the
 * candidate index reloaded (it had the batch's documents in it). */
static void rollback_batch(store *s)
{
    if (!sqlite3_get_autocommit(s->db)) exec_sql(s->db, "ROLLBACK", NULL, 0);
    int had = s->in_txn && s->pending > 0;
    s->in_txn = 0;
    s->pending = 0;
    memset(&s->batch, 0, sizeof s->batch);
    if (had && s->index) start_index(s, NULL, 0);
}

/* Takes the write lock for a batch. Writers take turns batch by batch (BEGIN
 * IMMEDIATE waits for another writer's batch to commit); holding it, the batch
 * first reads what the others committed into the candidate index, so story
 * clustering sees every document stored before it, whoever stored it. */
static int begin_batch(store *s, char *err, size_t errlen)
{
    if (s->in_txn) return 0;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot begin a transaction: %s", s->path, sqlite3_errmsg(s->db));
        return -1;
    }
    s->in_txn = 1;
    s->pending = 0;
    memset(&s->batch, 0, sizeof s->batch);
    if (s->index && refresh_index(s)) {
        snprintf(err, errlen, "%s: reading the fingerprints of other writers: %s", s->path, sqlite3_errmsg(s->db));
        rollback_batch(s);
        return -1;
    }
    return 0;
}

static void add_stats(store_stats *to, const store_stats *b)
{
    to->added += b->added;
    to->events_new += b->events_new;
    to->mentions += b->mentions;
    to->stories_new += b->stories_new;
    to->joined_story += b->joined_story;
}

int store_commit(store *s, char *err, size_t errlen)
{
    if (!s->in_txn) return 0;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: committing a batch of %d documents: %s (the batch is rolled back; "
                 "a re-run stores them)", s->path, s->pending, sqlite3_errmsg(s->db));
        rollback_batch(s);
        return -1;
    }
    add_stats(&s->stats, &s->batch);
    memset(&s->batch, 0, sizeof s->batch);
    s->in_txn = 0;
    s->pending = 0;
    return 0;
}

void store_rollback(store *s)
{
    if (s->in_txn) rollback_batch(s);
}

/* One event of the document: a mention of an existing event of the story, or a new event. */
static int add_event(store *s, const tocsin_doc *doc, int64_t story, const char *skey, const tocsin_event *ev,
                     int doc_day)
{
    int day;
    char date[11];
    if (date_parse(ev->date, &day) == 0) memcpy(date, ev->date, 11);
    else day = doc_day, date_format(day, date);
    char lo[11], hi[11];
    date_format(day - s->opts.window_days, lo);
    date_format(day + s->opts.window_days, hi);
    const char *src = ev->source.code, *tgt = ev->target.code;
    sqlite3_stmt *st = s->st_find_event;
    sqlite3_bind_int64(st, 1, story);
    sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, src, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, tgt, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, ev->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, date, -1, SQLITE_TRANSIENT);
    int64_t event_id = -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) event_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;

    const char *sentence = ev->text ? ev->text : "";
    size_t sentence_len = ev->text ? ev->text_len : 0;
    int new_article = 1, new_source = 1;
    if (event_id < 0) {
        st = s->st_event;
        sqlite3_bind_int64(st, 1, story);
        sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, src, -1, SQLITE_TRANSIENT);
        bind_text_n(st, 4, ev->source.text, ev->source.text_len);
        sqlite3_bind_text(st, 5, tgt, -1, SQLITE_TRANSIENT);
        bind_text_n(st, 6, ev->target.text, ev->target.text_len);
        sqlite3_bind_text(st, 7, ev->code, -1, SQLITE_TRANSIENT);
        char root[3];
        if (ev->root[0]) memcpy(root, ev->root, 3);
        else root[0] = ev->code[0], root[1] = ev->code[0] ? ev->code[1] : 0, root[2] = 0;
        sqlite3_bind_text(st, 8, root, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 9, ev->quad_class);
        sqlite3_bind_double(st, 10, ev->goldstein);
        bind_text_n(st, 11, ev->verb_text, ev->verb_len);
        sqlite3_bind_text(st, 12, sentence, (int)sentence_len, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 13, doc->id, -1, SQLITE_TRANSIENT);
        if (step_done(st)) return -1;
        event_id = sqlite3_last_insert_rowid(s->db);
        s->batch.events_new++;
    } else {
        sqlite3_bind_int64(s->st_doc_mentioned, 1, event_id);
        sqlite3_bind_text(s->st_doc_mentioned, 2, doc->id, -1, SQLITE_TRANSIENT);
        int e = step_exists(s->st_doc_mentioned);
        if (e < 0) return -1;
        new_article = !e;
        sqlite3_bind_int64(s->st_source_mentioned, 1, event_id);
        sqlite3_bind_text(s->st_source_mentioned, 2, skey, -1, SQLITE_TRANSIENT);
        e = step_exists(s->st_source_mentioned);
        if (e < 0) return -1;
        new_source = !e;
    }
    st = s->st_mention;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_text(st, 2, doc->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, ev->sentence > 0 ? ev->sentence : 1);
    sqlite3_bind_text(st, 4, sentence, (int)sentence_len, SQLITE_TRANSIENT);
    bind_opt(st, 5, tocsin_match_name(ev->source.match));
    bind_opt(st, 6, tocsin_match_name(ev->target.match));
    sqlite3_bind_text(st, 7, doc->date, -1, SQLITE_TRANSIENT);
    if (step_done(st)) return -1;
    if (sqlite3_changes(s->db) == 0) return 0; /* the same event twice in one sentence: one mention */
    s->batch.mentions++;
    st = s->st_count;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int(st, 2, new_article);
    sqlite3_bind_int(st, 3, new_source);
    return step_done(st);
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int store_add_doc(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
                         size_t nevents, char *err, size_t errlen);

int store_has_doc(store *s, const tocsin_doc *doc)
{
    if (!doc->id) return 0;
    char hash[17];
    content_hash(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, hash);
    sqlite3_bind_text(s->st_exists, 1, doc->id, -1, SQLITE_TRANSIENT);
    int same = 0;
    if (sqlite3_step(s->st_exists) == SQLITE_ROW) {
        const char *old = (const char *)sqlite3_column_text(s->st_exists, 0);
        same = old && !strcmp(old, hash);
    }
    sqlite3_reset(s->st_exists);
    return same;
}

int store_add(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
              size_t nevents, char *err, size_t errlen)
{
    double t0 = thread_cpu();
    int rc = store_add_doc(s, doc, nsentences, events, nevents, err, errlen);
    s->stats.store_cpu += thread_cpu() - t0;
    return rc;
}

static int store_add_doc(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
                         size_t nevents, char *err, size_t errlen)
{
    if (s->opts.readonly) {
        snprintf(err, errlen, "the store is open read-only");
        return -1;
    }
    if (!doc->id || !*doc->id) {
        snprintf(err, errlen, "a document without an id cannot be stored");
        return -1;
    }
    int day;
    if (!doc->date || date_parse(doc->date, &day) != 0) {
        snprintf(err, errlen, "%s: bad or missing date '%s' (want YYYY-MM-DD)", doc->id,
                 doc->date ? doc->date : "");
        return -1;
    }
    if (begin_batch(s, err, errlen)) return -2;
    const char *text = doc->text ? doc->text : "";
    size_t text_len = doc->text ? doc->text_len : 0;
    char hash[17];
    content_hash(text, text_len, hash);
    sqlite3_bind_text(s->st_exists, 1, doc->id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s->st_exists);
    if (rc == SQLITE_ROW) {
        /* already stored: the same document again is a no-op; another text under
         * the same id is an error in the input, reported, and the first one kept */
        const char *old = (const char *)sqlite3_column_text(s->st_exists, 0);
        int same = old && !strcmp(old, hash);
        sqlite3_reset(s->st_exists);
        s->stats.skipped++;
        if (same) return 0;
        snprintf(err, errlen, "%s: another document with this id and a different text is already stored; "
                 "this one is not stored", doc->id);
        return -1;
    }
    sqlite3_reset(s->st_exists);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s: %s (looking up document %s)", s->path, sqlite3_errmsg(s->db), doc->id);
        rollback_batch(s);
        return -2;
    }
    if (sqlite3_exec(s->db, "SAVEPOINT doc", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s (storing document %s)", s->path, sqlite3_errmsg(s->db), doc->id);
        rollback_batch(s);
        return -2;
    }

    dedup_fp fp;
    int64_t story = -1;
    if (s->index) {
        double t0 = thread_cpu();
        dedup_fingerprint(&s->scratch, text, text_len, &fp);
        story = dedup_index_match(s->index, &fp, day, NULL);
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    const char *what = "storing the story";
    if (story < 0) {
        sqlite3_bind_text(s->st_story_new, 1, doc->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->st_story_new, 2, doc->date, -1, SQLITE_TRANSIENT);
        if (step_done(s->st_story_new)) goto fail;
        story = sqlite3_last_insert_rowid(s->db);
        s->batch.stories_new++;
    } else {
        sqlite3_bind_int64(s->st_story_join, 1, story);
        sqlite3_bind_text(s->st_story_join, 2, doc->date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->st_story_join, 3, doc->id, -1, SQLITE_TRANSIENT);
        if (step_done(s->st_story_join)) goto fail;
        s->batch.joined_story++;
    }

    what = "storing the document";
    char now[21];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_stmt *st = s->st_doc;
    sqlite3_bind_text(st, 1, doc->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, doc->date, -1, SQLITE_TRANSIENT);
    bind_opt(st, 3, doc->source);
    bind_opt(st, 4, doc->url);
    bind_opt(st, 5, doc->title);
    sqlite3_bind_text(st, 6, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, story);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)nsentences);
    sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
    if (step_done(st)) goto fail;
    sqlite3_int64 doc_rowid = sqlite3_last_insert_rowid(s->db);

    const char *skey = source_key(s, doc);
    st = s->st_extra;
    sqlite3_bind_text(st, 1, doc->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)utf8_chars(text, text_len));
    sqlite3_bind_text(st, 3, skey, -1, SQLITE_TRANSIENT);
    if (step_done(st)) goto fail;

    if (s->index) {
        unsigned char blob[DEDUP_FP_BYTES];
        dedup_fp_encode(&fp, blob);
        st = s->st_fp;
        sqlite3_bind_int64(st, 1, doc_rowid);
        sqlite3_bind_int(st, 2, day);
        sqlite3_bind_int64(st, 3, story);
        sqlite3_bind_blob(st, 4, blob, sizeof blob, SQLITE_TRANSIENT);
        if (step_done(st)) goto fail;
    }

    what = "storing an event";
    for (size_t i = 0; i < nevents; i++)
        if (add_event(s, doc, story, skey, events[i], day)) goto fail;

    what = "storing the document";
    if (sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL) != SQLITE_OK) goto fail;
    if (s->index) {
        double t0 = thread_cpu();
        dedup_index_add(s->index, &fp, day, story);
        s->fp_seen = doc_rowid;
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    s->batch.added++;
    if (++s->pending >= s->opts.batch_docs) return store_commit(s, err, errlen) ? -2 : 1;
    return 1;

fail:
    if (fatal_code(sqlite3_extended_errcode(s->db))) {
        snprintf(err, errlen, "%s: %s (document %s: %s; the open batch of %d documents is rolled back, a "
                 "re-run stores it)", s->path, sqlite3_errmsg(s->db), doc->id, what, s->pending + 1);
        rollback_batch(s);
        return -2;
    }
    snprintf(err, errlen, "%s: %s: %s", doc->id, what, sqlite3_errmsg(s->db));
    exec_sql(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, 0);
    return -1;
}

int store_finish(store *s, char *err, size_t errlen)
{
    if (store_commit(s, err, errlen)) return -1;
    if (s->opts.readonly) return 0;
    exec_sql(s->db, "PRAGMA optimize", NULL, 0);
    return 0;
}

void store_get_stats(const store *s, store_stats *out) { *out = s->stats; }

void store_close(store *s)
{
    if (!s) return;
    sqlite3_stmt **sts[] = {&s->st_refresh, &s->st_exists,   &s->st_story_new,       &s->st_story_join,       &s->st_doc,
                            &s->st_extra,    &s->st_fp,              &s->st_find_event,       &s->st_event,
                            &s->st_mention,  &s->st_doc_mentioned,   &s->st_source_mentioned, &s->st_count};
    for (size_t i = 0; i < sizeof sts / sizeof *sts; i++) sqlite3_finalize(*sts[i]);
    if (s->in_txn) exec_sql(s->db, "ROLLBACK", NULL, 0);
    if (s->db) sqlite3_close(s->db);
    dedup_index_free(s->index);
    if (s->scratch_init) dedup_scratch_free(&s->scratch);
    if (s->tmp_init) buf_free(&s->tmp);
    free(s->path);
    free(s);
}
