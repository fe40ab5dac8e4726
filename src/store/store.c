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
 * that refresh_index reads only what other writers commit later. */
static int load_fingerprints(store *s, char *err, size_t errlen)
{
    const store_backend *be = s->be;
    store_stmt *st = NULL, *mx = NULL;
    int rc = -1;
    /* The last fingerprint first, then the window up to it: PostgreSQL's default
     * isolation gives each statement its own snapshot, so rows another writer
     * commits between the two queries are left for refresh_index to read, never
     * skipped (it reads what is past fp_seen). */
    if (be->exec(s->c, "BEGIN") == 0) {
        st = be->prepare(s->c, "SELECT fp, day, story_id FROM (SELECT fp, day, story_id, doc_rowid FROM "
                               "doc_fingerprints WHERE doc_rowid <= ?2 ORDER BY day DESC, doc_rowid DESC "
                               "LIMIT ?1) AS recent ORDER BY day, doc_rowid");
        mx = st ? be->prepare(s->c, "SELECT coalesce(max(doc_rowid), 0) FROM doc_fingerprints") : NULL;
        if (mx && q_row(s, mx, NULL, 0) == 1) {
            s->fp_seen = be->col_int(mx, 0);
            q_done(s, mx);
            store_val a[2] = {sv_int((int64_t)s->opts.window_docs), sv_int(s->fp_seen)};
            if (be->run(st, a, 2) == 0)
                while ((rc = be->next(st)) == 1) add_fingerprint_row(s, st);
        }
    }
    if (rc && err) snprintf(err, errlen, "%s: reading fingerprints: %s", s->path, be->errmsg(s->c));
    be->finalize(st);
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

static int prepare_writer(store *s, char *err, size_t errlen)
{
    int f = 0;
    s->st_exists = prep(s, "SELECT hash FROM documents WHERE doc_id = ?1", err, errlen, &f);
    s->st_refresh = prep(s, "SELECT fp, day, story_id, doc_rowid FROM doc_fingerprints WHERE doc_rowid > ?1 "
                            "ORDER BY doc_rowid", err, errlen, &f);
    s->st_max_ids = prep(s, "SELECT (SELECT coalesce(max(story_id), 0) FROM stories), (SELECT "
                            "coalesce(max(event_id), 0) FROM events), (SELECT coalesce(max(rowid), 0) FROM documents)",
                         err, errlen, &f);
    s->st_story_new = prep(s, "INSERT INTO stories(story_id, first_doc, first_date, n_documents) VALUES (?1, ?2, ?3, 1)",
                           err, errlen, &f);
    s->st_story_join = prep(s, "UPDATE stories SET n_documents = n_documents + 1, "
                               "first_doc = CASE WHEN ?2 < first_date THEN ?3 ELSE first_doc END, "
                               "first_date = CASE WHEN ?2 < first_date THEN ?2 ELSE first_date END "
                               "WHERE story_id = ?1", err, errlen, &f);
    s->st_doc = prep(s, "INSERT INTO documents(rowid, doc_id, date, source, url, title, hash, story_id, "
                        "n_sentences, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err, errlen, &f);
    s->st_extra = prep(s, "INSERT INTO doc_extra(doc_id, text_len, source_key) VALUES (?1, ?2, ?3)", err, errlen,
                       &f);
    s->st_fp = prep(s, "INSERT INTO doc_fingerprints(doc_rowid, day, story_id, fp) VALUES (?1, ?2, ?3, ?4)", err,
                    errlen, &f);
    /* the nearest in date is chosen in C (add_event): no date arithmetic in SQL */
    s->st_find_event = prep(s, "SELECT event_id, date FROM events WHERE story_id = ?1 AND date BETWEEN ?2 AND ?3 "
                               "AND source_code = ?4 AND target_code = ?5 AND code = ?6 ORDER BY event_id",
                            err, errlen, &f);
    s->st_event = prep(s, "INSERT INTO events(story_id, date, source_code, source_text, target_code, target_text, "
                          "code, root, quad_class, goldstein, verb_text, sentence, first_doc, event_id, n_mentions, "
                          "n_sources, n_articles) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                          "?14, 0, 0, 0)", err, errlen, &f);
    s->st_source_mentioned = prep(s, "SELECT 1 FROM mentions m JOIN doc_extra x ON x.doc_id = m.doc_id "
                                     "WHERE m.event_id = ?1 AND x.source_key = ?2 LIMIT 1", err, errlen, &f);
    s->st_mention = prep(s, "INSERT INTO mentions(event_id, doc_id, sentence_no, sentence, source_match, "
                            "target_match, date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                   err, errlen, &f);
    s->st_count = prep(s, "UPDATE events SET n_mentions = n_mentions + 1, n_articles = n_articles + ?2, "
                          "n_sources = n_sources + ?3 WHERE event_id = ?1", err, errlen, &f);
    s->st_confidence = prep(s, "INSERT INTO mention_confidence(event_id, doc_id, sentence_no, confidence) "
                               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", err, errlen, &f);
    s->st_geo = prep(s, STORE_GEO_SQL, err, errlen, &f);   /* event_geo (store_geo.c) */
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

/* ---- batches ---- */

/* Drops the open batch: rolled back in the database, its figures dropped, and the
 * candidate index reloaded (it had the batch's documents in it). */
static void rollback_batch(store *s)
{
    s->be->exec(s->c, "ROLLBACK");
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
static int begin_batch(store *s, char *err, size_t errlen)
{
    if (s->in_txn) return 0;
    double t0 = wall_now();
    int rc = s->be->begin_write(s->c);
    s->stats.lock_wait += wall_now() - t0;
    if (rc) {
        snprintf(err, errlen, "%s: cannot begin a transaction: %s", s->path, s->be->errmsg(s->c));
        s->be->exec(s->c, "ROLLBACK");
        return -1;
    }
    s->in_txn = 1;
    s->pending = 0;
    memset(&s->batch, 0, sizeof s->batch);
    if (s->index && refresh_index(s)) {
        snprintf(err, errlen, "%s: reading the fingerprints of other writers: %s", s->path, s->be->errmsg(s->c));
        rollback_batch(s);
        return -1;
    }
    s->batch_seq++;
    if (q_row(s, s->st_max_ids, NULL, 0) != 1) {
        snprintf(err, errlen, "%s: reading the last ids: %s", s->path, s->be->errmsg(s->c));
        rollback_batch(s);
        return -1;
    }
    s->next_story = s->be->col_int(s->st_max_ids, 0) + 1;
    s->next_event = s->be->col_int(s->st_max_ids, 1) + 1;
    s->next_rowid = s->be->col_int(s->st_max_ids, 2) + 1;
    q_done(s, s->st_max_ids);
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
    if (s->be->exec(s->c, "COMMIT")) {
        snprintf(err, errlen, "%s: %s (committing the batch of %d documents %s ... %s; it is rolled back, "
                 "a re-run stores it)", s->path, s->be->errmsg(s->c), s->pending,
                 s->batch_first ? s->batch_first : "", s->batch_last ? s->batch_last : "");
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
static int64_t find_event(store *s, int64_t story, const tocsin_event *ev, int day)
{
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
    return rc < 0 ? -2 : best;
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
    int new_article = 1, new_source = 1;
    int sentence_no = ev->sentence > 0 ? ev->sentence : 1;
    /* the mention's confidence first: the aggregate triggers of a new event read it
     * (schema.sql 'watch_confidence'); a mention stored already conflicts, nothing */
    store_val mc[] = {sv_int(event_id < 0 ? s->next_event : event_id), sv_text(doc->id), sv_int(sentence_no),
                      sv_int(ev->confidence)};
    if (s->be->run_deferred(s->st_confidence, mc, 4)) return -1;
    if (event_id < 0) {
        char root[3];
        if (ev->root[0]) memcpy(root, ev->root, 3);
        else root[0] = ev->code[0], root[1] = ev->code[0] ? ev->code[1] : 0, root[2] = 0;
        store_val v[] = {sv_int(story),
                         sv_text(date),
                         sv_text(ev->source.code),
                         sv_textn(ev->source.text, ev->source.text_len),
                         sv_text(ev->target.code),
                         sv_textn(ev->target.text, ev->target.text_len),
                         sv_text(ev->code),
                         sv_text(root),
                         sv_int(ev->quad_class),
                         sv_real(ev->goldstein),
                         sv_textn(ev->verb_text, ev->verb_len),
                         sv_textn(sentence, sentence_len),
                         sv_text(doc->id),
                         sv_int(s->next_event)};
        if (s->be->run_deferred(s->st_event, v, 14)) return -1;
        event_id = s->next_event++;
        s->batch.events_new++;
        if (store_put_geo(s, event_id, ev)) return -1;   /* where it happened (src/geo) */
    } else {
        /* the document is new: its own mentions so far say whether it mentioned the event */
        for (size_t i = 0; i < s->ndoc_mentions && new_article; i++)
            if (s->doc_mentions[i].event_id == event_id) new_article = 0;
        int e = exists2(s, s->st_source_mentioned, event_id, skey);
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
    if (s->be->run_deferred(s->st_mention, m, 7)) return -1;
    s->batch.mentions++;
    store_val c[] = {sv_int(event_id), sv_int(new_article), sv_int(new_source)};
    return s->be->run_deferred(s->st_count, c, 3);
}

/* Remembers (during a batch, the write lock held) that a document is not stored. */
static void absent_add(store *s, const char *id)
{
    struct store_absent *a = &s->absent[s->absent_pos++ % (sizeof s->absent / sizeof *s->absent)];
    free(a->id);
    a->id = util_xstrdup(id);
    a->batch = s->batch_seq;
}

/* 1 when store_has_doc found this id absent during this batch. Every entry of the
 * id is used up: the document is about to be stored, so a second copy of the id
 * further on in the input must ask the database again. */
static int absent_take(store *s, const char *id)
{
    int found = 0;
    for (size_t i = 0; i < sizeof s->absent / sizeof *s->absent; i++) {
        struct store_absent *a = &s->absent[i];
        if (a->id && !strcmp(a->id, id)) {
            found |= a->batch == s->batch_seq && s->in_txn;
            free(a->id);
            a->id = NULL;
        }
    }
    return found;
}

int store_has_doc(store *s, const tocsin_doc *doc)
{
    if (!doc->id || !s->st_exists) return 0;
    char hash[17];
    content_hash(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, hash);
    store_val v = sv_text(doc->id);
    int same = 0;
    int rc = q_row(s, s->st_exists, &v, 1);
    if (rc == 1) {
        const char *old = s->be->col_text(s->st_exists, 0);
        same = old && !strcmp(old, hash);
        q_done(s, s->st_exists);
    } else if (rc == 0 && s->in_txn) {
        absent_add(s, doc->id);
    }
    return same;
}

/* The document's story: the story of its best copy among indexed documents, or a
 * new one. Fills *fp (when clustering) and *story. 0 ok, -1 error. */
static int assign_story(store *s, const tocsin_doc *doc, const char *text, size_t text_len, int day, dedup_fp *fp,
                        int64_t *story)
{
    *story = -1;
    if (s->index) {
        double t0 = thread_cpu();
        store_dedup_fingerprint(&s->scratch, text, text_len, fp);
        *story = store_dedup_index_match(s->index, fp, day, NULL);
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    if (*story < 0) {
        store_val v[] = {sv_int(s->next_story), sv_text(doc->id), sv_text(doc->date)};
        if (s->be->run_deferred(s->st_story_new, v, 3)) return -1;
        *story = s->next_story++;
        s->batch.stories_new++;
        return 0;
    }
    store_val v[] = {sv_int(*story), sv_text(doc->date), sv_text(doc->id)};
    if (s->be->run_deferred(s->st_story_join, v, 3)) return -1;
    s->batch.joined_story++;
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
    if (s->be->run_deferred(s->st_doc, d, 10)) return -1;
    store_val x[] = {sv_text(doc->id), sv_int((int64_t)text_chars), sv_text(skey)};
    if (s->be->run_deferred(s->st_extra, x, 3)) return -1;
    if (!s->index) return 0;
    unsigned char blob[DEDUP_FP_BYTES];
    store_dedup_fp_encode(fp, blob);
    store_val f[] = {sv_int(*rowid), sv_int(day), sv_int(story), sv_blob(blob, sizeof blob)};
    return s->be->run_deferred(s->st_fp, f, 4);
}

/* Is this document stored already? 1 the same one (skip), 0 no, -1 another text
 * under its id (err), -2 database error (err). */
static int already_stored(store *s, const tocsin_doc *doc, const char *hash, char *err, size_t errlen)
{
    if (absent_take(s, doc->id)) return 0;
    store_val v = sv_text(doc->id);
    int rc = q_row(s, s->st_exists, &v, 1);
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s (looking up document %s)", s->path, s->be->errmsg(s->c), doc->id);
        rollback_batch(s);
        return -2;
    }
    if (rc == 0) return 0;
    /* the same document again is a no-op; another text under the same id is an
     * error in the input, reported, and the first one kept */
    const char *old = s->be->col_text(s->st_exists, 0);
    int same = old && !strcmp(old, hash);
    q_done(s, s->st_exists);
    s->stats.skipped++;
    if (same) return 1;
    snprintf(err, errlen, "%s: another document with this id and a different text is already stored; "
             "this one is not stored", doc->id);
    return -1;
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
    if (!doc->date || util_date_parse(doc->date, &day) != 0) {
        snprintf(err, errlen, "%s: bad or missing date '%s' (want YYYY-MM-DD)", doc->id,
                 doc->date ? doc->date : "");
        return -1;
    }
    if (begin_batch(s, err, errlen)) return -2;
    const char *text = doc->text ? doc->text : "";
    size_t text_len = doc->text ? doc->text_len : 0;
    char hash[17];
    content_hash(text, text_len, hash);
    int rc = already_stored(s, doc, hash, err, errlen);
    if (rc) return rc == 1 ? 0 : rc;
    s->ndoc_mentions = 0;
    s->saved_ids[0] = s->next_story, s->saved_ids[1] = s->next_event, s->saved_ids[2] = s->next_rowid;
    if (s->be->exec_deferred(s->c, "SAVEPOINT doc")) {
        snprintf(err, errlen, "%s: %s (storing document %s)", s->path, s->be->errmsg(s->c), doc->id);
        rollback_batch(s);
        return -2;
    }
    dedup_fp fp;
    int64_t story, rowid = 0;
    const char *what = "storing the story";
    if (assign_story(s, doc, text, text_len, day, &fp, &story)) goto fail;
    what = "storing the document";
    const char *skey = source_key(s, doc);
    if (doc_rows(s, doc, nsentences, hash, utf8_chars(text, text_len), skey, story, day, &fp, &rowid)) goto fail;
    what = "storing an event";
    for (size_t i = 0; i < nevents; i++)
        if (add_event(s, doc, story, skey, events[i], day)) goto fail;
    what = "storing the document";
    if (s->be->exec(s->c, "RELEASE doc")) goto fail;
    if (s->index) {
        double t0 = thread_cpu();
        store_dedup_index_add(s->index, &fp, day, story);
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
    if (++s->pending >= s->opts.batch_docs) return store_commit(s, err, errlen) ? -2 : 1;
    return 1;

fail:
    if (s->be->fatal(s->c)) {
        snprintf(err, errlen, "%s: %s (document %s: %s; the open batch of %d documents is rolled back, a "
                 "re-run stores it)", s->path, s->be->errmsg(s->c), doc->id, what, s->pending + 1);
        rollback_batch(s);
        return -2;
    }
    snprintf(err, errlen, "%s: %s: %s", doc->id, what, s->be->errmsg(s->c));
    s->next_story = s->saved_ids[0], s->next_event = s->saved_ids[1], s->next_rowid = s->saved_ids[2];
    if (s->be->exec(s->c, "ROLLBACK TO doc") || s->be->exec(s->c, "RELEASE doc")) {
        snprintf(err, errlen, "%s: %s (document %s: %s; the open batch is rolled back, a re-run stores it)",
                 s->path, s->be->errmsg(s->c), doc->id, what);
        rollback_batch(s);
        return -2;
    }
    return -1;
}

int store_add(store *s, const tocsin_doc *doc, size_t nsentences, const tocsin_event *const *events,
              size_t nevents, char *err, size_t errlen)
{
    double t0 = thread_cpu();
    int rc = store_add_doc(s, doc, nsentences, events, nevents, err, errlen);
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
    store_stmt **sts[] = {&s->st_max_ids, &s->st_refresh, &s->st_exists, &s->st_story_new, &s->st_story_join,
                          &s->st_doc,     &s->st_extra,  &s->st_fp,        &s->st_find_event,
                          &s->st_event,   &s->st_mention, &s->st_source_mentioned, &s->st_count,
                          &s->st_confidence, &s->st_geo};
    if (s->c) {
        if (s->in_txn) s->be->exec(s->c, "ROLLBACK");
        for (size_t i = 0; i < sizeof sts / sizeof *sts; i++) s->be->finalize(*sts[i]);
        s->be->close(s->c);
    }
    store_dedup_index_free(s->index);
    if (s->scratch_init) store_dedup_scratch_free(&s->scratch);
    if (s->tmp_init) util_buf_free(&s->tmp);
    free(s->path);
    free(s->batch_first);
    free(s->batch_last);
    free(s->doc_mentions);
    for (size_t i = 0; i < sizeof s->absent / sizeof *s->absent; i++) free(s->absent[i].id);
    free(s);
}
