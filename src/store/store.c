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

/* The schema split at the "@indexes" marker: tables first, indexes after a load. */
static void schema_parts(const char **tables_end, const char **indexes)
{
    const char *all = store_schema_sql();
    const char *mark = strstr(all, "-- @indexes");
    if (!mark) {
        *tables_end = all + strlen(all);
        *indexes = NULL;
        return;
    }
    *tables_end = mark;
    *indexes = mark;
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

static int load_fingerprints(store *s, char *err, size_t errlen)
{
    /* The most recent documents, oldest first, so eviction order is by age. */
    sqlite3_stmt *st;
    const char *sql = "SELECT fp, day, story_id FROM (SELECT fp, day, story_id, rowid AS r FROM "
                      "doc_fingerprints ORDER BY day DESC, r DESC LIMIT ?1) ORDER BY day, r";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        set_err(err, errlen, "reading fingerprints", s->db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, (sqlite3_int64)s->opts.window_docs);
    dedup_fp fp;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (dedup_fp_decode(blob, n, &fp) != 0) continue; /* unreadable: that doc is just not a candidate */
        dedup_index_add(s->index, &fp, sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        set_err(err, errlen, "reading fingerprints", s->db);
        return -1;
    }
    return 0;
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

store *store_open(const char *path, const store_opts *o, char *err, size_t errlen)
{
    store *s = xcalloc(1, sizeof *s);
    if (o) s->opts = *o;
    else store_opts_default(&s->opts);
    if (s->opts.batch_docs < 1) s->opts.batch_docs = 1;
    if (s->opts.window_docs < 1) s->opts.window_docs = 1;
    if (s->opts.window_days < 0) s->opts.window_days = 0;
    int flags = s->opts.readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        set_err(err, errlen, path, s->db);
        store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    if (s->opts.readonly) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM events LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "%s: not a tocsin event database (%s)", path, sqlite3_errmsg(s->db));
            store_close(s);
            return NULL;
        }
        sqlite3_finalize(st);
        return s;
    }
    /* WAL + synchronous=NORMAL: a killed process loses at most the open batch and
     * never corrupts the database. */
    if (exec_sql(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                        "PRAGMA temp_store=MEMORY;", err, errlen)) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", err);
        snprintf(err, errlen, "%s: %s", path, tmp);
        store_close(s);
        return NULL;
    }
    const char *tables_end, *indexes;
    schema_parts(&tables_end, &indexes);
    char *tables = xstrndup(store_schema_sql(), (size_t)(tables_end - store_schema_sql()));
    int rc = exec_sql(s->db, tables, err, errlen);
    free(tables);
    if (rc) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", err);
        snprintf(err, errlen, "%s: creating the schema: %s", path, tmp);
        store_close(s);
        return NULL;
    }
    exec_sql(s->db, "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'tocsin-store-1')", NULL, 0);
    s->indexes_present = has_index(s->db, "events_date");

    if (prepare(s, &s->st_exists, "SELECT hash FROM documents WHERE doc_id = ?1", err, errlen) ||
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
        prepare(s, &s->st_extra, "INSERT INTO doc_extra(doc_id, text_len, source_key) VALUES (?1, ?2, ?3)", err,
                errlen) ||
        prepare(s, &s->st_fp, "INSERT INTO doc_fingerprints(doc_rowid, day, story_id, fp) VALUES (?1, ?2, ?3, ?4)",
                err, errlen) ||
        prepare(s, &s->st_find_event,
                "SELECT event_id FROM events WHERE story_id = ?1 AND date BETWEEN ?2 AND ?3 "
                "AND source_code = ?4 AND target_code = ?5 AND code = ?6 "
                "ORDER BY abs(julianday(date) - julianday(?7)), event_id LIMIT 1",
                err, errlen) ||
        prepare(s, &s->st_event,
                "INSERT INTO events(story_id, date, source_code, source_text, target_code, target_text, code, "
                "root, quad_class, goldstein, verb_text, sentence, first_doc, n_mentions, n_sources, n_articles) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, 0, 0)",
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
                err, errlen) ||
        prepare(s, &s->st_geo, STORE_GEO_SQL, err, errlen)) {
        store_close(s);
        return NULL;
    }
    if (s->opts.dedup) {
        s->index = dedup_index_new(s->opts.window_docs, s->opts.window_days);
        dedup_scratch_init(&s->scratch);
        if (load_fingerprints(s, err, errlen)) {
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

static int begin_batch(store *s, char *err, size_t errlen)
{
    if (s->in_txn) return 0;
    if (exec_sql(s->db, "BEGIN IMMEDIATE", err, errlen)) return -1;
    s->in_txn = 1;
    s->pending = 0;
    return 0;
}

int store_commit(store *s, char *err, size_t errlen)
{
    if (!s->in_txn) return 0;
    if (exec_sql(s->db, "COMMIT", err, errlen)) return -1;
    s->in_txn = 0;
    s->pending = 0;
    return 0;
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
        s->stats.events_new++;
        if (store_put_geo(s->st_geo, event_id, ev)) return -1;
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
    s->stats.mentions++;
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
        set_err(err, errlen, doc->id, s->db);
        return -2;
    }
    if (exec_sql(s->db, "SAVEPOINT doc", err, errlen)) return -2;

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
        s->stats.stories_new++;
    } else {
        sqlite3_bind_int64(s->st_story_join, 1, story);
        sqlite3_bind_text(s->st_story_join, 2, doc->date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->st_story_join, 3, doc->id, -1, SQLITE_TRANSIENT);
        if (step_done(s->st_story_join)) goto fail;
        s->stats.joined_story++;
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

    if (exec_sql(s->db, "RELEASE doc", err, errlen)) return -2;
    if (s->index) {
        double t0 = thread_cpu();
        dedup_index_add(s->index, &fp, day, story);
        s->stats.dedup_cpu += thread_cpu() - t0;
    }
    s->stats.added++;
    if (++s->pending >= s->opts.batch_docs) return store_commit(s, err, errlen) ? -2 : 1;
    return 1;

fail:
    snprintf(err, errlen, "%s: %s: %s", doc->id, what, sqlite3_errmsg(s->db));
    exec_sql(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, 0);
    return -1;
}

int store_finish(store *s, char *err, size_t errlen)
{
    if (store_commit(s, err, errlen)) return -1;
    if (s->opts.readonly) return 0;
    const char *tables_end, *indexes;
    schema_parts(&tables_end, &indexes);
    if (indexes && exec_sql(s->db, indexes, err, errlen)) return -1;
    s->indexes_present = 1;
    exec_sql(s->db, "PRAGMA optimize", NULL, 0);
    return 0;
}

void store_get_stats(const store *s, store_stats *out) { *out = s->stats; }

void store_close(store *s)
{
    if (!s) return;
    sqlite3_stmt **sts[] = {&s->st_exists,   &s->st_story_new,       &s->st_story_join,       &s->st_doc,
                            &s->st_extra,    &s->st_fp,              &s->st_find_event,       &s->st_event,
                            &s->st_mention,  &s->st_doc_mentioned,   &s->st_source_mentioned, &s->st_count,
                            &s->st_geo};
    for (size_t i = 0; i < sizeof sts / sizeof *sts; i++) sqlite3_finalize(*sts[i]);
    if (s->in_txn) exec_sql(s->db, "ROLLBACK", NULL, 0);
    if (s->db) sqlite3_close(s->db);
    dedup_index_free(s->index);
    dedup_scratch_free(&s->scratch);
    if (s->tmp_init) buf_free(&s->tmp);
    free(s);
}
