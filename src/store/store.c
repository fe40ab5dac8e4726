/*
 * store.c — writing coded documents into the event store: batched crash-safe
 * transactions, idempotency by doc_id, story assignment through the dedup index
 * (global across concurrent writers), and merging the events of copies into one
 * event with many mentions. Written once over the backend interface (backend.h):
 * the same code writes SQLite and PostgreSQL. The contract is in store.h; the
 * schema in schema.sql (schema_pg.sql).
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"
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

struct sqlite3 *store_db(store *s) { return s->be == &store_backend_sqlite ? store_conn_sqlite(s->c) : NULL; }

const char *store_backend_name(const store *s) { return s->be->name; }

const store_backend *store_backend_for(const char *target)
{
    if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11)) return &store_backend_pg;
    return &store_backend_sqlite;
}

/* ---- statements: run to completion, or for one row ---- */

/* Runs a statement for its first row: 1 (columns readable until q_done), 0 no row, -1 error. */
static int q_row(store *s, store_stmt *st, const store_val *v, int n)
{
    if (s->be->run(st, v, n)) return -1;
    return s->be->next(st);
}

static void q_done(store *s, store_stmt *st) { s->be->reset(st); }

static store_stmt *prep(store *s, const char *sql, char *err, size_t errlen, int *failed)
{
    if (*failed) return NULL;
    store_stmt *st = s->be->prepare(s->c, sql);
    if (!st) {
        snprintf(err, errlen, "%s: preparing a statement: %s", s->path, s->be->errmsg(s->c));
        *failed = 1;
    }
    return st;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double thread_cpu(void);

/* ---- the candidate index and other writers ---- */

static void add_fingerprint_row(store *s, store_stmt *st)
{
    dedup_fp fp;
    size_t n;
    const void *blob = s->be->col_blob(st, 0, &n);
    if (!blob || store_dedup_fp_decode(blob, n, &fp) != 0) return; /* unreadable: that doc is just not a candidate */
    store_dedup_index_add(s->index, &fp, (int)s->be->col_int(st, 1), s->be->col_int(st, 2));
}

/* Fills the candidate index from doc_fingerprints: the most recent documents,
 * oldest first so eviction order is by age; and remembers the highest row, so
 * that refresh_index reads only what other writers commit later. The window's
 * oldest (day, row) is found on the day index alone (no blobs read), then its rows
 * are read in the index's order: no sort of up to window_docs fingerprints of
 * 1 KB each (the one query with a subquery in reverse order sorted them all, most
 * of the cost of opening a store for a small ingest). */
static int load_fingerprints(store *s, char *err, size_t errlen)
{
    const store_backend *be = s->be;
    store_stmt *st = NULL, *mx = NULL, *from = NULL;
    int rc = -1;
    /* The last fingerprint first, then the window up to it: PostgreSQL's default
     * isolation gives each statement its own snapshot, so rows another writer
     * commits between the queries are left for refresh_index to read, never
     * skipped (it reads what is past fp_seen). */
    if (be->exec(s->c, "BEGIN") == 0) {
        mx = be->prepare(s->c, "SELECT coalesce(max(doc_rowid), 0) FROM doc_fingerprints");
        from = mx ? be->prepare(s->c, "SELECT day, doc_rowid FROM doc_fingerprints WHERE doc_rowid <= ?2 "
                                      "ORDER BY day DESC, doc_rowid DESC LIMIT 1 OFFSET ?1") : NULL;
        st = from ? be->prepare(s->c, "SELECT fp, day, story_id FROM doc_fingerprints WHERE doc_rowid <= ?3 "
                                      "AND day >= ?1 AND (day > ?1 OR doc_rowid >= ?2) ORDER BY day, doc_rowid")
                  : NULL;
        if (st && q_row(s, mx, NULL, 0) == 1) {
            s->fp_seen = be->col_int(mx, 0);
            q_done(s, mx);
            store_dedup_index_reserve(s->index, (size_t)s->fp_seen); /* row ids: at least the rows */
            store_val a[2] = {sv_int((int64_t)s->opts.window_docs - 1), sv_int(s->fp_seen)};
            store_val w[3] = {sv_int(INT32_MIN), sv_int(0), sv_int(s->fp_seen)}; /* fewer rows: all of them */
            int f = q_row(s, from, a, 2);
            if (f == 1) w[0] = sv_int(be->col_int(from, 0)), w[1] = sv_int(be->col_int(from, 1));
            if (f >= 0) q_done(s, from);
            if (f >= 0 && be->run(st, w, 3) == 0)
                while ((rc = be->next(st)) == 1) add_fingerprint_row(s, st);
        }
    }
    if (rc && err) snprintf(err, errlen, "%s: reading fingerprints: %s", s->path, be->errmsg(s->c));
    be->finalize(st);
    be->finalize(from);
    be->finalize(mx);
    be->exec(s->c, "COMMIT");
    return rc;
}

/* Reads into the candidate index the fingerprints other writers committed since
 * this one last looked. Called holding the write lock, so nothing can be committed
 * meanwhile: the batch clusters against everything stored before it. */
static int refresh_index(store *s)
{
    double t0 = wall_now();
    store_val v = sv_int(s->fp_seen);
    if (s->be->run(s->st_refresh, &v, 1)) return -1;
    int rc;
    while ((rc = s->be->next(s->st_refresh)) == 1) {
        add_fingerprint_row(s, s->st_refresh);
        s->fp_seen = s->be->col_int(s->st_refresh, 3);
        s->stats.refreshed++;
    }
    s->stats.refresh_secs += wall_now() - t0;
    return rc;
}

static int start_index(store *s, char *err, size_t errlen)
{
    store_dedup_index_free(s->index);
    s->index = store_dedup_index_new(s->opts.window_docs, s->opts.window_days);
    s->fp_seen = 0;
    return load_fingerprints(s, err, errlen);
}

/* ---- opening ---- */

#define STORE_EVENT_COLS                                                                               \
    "event_id, story_id, date, source_code, source_text, target_code, target_text, code, root, quad_class, " \
    "goldstein, verb_text, sentence, first_doc, n_mentions, n_sources, n_articles"
/* A writer that finds the write lock taken when its batch is full tries again
 * every 1/STORE_TRY_EVERY of a batch, and waits for it at STORE_QUEUE_MAX batches
 * queued (store_add). */
#define STORE_TRY_EVERY 50
#define STORE_QUEUE_MAX 4
/* The most documents one query asks about (store_prefetch_stored). */
#define STORE_LOOKUP 100

/* The bulk rows (backend.h: COPY at commit for PostgreSQL), parents first. */
static int prepare_bulk(store *s, char *err, size_t errlen)
{
    static const struct { const char *table, *cols, *sql; } t[] = {
        {"stories", "story_id, first_doc, first_date, n_documents",
         "INSERT INTO stories(story_id, first_doc, first_date, n_documents) VALUES (?1, ?2, ?3, ?4)"},
        {"documents", "rowid, doc_id, date, source, url, title, hash, story_id, n_sentences, ingested_at",
         "INSERT INTO documents(rowid, doc_id, date, source, url, title, hash, story_id, n_sentences, ingested_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
        {"doc_extra", "doc_id, text_len, source_key", "INSERT INTO doc_extra(doc_id, text_len, source_key) VALUES (?1, ?2, ?3)"},
        {"doc_fingerprints", "doc_rowid, day, story_id, fp",
         "INSERT INTO doc_fingerprints(doc_rowid, day, story_id, fp) VALUES (?1, ?2, ?3, ?4)"},
        {"events", STORE_EVENT_COLS,
         "INSERT INTO events(" STORE_EVENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
         "?14, ?15, ?16, ?17)"},
        {"mentions", "event_id, doc_id, sentence_no, sentence, source_match, target_match, date",
         "INSERT INTO mentions(event_id, doc_id, sentence_no, sentence, source_match, target_match, date) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING"},
        {"mention_confidence", "event_id, doc_id, sentence_no, confidence",
         "INSERT INTO mention_confidence(event_id, doc_id, sentence_no, confidence) VALUES (?1, ?2, ?3, ?4) "
         "ON CONFLICT DO NOTHING"},
        {"event_geo", STORE_GEO_COLS, STORE_GEO_SQL},   /* event_geo (store_geo.c) */
        {"tocsin_joins", "story_id, n, first_doc, first_date",
         "INSERT INTO tocsin_joins(story_id, n, first_doc, first_date) VALUES (?1, ?2, ?3, ?4)"},
        {"tocsin_counts", "event_id, m, a, s", "INSERT INTO tocsin_counts(event_id, m, a, s) VALUES (?1, ?2, ?3, ?4)"},
    };
    store_bulk **to[] = {&s->b_story, &s->b_doc,  &s->b_extra, &s->b_fp,    &s->b_event,
                         &s->b_mention, &s->b_conf, &s->b_geo, &s->b_joins, &s->b_counts};
    /* the joins and counts of a batch, applied at commit (apply_updates) */
    if (s->be->exec(s->c, "CREATE TEMP TABLE IF NOT EXISTS tocsin_joins (story_id BIGINT, n INTEGER, first_doc TEXT, "
                          "first_date TEXT); CREATE TEMP TABLE IF NOT EXISTS tocsin_counts (event_id BIGINT, "
                          "m INTEGER, a INTEGER, s INTEGER)")) {
        snprintf(err, errlen, "%s: creating the batch's temporary tables: %s", s->path, s->be->errmsg(s->c));
        return 1;
    }
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!(*to[i] = s->be->bulk_new(s->c, t[i].table, t[i].cols, t[i].sql))) {
            snprintf(err, errlen, "%s: preparing a statement: %s", s->path, s->be->errmsg(s->c));
            return 1;
        }
    return 0;
}

static int prepare_writer(store *s, char *err, size_t errlen)
{
    int f = 0;
    s->st_exists = prep(s, "SELECT hash FROM documents WHERE doc_id = ?1", err, errlen, &f);
    {
        buf q;
        util_buf_init(&q);
        util_buf_adds(&q, "SELECT doc_id, hash FROM documents WHERE doc_id IN (?1");
        for (int i = 2; i <= STORE_LOOKUP; i++) util_buf_printf(&q, ", ?%d", i);
        util_buf_adds(&q, ")");
        s->st_stored = prep(s, q.data, err, errlen, &f);
        util_buf_free(&q);
    }
    s->st_refresh = prep(s, "SELECT fp, day, story_id, doc_rowid FROM doc_fingerprints WHERE doc_rowid > ?1 "
                            "ORDER BY doc_rowid", err, errlen, &f);
    s->st_max_ids = prep(s, "SELECT (SELECT coalesce(max(story_id), 0) FROM stories), (SELECT "
                            "coalesce(max(event_id), 0) FROM events), (SELECT coalesce(max(rowid), 0) FROM documents)",
                         err, errlen, &f);
    /* the nearest in date is chosen in C (add_event): no date arithmetic in SQL */
    s->st_find_event = prep(s, "SELECT event_id, date FROM events WHERE story_id = ?1 AND date BETWEEN ?2 AND ?3 "
                               "AND source_code = ?4 AND target_code = ?5 AND code = ?6 ORDER BY event_id",
                            err, errlen, &f);
    s->st_source_mentioned = prep(s, "SELECT 1 FROM mentions m JOIN doc_extra x ON x.doc_id = m.doc_id "
                                     "WHERE m.event_id = ?1 AND x.source_key = ?2 LIMIT 1", err, errlen, &f);
    if (!f) f = prepare_bulk(s, err, errlen);
    return f ? -1 : 0;
}

store *store_open(const char *path, const store_opts *o, char *err, size_t errlen)
{
    store *s = util_xcalloc(1, sizeof *s);
    s->path = util_xstrdup(path);
    s->be = store_backend_for(path);
    if (o) s->opts = *o;
    else store_opts_default(&s->opts);
    if (s->opts.batch_docs < 1) s->opts.batch_docs = 1;
    if (s->opts.window_docs < 1) s->opts.window_docs = 1;
    if (s->opts.window_days < 0) s->opts.window_days = 0;
    s->c = s->be->open(path, s->opts.readonly, err, errlen);
    if (!s->c || s->opts.readonly) {
        if (!s->c) {
            store_close(s);
            return NULL;
        }
        return s;
    }
    if (prepare_writer(s, err, errlen)) {
        store_close(s);
        return NULL;
    }
    /* an empty store has nothing to skip: store_has_doc need not ask (a round trip per
     * document); documents another writer stores meanwhile are found when written */
    store_stmt *any = s->be->prepare(s->c, "SELECT doc_id FROM documents LIMIT 1");
    s->had_docs = !any || q_row(s, any, NULL, 0) != 0;
    if (any) q_done(s, any);
    s->be->finalize(any);
    if (s->opts.dedup) {
        store_dedup_scratch_init(&s->scratch);
        s->scratch_init = 1;
        if (start_index(s, err, errlen)) {
            store_close(s);
            return NULL;
        }
    }
    util_buf_init(&s->tmp);
    s->tmp_init = 1;
    return s;
}

/* ---- what the open batch stored (its bulk rows are not in the database yet) ---- */

static uint64_t fnv(const char *t, uint64_t h)
{
    for (; *t; t++) h = (h ^ (unsigned char)*t) * 1099511628211ULL;
    return h;
}

static void batch_doc_add(store *s, const char *id, const char *hash)
{
    if (s->nbdocs == s->capbdocs) {
        s->capbdocs = s->capbdocs ? 2 * s->capbdocs : 64;
        s->bdocs = util_xrealloc(s->bdocs, s->capbdocs * sizeof *s->bdocs);
    }
    struct store_batch_doc *d = &s->bdocs[s->nbdocs++];
    d->id = util_xstrdup(id);
    memcpy(d->hash, hash, 17);
}

/* The hash under which the open batch stored document id, or NULL. */
static const char *batch_doc_hash(const store *s, const char *id)
{
    for (size_t i = 0; i < s->nbdocs; i++)
        if (!strcmp(s->bdocs[i].id, id)) return s->bdocs[i].hash;
    return NULL;
}

/* The key of an event's match: source, target and event code. */
static char *event_key(const tocsin_event *ev)
{
    buf k;
    util_buf_init(&k);
    util_buf_printf(&k, "%s\t%s\t%s", ev->source.code, ev->target.code, ev->code);
    return k.data;
}

/* A new event of the batch, its first mention counted. */
static void batch_event_add(store *s, int64_t event_id, int64_t story, int day, const char *date,
                            const tocsin_event *ev, const char *first_doc)
{
    if (s->nbevents == s->capbevents) {
        s->capbevents = s->capbevents ? 2 * s->capbevents : 256;
        s->bevents = util_xrealloc(s->bevents, s->capbevents * sizeof *s->bevents);
    }
    struct store_batch_event *e = &s->bevents[s->nbevents++];
    *e = (struct store_batch_event){.event_id = event_id, .story = story, .day = day, .n_mentions = 1,
                                    .n_sources = 1, .n_articles = 1, .key = event_key(ev), .ev = ev,
                                    .first_doc = first_doc};
    memcpy(e->date, date, 11);
    if (ev->root[0]) memcpy(e->root, ev->root, 3);
    else e->root[0] = ev->code[0], e->root[1] = ev->code[0] ? ev->code[1] : 0, e->root[2] = 0;
}

/* A new story of the batch. */
static void batch_story_add(store *s, int64_t id, const char *first_doc, const char *first_date)
{
    if (s->nbstories == s->capbstories) {
        s->capbstories = s->capbstories ? 2 * s->capbstories : 256;
        s->bstories = util_xrealloc(s->bstories, s->capbstories * sizeof *s->bstories);
    }
    s->bstories[s->nbstories++] = (struct store_batch_story){id, first_doc, first_date, 1};
}

static void batch_msrc_add(store *s, int64_t event_id, const char *skey)
{
    if (s->nbmsrc == s->capbmsrc) {
        s->capbmsrc = s->capbmsrc ? 2 * s->capbmsrc : 256;
        s->bmsrc = util_xrealloc(s->bmsrc, s->capbmsrc * sizeof *s->bmsrc);
    }
    s->bmsrc[s->nbmsrc++] = (struct store_batch_msrc){event_id, fnv(skey, (uint64_t)event_id), util_xstrdup(skey)};
}

/* 1 when the open batch stored a mention of event_id from a document of source skey. */
static int batch_msrc_has(const store *s, int64_t event_id, const char *skey)
{
    uint64_t h = fnv(skey, (uint64_t)event_id);
    for (size_t i = 0; i < s->nbmsrc; i++)
        if (s->bmsrc[i].h == h && s->bmsrc[i].event_id == event_id && !strcmp(s->bmsrc[i].skey, skey)) return 1;
    return 0;
}

/* Forgets what the batch stored (after its commit or rollback). */
static void batch_forget(store *s)
{
    while (s->nbdocs) free(s->bdocs[--s->nbdocs].id);
    while (s->nbevents) free(s->bevents[--s->nbevents].key);
    while (s->nbmsrc) free(s->bmsrc[--s->nbmsrc].skey);
    s->nbstories = s->nbjoins = s->nbcounts = 0;
}

/* The bulk rows in the order they are flushed (parents first; a new event's
 * mention confidence before the event: the aggregate triggers of a new event read
 * it, schema.sql 'watch_confidence'). */
#define STORE_NBULK 10
static void bulks(store *s, store_bulk *out[STORE_NBULK])
{
    store_bulk *b[STORE_NBULK] = {s->b_story,   s->b_doc,     s->b_extra, s->b_fp,    s->b_conf,
                                  s->b_event,   s->b_mention, s->b_geo,   s->b_joins, s->b_counts};
    memcpy(out, b, sizeof b);
}

/* The batch's stories and events, kept and counted in memory, as bulk rows. 0, or
 * -1 for a value the database would refuse. */
static int batch_rows(store *s)
{
    for (size_t i = 0; i < s->nbstories; i++) {
        const struct store_batch_story *t = &s->bstories[i];
        store_val v[] = {sv_int(t->id), sv_text(t->first_doc), sv_text(t->first_date), sv_int(t->n)};
        if (s->be->bulk_add(s->b_story, v, 4)) return -1;
    }
    for (size_t i = 0; i < s->nbevents; i++) {
        const struct store_batch_event *e = &s->bevents[i];
        const tocsin_event *ev = e->ev;
        store_val v[] = {sv_int(e->event_id),
                         sv_int(e->story),
                         sv_text(e->date),
                         sv_text(ev->source.code),
                         sv_textn(ev->source.text, ev->source.text_len),
                         sv_text(ev->target.code),
                         sv_textn(ev->target.text, ev->target.text_len),
                         sv_text(ev->code),
                         sv_text(e->root),
                         sv_int(ev->quad_class),
                         sv_real(ev->goldstein),
                         sv_textn(ev->verb_text, ev->verb_len),
                         sv_textn(ev->text ? ev->text : "", ev->text ? ev->text_len : 0),
                         sv_text(e->first_doc),
                         sv_int(e->n_mentions),
                         sv_int(e->n_sources),
                         sv_int(e->n_articles)};
        if (s->be->bulk_add(s->b_event, v, 17)) return -1;
    }
    for (size_t i = 0; i < s->nbjoins; i++) {
        const struct store_join *j = &s->bjoins[i];
        store_val v[] = {sv_int(j->story), sv_int(j->n), sv_text(j->first_doc), sv_text(j->first_date)};
        if (s->be->bulk_add(s->b_joins, v, 4)) return -1;
    }
    for (size_t i = 0; i < s->nbcounts; i++) {
        const struct store_count *c = &s->bcounts[i];
        store_val v[] = {sv_int(c->event_id), sv_int(c->m), sv_int(c->a), sv_int(c->s)};
        if (s->be->bulk_add(s->b_counts, v, 4)) return -1;
    }
    return 0;
}

/* The batch's joins of earlier stories and mentions of earlier events, one UPDATE
 * each (the same result as one UPDATE per document: sums commute, and a story's
 * first document is the earliest, the first seen on a tie). 0, or -1. */
static int apply_updates(store *s)
{
    return s->be->exec(s->c,
                       "UPDATE stories SET n_documents = stories.n_documents + j.n, "
                       "first_doc = CASE WHEN j.first_date < stories.first_date THEN j.first_doc ELSE stories.first_doc END, "
                       "first_date = CASE WHEN j.first_date < stories.first_date THEN j.first_date ELSE stories.first_date END "
                       "FROM tocsin_joins AS j WHERE stories.story_id = j.story_id; "
                       "UPDATE events SET n_mentions = events.n_mentions + c.m, n_articles = events.n_articles + c.a, "
                       "n_sources = events.n_sources + c.s FROM tocsin_counts AS c WHERE events.event_id = c.event_id; "
                       "DELETE FROM tocsin_joins; DELETE FROM tocsin_counts");
}

/* Drops the batch's bulk rows. */
static void batch_drop(store *s)
{
    store_bulk *b[STORE_NBULK];
    bulks(s, b);
    for (int i = 0; i < STORE_NBULK; i++)
        if (b[i]) s->be->bulk_truncate(b[i], 0);
}

/* ---- batches ---- */

static int write_queue(store *s, int wait, char *err, size_t errlen);
static void queue_drop(store *s);
static int commit_batch(store *s, char *err, size_t errlen);

/* Drops the open batch: rolled back in the database, its figures dropped, and the
 * candidate index reloaded (it had the batch's documents in it). */
static void rollback_batch(store *s)
{
    s->be->exec(s->c, "ROLLBACK");
    if (s->in_txn) {
        s->stats.lock_held += wall_now() - s->lock_t0;
        s->stats.lock_cpu += thread_cpu() - s->lock_cpu0;
    }
    batch_drop(s);
    batch_forget(s);
    int had = s->in_txn && s->pending > 0;
    s->in_txn = 0;
    s->pending = 0;
    memset(&s->batch, 0, sizeof s->batch);
    if (had && s->index) start_index(s, NULL, 0);
}

/* Takes the write lock for a batch (backend.h: begin_write). Writers take turns
 * batch by batch; holding the lock, the batch first reads what the others
 * committed into the candidate index, so story clustering sees every document
 * stored before it, whoever stored it. */
static int begin_batch(store *s, int wait, char *err, size_t errlen)
{
    if (s->in_txn) return 0;
    /* What the others committed so far is read before the lock is taken, so that
     * under it only what they commit meanwhile is left to read (rows come in commit
     * order: a reader sees every commit up to some point). A failure here is found
     * again, and reported, by the read under the lock. */
    if (s->index) (void)refresh_index(s);
    double t0 = wall_now();
    int rc = wait ? s->be->begin_write(s->c) : s->be->try_begin_write(s->c);
    s->stats.lock_wait += wall_now() - t0;
    if (rc == 1) return 1; /* another writer holds the lock (try_begin_write) */
    if (rc) {
        snprintf(err, errlen, "%s: cannot begin a transaction: %s", s->path, s->be->errmsg(s->c));
        s->be->exec(s->c, "ROLLBACK");
        return -1;
    }
    s->in_txn = 1;
    s->lock_t0 = wall_now();
    s->lock_cpu0 = thread_cpu();
    s->pending = 0;
    memset(&s->batch, 0, sizeof s->batch);
    if (s->index && refresh_index(s)) {
        snprintf(err, errlen, "%s: reading the fingerprints of other writers: %s", s->path, s->be->errmsg(s->c));
        rollback_batch(s);
        return -1;
    }
    if (q_row(s, s->st_max_ids, NULL, 0) != 1) {
        snprintf(err, errlen, "%s: reading the last ids: %s", s->path, s->be->errmsg(s->c));
        rollback_batch(s);
        return -1;
    }
    s->next_story = s->be->col_int(s->st_max_ids, 0) + 1;
    s->next_event = s->be->col_int(s->st_max_ids, 1) + 1;
    s->next_rowid = s->be->col_int(s->st_max_ids, 2) + 1;
    q_done(s, s->st_max_ids);
    batch_forget(s);
    s->batch_story0 = s->next_story;
    s->batch_event0 = s->next_event;
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

/* Writes the queue as one batch and commits it. wait 0: only if the write lock is
 * free now; 1 (the queue kept) when another writer holds it. 0 ok, -1 error. */
static int commit_queue(store *s, int wait, char *err, size_t errlen)
{
    int rc = write_queue(s, wait, err, errlen);
    if (rc) return rc;
    rc = commit_batch(s, err, errlen);
    queue_drop(s);
    return rc;
}

int store_commit(store *s, char *err, size_t errlen) { return commit_queue(s, 1, err, errlen); }

/* Loads the batch's bulk rows and commits. 0, or -1 (err; the batch rolled back). */
static int commit_batch(store *s, char *err, size_t errlen)
{
    if (!s->in_txn) return 0;
    store_bulk *b[STORE_NBULK];
    bulks(s, b);
    int failed = batch_rows(s);
    for (int i = 0; i < STORE_NBULK && !failed; i++) failed = s->be->bulk_flush(b[i]) != 0;
    if (!failed) failed = apply_updates(s);
    if (failed || s->be->exec(s->c, "COMMIT")) {
        snprintf(err, errlen, "%s: %s (committing the batch of %d documents %s ... %s; it is rolled back, "
                 "a re-run stores it)", s->path, s->be->errmsg(s->c), s->pending,
                 s->batch_first ? s->batch_first : "", s->batch_last ? s->batch_last : "");
        rollback_batch(s);
        return -1;
    }
    s->stats.lock_held += wall_now() - s->lock_t0;
    s->stats.lock_cpu += thread_cpu() - s->lock_cpu0;
    add_stats(&s->stats, &s->batch);
    memset(&s->batch, 0, sizeof s->batch);
    batch_forget(s);
    s->in_txn = 0;
    s->pending = 0;
    return 0;
}

void store_rollback(store *s)
{
    queue_drop(s);
    if (s->in_txn) rollback_batch(s);
}

/* ---- helpers ---- */

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
    util_buf_clear(&s->tmp);
    if (d->source && *d->source) {
        for (const char *p = d->source; *p; p++)
            util_buf_addc(&s->tmp, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
        return s->tmp.data;
    }
    if (d->url && *d->url) {
        const char *h = strstr(d->url, "://");
        h = h ? h + 3 : d->url;
        size_t n = strcspn(h, "/?#:");
        if (n >= 4 && !strncmp(h, "www.", 4)) h += 4, n -= 4;
        if (n) {
            util_buf_adds(&s->tmp, "host:");
            for (size_t i = 0; i < n; i++) util_buf_addc(&s->tmp, (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]));
            return s->tmp.data;
        }
    }
    util_buf_adds(&s->tmp, "doc:");
    util_buf_adds(&s->tmp, d->id);
    return s->tmp.data;
}


static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- one document ---- */

/* The stored event of the story this event is another mention of (same source,
 * target and code, date within the window; the nearest in date, then the oldest),
 * or -1; -2 on a database error. */
/* The nearest (then oldest) event of the batch's memory matching ev in story,
 * within the window of day: its id, or -1; its distance in *gap. */
static int64_t batch_find_event(store *s, int64_t story, const tocsin_event *ev, int day, int *gap_out)
{
    char *key = event_key(ev);
    int64_t best = -1;
    int best_gap = 0;
    for (size_t i = 0; i < s->nbevents; i++) {
        const struct store_batch_event *e = &s->bevents[i];
        if (e->story != story || strcmp(e->key, key)) continue;
        int gap = e->day > day ? e->day - day : day - e->day;
        if (gap > s->opts.window_days) continue;
        if (best < 0 || gap < best_gap) best = e->event_id, best_gap = gap;
    }
    free(key);
    *gap_out = best_gap;
    return best;
}

/* The stored event of the story this event is another mention of (same source,
 * target and code, date within the window; the nearest in date, then the oldest),
 * or -1; -2 on a database error. The batch's own events are in its memory (their
 * ids are above every id in the database); a story of the batch has no others. */
static int64_t find_event(store *s, int64_t story, const tocsin_event *ev, int day)
{
    int mem_gap;
    int64_t mem = batch_find_event(s, story, ev, day, &mem_gap);
    if (story >= s->batch_story0) return mem;
    char lo[11], hi[11];
    util_date_format(day - s->opts.window_days, lo);
    util_date_format(day + s->opts.window_days, hi);
    store_val v[] = {sv_int(story), sv_text(lo), sv_text(hi), sv_text(ev->source.code), sv_text(ev->target.code),
                     sv_text(ev->code)};
    if (s->be->run(s->st_find_event, v, 6)) return -2;
    int64_t best = -1;
    int best_gap = 0, rc;
    while ((rc = s->be->next(s->st_find_event)) == 1) {
        int d;
        const char *date = s->be->col_text(s->st_find_event, 1);
        if (!date || util_date_parse(date, &d) != 0) continue;
        int gap = d > day ? d - day : day - d;
        if (best < 0 || gap < best_gap) best = s->be->col_int(s->st_find_event, 0), best_gap = gap;
    }
    if (rc < 0) return -2;
    return mem >= 0 && (best < 0 || mem_gap < best_gap) ? mem : best;
}

/* 1 when the statement (event id, text parameter) finds a row, 0 when not, -1 on error. */
static int exists2(store *s, store_stmt *st, int64_t id, const char *text)
{
    store_val v[] = {sv_int(id), sv_text(text)};
    int rc = q_row(s, st, v, 2);
    if (rc == 1) q_done(s, st);
    return rc;
}

/* One event of the document: a mention of an existing event of the story, or a new event. */
static int add_event(store *s, const tocsin_doc *doc, int64_t story, const char *skey, const tocsin_event *ev,
                     int doc_day)
{
    int day;
    char date[11];
    if (util_date_parse(ev->date, &day) == 0) memcpy(date, ev->date, 11);
    else day = doc_day, util_date_format(day, date);
    int64_t event_id = find_event(s, story, ev, day);
    if (event_id == -2) return -1;
    const char *sentence = ev->text ? ev->text : "";
    size_t sentence_len = ev->text ? ev->text_len : 0;
    int new_article = 1, new_source = 1, created = event_id < 0;
    int sentence_no = ev->sentence > 0 ? ev->sentence : 1;
    if (created) {
        event_id = s->next_event++;
        s->batch.events_new++;
        batch_event_add(s, event_id, story, day, date, ev, doc->id);
        if (store_put_geo(s, event_id, ev)) return -1;   /* where it happened (src/geo) */
    } else {
        /* the document is new: its own mentions so far say whether it mentioned the event */
        for (size_t i = 0; i < s->ndoc_mentions && new_article; i++)
            if (s->doc_mentions[i].event_id == event_id) new_article = 0;
        /* the batch's own mentions are bulk rows: asked of its memory, the rest of the database */
        int e = batch_msrc_has(s, event_id, skey) ? 1
                : event_id >= s->batch_event0 ? 0 /* an event of the batch: no mention outside it */
                : exists2(s, s->st_source_mentioned, event_id, skey);
        if (e < 0) return -1;
        new_source = !e;
    }
    for (size_t i = 0; i < s->ndoc_mentions; i++)
        if (s->doc_mentions[i].event_id == event_id && s->doc_mentions[i].sentence == sentence_no)
            return 0; /* the same event twice in one sentence: one mention */
    if (s->ndoc_mentions == s->cap_doc_mentions) {
        s->cap_doc_mentions = s->cap_doc_mentions ? 2 * s->cap_doc_mentions : 16;
        s->doc_mentions = util_xrealloc(s->doc_mentions, s->cap_doc_mentions * sizeof *s->doc_mentions);
    }
    s->doc_mentions[s->ndoc_mentions++] = (struct store_mention){event_id, sentence_no};
    store_val m[] = {sv_int(event_id),
                     sv_text(doc->id),
                     sv_int(sentence_no),
                     sv_textn(sentence, sentence_len),
                     sv_opt(tocsin_match_name(ev->source.match)),
                     sv_opt(tocsin_match_name(ev->target.match)),
                     sv_text(doc->date)};
    if (s->be->bulk_add(s->b_mention, m, 7)) return -1;
    store_val mc[] = {sv_int(event_id), sv_text(doc->id), sv_int(sentence_no), sv_int(ev->confidence)};
    if (s->be->bulk_add(s->b_conf, mc, 4)) return -1;
    batch_msrc_add(s, event_id, skey);
    s->batch.mentions++;
    if (created) return 0; /* counted when it was made */
    if (event_id >= s->batch_event0) { /* an event of the batch: counted in memory */
        struct store_batch_event *e = &s->bevents[event_id - s->batch_event0];
        e->n_mentions++, e->n_articles += new_article, e->n_sources += new_source;
        return 0;
    }
    /* an event of an earlier batch: counted at commit (tocsin_counts) */
    for (size_t i = 0; i < s->nbcounts; i++)
        if (s->bcounts[i].event_id == event_id) {
            s->bcounts[i].m++, s->bcounts[i].a += new_article, s->bcounts[i].s += new_source;
            return 0;
        }
    if (s->nbcounts == s->capbcounts) {
        s->capbcounts = s->capbcounts ? 2 * s->capbcounts : 64;
        s->bcounts = util_xrealloc(s->bcounts, s->capbcounts * sizeof *s->bcounts);
    }
    s->bcounts[s->nbcounts++] = (struct store_count){event_id, 1, new_article, new_source};
    return 0;
}

int store_has_doc(store *s, const tocsin_doc *doc)
{
    if (!doc->id || !s->st_exists) return 0;
    char hash[17];
    content_hash(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, hash);
    const char *in_batch = s->in_txn ? batch_doc_hash(s, doc->id) : NULL;
    if (in_batch) return !strcmp(in_batch, hash);
    for (size_t i = 0; i < s->nqueue; i++) /* queued, not yet written: written first, then this one skipped */
        if (!strcmp(s->queue[i].doc.id, doc->id)) return !strcmp(s->queue[i].hash, hash);
    if (!s->had_docs) return 0;
    store_val v = sv_text(doc->id);
    int same = 0;
    int rc = q_row(s, s->st_exists, &v, 1);
    if (rc == 1) {
        const char *old = s->be->col_text(s->st_exists, 0);
        same = old && !strcmp(old, hash);
        q_done(s, s->st_exists);
    }
    return same;
}

/* The document's story: the story of its best copy among indexed documents (fp,
 * its fingerprint, NULL when not clustering), or a new one, in *story. 0 ok, -1 error. */
static int assign_story(store *s, const tocsin_doc *doc, int day, const dedup_fp *fp, int64_t *story)
{
    *story = -1;
    if (s->index && fp) {
        double t0 = thread_cpu();
        *story = store_dedup_index_match(s->index, fp, day, NULL);
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    if (*story < 0) {
        batch_story_add(s, s->next_story, doc->id, doc->date);
        *story = s->next_story++;
        s->batch.stories_new++;
        return 0;
    }
    s->batch.joined_story++;
    if (*story >= s->batch_story0) { /* a story of the batch: in memory */
        struct store_batch_story *t = &s->bstories[*story - s->batch_story0];
        if (strcmp(doc->date, t->first_date) < 0) t->first_doc = doc->id, t->first_date = doc->date;
        t->n++;
        return 0;
    }
    /* a story of an earlier batch: joined at commit (tocsin_joins) */
    for (size_t i = 0; i < s->nbjoins; i++)
        if (s->bjoins[i].story == *story) {
            struct store_join *j = &s->bjoins[i];
            if (strcmp(doc->date, j->first_date) < 0) j->first_doc = doc->id, j->first_date = doc->date;
            j->n++;
            return 0;
        }
    if (s->nbjoins == s->capbjoins) {
        s->capbjoins = s->capbjoins ? 2 * s->capbjoins : 64;
        s->bjoins = util_xrealloc(s->bjoins, s->capbjoins * sizeof *s->bjoins);
    }
    s->bjoins[s->nbjoins++] = (struct store_join){*story, 1, doc->id, doc->date};
    return 0;
}

/* The document's rows: documents, doc_extra, doc_fingerprints. 0 ok, -1 error. */
static int doc_rows(store *s, const tocsin_doc *doc, size_t nsentences, const char *hash, size_t text_chars,
                    const char *skey, int64_t story, int day, const dedup_fp *fp, int64_t *rowid)
{
    char now[21];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *rowid = s->next_rowid++;
    store_val d[] = {sv_int(*rowid), sv_text(doc->id), sv_text(doc->date), sv_opt(doc->source), sv_opt(doc->url),
                     sv_opt(doc->title), sv_text(hash), sv_int(story), sv_int((int64_t)nsentences), sv_text(now)};
    if (s->be->bulk_add(s->b_doc, d, 10)) return -1;
    store_val x[] = {sv_text(doc->id), sv_int((int64_t)text_chars), sv_text(skey)};
    if (s->be->bulk_add(s->b_extra, x, 3)) return -1;
    if (!s->index) return 0;
    unsigned char blob[DEDUP_FP_BYTES];
    store_dedup_fp_encode(fp, blob);
    store_val f[] = {sv_int(*rowid), sv_int(day), sv_int(story), sv_blob(blob, sizeof blob)};
    return s->be->bulk_add(s->b_fp, f, 4);
}

/* Is this document stored already? 1 the same one (skip), 0 no, -1 another text
 * under its id (err), -2 database error (err). */
static int already_stored(store *s, const tocsin_doc *doc, const char *hash, char *err, size_t errlen)
{
    /* stored by this batch (a bulk row), else found by store_prefetch_stored */
    const char *old = batch_doc_hash(s, doc->id);
    for (size_t i = 0; !old && i < s->nstored; i++)
        if (!strcmp(s->stored[i].id, doc->id)) old = s->stored[i].hash;
    if (!old) return 0;
    /* the same document again is a no-op; another text under the same id is an
     * error in the input, reported, and the first one kept */
    s->stats.skipped++;
    if (!strcmp(old, hash)) return 1;
    snprintf(err, errlen, "%s: another document with this id and a different text is already stored; "
             "this one is not stored", doc->id);
    return -1;
}

/* Which of the queued documents the database holds already (the write lock held:
 * nobody adds any meanwhile), STORE_LOOKUP ids a query, into s->stored. 0, or -1. */
static int prefetch_stored(store *s)
{
    for (size_t i = 0; i < s->nstored; i++) free(s->stored[i].id);
    s->nstored = 0;
    for (size_t at = 0; at < s->nqueue; at += STORE_LOOKUP) {
        store_val v[STORE_LOOKUP];
        for (size_t k = 0; k < STORE_LOOKUP; k++)
            v[k] = at + k < s->nqueue ? sv_text(s->queue[at + k].doc.id) : (store_val){.t = SV_NULL};
        if (s->be->run(s->st_stored, v, STORE_LOOKUP)) return -1;
        int rc;
        while ((rc = s->be->next(s->st_stored)) == 1) {
            const char *id = s->be->col_text(s->st_stored, 0), *h = s->be->col_text(s->st_stored, 1);
            if (s->nstored == s->capstored) {
                s->capstored = s->capstored ? 2 * s->capstored : 64;
                s->stored = util_xrealloc(s->stored, s->capstored * sizeof *s->stored);
            }
            struct store_batch_doc *d = &s->stored[s->nstored++];
            d->id = util_xstrdup(id ? id : "");
            snprintf(d->hash, sizeof d->hash, "%s", h ? h : "");
        }
        if (rc < 0) return -1;
    }
    return 0;
}

/* Writes one queued document (the write lock held, the batch open): its story,
 * rows and events into the batch's bulk rows and memory, asking the database only
 * about earlier batches. 1 stored, 0 stored already, -1 another text is stored
 * under its id (err), -2 the database failed (err; the batch is rolled back). */
static int write_doc(store *s, struct store_queued *q, char *err, size_t errlen)
{
    const tocsin_doc *doc = &q->doc;
    int rc = already_stored(s, doc, q->hash, err, errlen);
    if (rc) return rc == 1 ? 0 : rc;
    s->ndoc_mentions = 0;
    int64_t story, rowid = 0;
    const char *what = "storing the story";
    if (assign_story(s, doc, q->day, q->has_fp ? &q->fp : NULL, &story)) goto fail;
    what = "storing the document";
    const char *skey = source_key(s, doc);
    if (doc_rows(s, doc, q->nsentences, q->hash, q->text_chars, skey, story, q->day, &q->fp, &rowid)) goto fail;
    what = "storing an event";
    for (size_t i = 0; i < q->nev; i++)
        if (add_event(s, doc, story, skey, &q->ev[i], q->day)) goto fail;
    batch_doc_add(s, doc->id, q->hash);
    if (s->index) {
        double t0 = thread_cpu();
        store_dedup_index_add(s->index, &q->fp, q->day, story);
        s->fp_seen = rowid;
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    s->batch.added++;
    if (!s->pending) {
        free(s->batch_first);
        s->batch_first = util_xstrdup(doc->id);
    }
    free(s->batch_last);
    s->batch_last = util_xstrdup(doc->id);
    s->pending++;
    return 1;

fail:
    /* a document's values were checked when it was queued (store_add): what fails
     * here is the database, and the batch goes (the statements of a document are
     * reads, its rows bulk rows and memory: there is no document to roll back alone) */
    snprintf(err, errlen, "%s: %s (document %s: %s; the open batch of %d documents is rolled back, a "
             "re-run stores it)", s->path, s->be->errmsg(s->c), doc->id, what, s->pending + 1);
    rollback_batch(s);
    return -2;
}

static char *dup_opt(const char *p) { return p ? util_xstrdup(p) : NULL; }
static const char *dup_n(const char *p, size_t n) { return p ? util_xstrndup(p, n) : NULL; }

static void queued_free(struct store_queued *q)
{
    free((char *)q->doc.id), free((char *)q->doc.date), free((char *)q->doc.title);
    free((char *)q->doc.url), free((char *)q->doc.source);
    for (size_t i = 0; i < q->nev; i++) {
        tocsin_event *e = &q->ev[i];
        free((char *)e->source.text), free((char *)e->target.text), free((char *)e->verb_text), free((char *)e->text);
    }
    free(q->ev);
}

/* Drops the documents queued and not written. */
static void queue_drop(store *s)
{
    for (size_t i = 0; i < s->nqueue; i++) queued_free(&s->queue[i]);
    s->nqueue = 0;
}

/* Queues an owned copy of the document and its events, with what is taken from its
 * text (hash, length, fingerprint) taken now, outside the write lock. */
static void queue_doc(store *s, const tocsin_doc *doc, int day, size_t nsentences, const tocsin_event *const *events,
                      size_t nevents)
{
    if (s->nqueue == s->capqueue) {
        s->capqueue = s->capqueue ? 2 * s->capqueue : 64;
        s->queue = util_xrealloc(s->queue, s->capqueue * sizeof *s->queue);
    }
    struct store_queued *q = &s->queue[s->nqueue++];
    memset(q, 0, sizeof *q);
    q->doc.id = dup_opt(doc->id), q->doc.date = dup_opt(doc->date), q->doc.title = dup_opt(doc->title);
    q->doc.url = dup_opt(doc->url), q->doc.source = dup_opt(doc->source);
    const char *text = doc->text ? doc->text : "";
    size_t text_len = doc->text ? doc->text_len : 0;
    content_hash(text, text_len, q->hash);
    q->text_chars = utf8_chars(text, text_len);
    q->day = day;
    q->nsentences = nsentences;
    if (s->index) {
        double t0 = thread_cpu();
        store_dedup_fingerprint(&s->scratch, text, text_len, &q->fp);
        q->has_fp = 1;
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    q->nev = nevents;
    q->ev = nevents ? util_xmalloc(nevents * sizeof *q->ev) : NULL;
    for (size_t i = 0; i < nevents; i++) {
        tocsin_event *e = &q->ev[i];
        *e = *events[i];
        /* what the store reads is copied; the pointers it does not read are not kept */
        e->source.text = dup_n(events[i]->source.text, events[i]->source.text_len);
        e->target.text = dup_n(events[i]->target.text, events[i]->target.text_len);
        e->verb_text = dup_n(events[i]->verb_text, events[i]->verb_len);
        e->text = dup_n(events[i]->text, events[i]->text_len);
        e->doc_id = NULL, e->issues = NULL, e->plover_type = e->plover_mode = e->plover_context = NULL;
    }
}

/* Writes the queued documents as one batch and commits it: the write lock is taken
 * here, the other writers' fingerprints read, each document written (a failing one
 * reported through opts.on_error and left out), then COMMIT. 0, or -1 when the
 * database failed (err; nothing of the batch is stored). */
static int write_queue(store *s, int wait, char *err, size_t errlen)
{
    if (!s->nqueue) return 0;
    int rc = begin_batch(s, wait, err, errlen);
    if (rc == 1) return 1;
    if (rc) {
        queue_drop(s);
        return -1;
    }
    if (prefetch_stored(s)) {
        snprintf(err, errlen, "%s: %s (looking up the batch's %zu documents %s ... %s)", s->path,
                 s->be->errmsg(s->c), s->nqueue, s->queue[0].doc.id, s->queue[s->nqueue - 1].doc.id);
        rollback_batch(s);
        queue_drop(s);
        return -1;
    }
    for (size_t i = 0; i < s->nqueue; i++) {
        char msg[512];
        int wrc = write_doc(s, &s->queue[i], msg, sizeof msg);
        if (wrc == -1) {
            s->stats.failed++;
            if (s->opts.on_error) s->opts.on_error(msg, s->opts.on_error_user);
            else util_report("%s", msg);
        } else if (wrc == -2) {
            snprintf(err, errlen, "%s", msg);
            queue_drop(s);
            return -1;
        }
    }
    return 0; /* the queue is dropped after the commit: the batch's rows point into it */
}

/* The first text of the document or its events that is not valid UTF-8 (what a
 * database would refuse when the batch is loaded), or NULL. */
static const char *bad_utf8(const tocsin_doc *doc, const tocsin_event *const *events, size_t nevents)
{
    const char *f[] = {doc->id, doc->date, doc->source, doc->url, doc->title};
    static const char *const names[] = {"id", "date", "source", "url", "title"};
    for (int i = 0; i < 5; i++)
        if (f[i] && util_utf8_valid_prefix(f[i], strlen(f[i])) != strlen(f[i])) return names[i];
    for (size_t i = 0; i < nevents; i++) {
        const tocsin_event *e = events[i];
        struct { const char *p; size_t n; } t[] = {
            {e->source.code, strlen(e->source.code)}, {e->target.code, strlen(e->target.code)},
            {e->code, strlen(e->code)}, {e->source.text, e->source.text_len}, {e->target.text, e->target.text_len},
            {e->verb_text, e->verb_len}, {e->text, e->text_len}};
        for (size_t k = 0; k < sizeof t / sizeof *t; k++)
            if (t[k].p && util_utf8_valid_prefix(t[k].p, t[k].n) != t[k].n) return "events' text";
    }
    return NULL;
}

int store_add(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
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
    if (!doc->date || util_date_parse(doc->date, &day) != 0) {
        snprintf(err, errlen, "%s: bad or missing date '%s' (want YYYY-MM-DD)", doc->id,
                 doc->date ? doc->date : "");
        return -1;
    }
    const char *bad = bad_utf8(doc, events, nevents);
    if (bad) {
        snprintf(err, errlen, "%s: invalid UTF-8 in its %s; not stored", doc->id, bad);
        return -1;
    }
    double t0 = thread_cpu();
    queue_doc(s, doc, day, nsentences, events, nevents);
    int rc = 1;
    size_t batch = (size_t)s->opts.batch_docs, over = s->nqueue - batch;
    /* A full batch is written when the write lock is free; while another writer
     * holds it this one goes on coding and queueing (trying again every
     * STORE_TRY_EVERY-th of a batch), and waits only at STORE_QUEUE_MAX batches
     * queued: so two writers on two cores keep both busy, and memory stays bounded. */
    if (s->nqueue >= batch && over % (batch / STORE_TRY_EVERY + 1) == 0)
        rc = commit_queue(s, s->nqueue >= STORE_QUEUE_MAX * batch, err, errlen) < 0 ? -2 : 1;
    s->stats.store_cpu += thread_cpu() - t0;
    return rc;
}

int store_finish(store *s, char *err, size_t errlen)
{
    if (store_commit(s, err, errlen)) return -1;
    if (s->opts.readonly) return 0;
    if (s->be == &store_backend_sqlite) s->be->exec(s->c, "PRAGMA optimize"); /* PostgreSQL: autovacuum */
    return 0;
}

void store_get_stats(const store *s, store_stats *out) { *out = s->stats; }

void store_close(store *s)
{
    if (!s) return;
    store_stmt **sts[] = {&s->st_max_ids, &s->st_refresh, &s->st_exists, &s->st_stored, &s->st_find_event,
                          &s->st_source_mentioned};
    if (s->c) {
        if (s->in_txn) s->be->exec(s->c, "ROLLBACK");
        for (size_t i = 0; i < sizeof sts / sizeof *sts; i++) s->be->finalize(*sts[i]);
        store_bulk *b[STORE_NBULK];
        bulks(s, b);
        for (int i = 0; i < STORE_NBULK; i++) s->be->bulk_free(b[i]);
        s->be->close(s->c);
    }
    store_dedup_index_free(s->index);
    if (s->scratch_init) store_dedup_scratch_free(&s->scratch);
    if (s->tmp_init) util_buf_free(&s->tmp);
    free(s->path);
    free(s->batch_first);
    free(s->batch_last);
    free(s->doc_mentions);
    batch_forget(s);
    queue_drop(s);
    free(s->queue);
    free(s->bdocs);
    free(s->bevents);
    free(s->bmsrc);
    for (size_t i = 0; i < s->nstored; i++) free(s->stored[i].id);
    free(s->stored);
    free(s->bstories);
    free(s->bjoins);
    free(s->bcounts);
    free(s);
}
