/*
 * serve.c — the HTTP server behind `tocsin serve`: routing, parameter checking,
 * the JSON API and the dashboard's static files (see serve.h for the routes).
 *
 * serve_route() turns (method, path, parameters) into (status, type, body) with no
 * HTTP in sight, so the API's behaviour does not depend on libmicrohttpd; the MHD
 * glue at the bottom only collects the parameters and queues the answer.
 * Parameters are checked strictly: an unknown or repeated parameter, a bad date or a
 * bad number is a 400 with a JSON message naming it, never a guess.
 */
#include "serve/serve.h"
#include "serve/serve_geo.h"

#include "serve/serve_cache.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>


#define JSON_TYPE "application/json; charset=utf-8"
#define MAX_ARGS 16

/* ---- small helpers ---- */

static void json_error(int code, const char *msg, int *status, const char **ctype, buf *body)
{
    util_buf_clear(body);
    util_buf_adds(body, "{\"error\":");
    watch_json_str(body, msg);
    util_buf_printf(body, ",\"status\":%d}", code);
    *status = code;
    *ctype = JSON_TYPE;
}

typedef struct req {
    const serve_opts *o;
    const serve_arg *args;
    size_t n_args;
    int *status;
    const char **ctype;
    buf *body;
    buf msg;      /* error text being built */
} req;

static int fail(req *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(req *r, int code, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_error(code, text, r->status, r->ctype, r->body);
    return -1;
}

static const char *arg(const req *r, const char *key)
{
    for (size_t i = 0; i < r->n_args; i++)
        if (!strcmp(r->args[i].key, key)) return r->args[i].value;
    return NULL;
}

/* Refuses parameters the route does not know (a typo must not silently widen a query). */
static int check_args(req *r, const char *const *allowed)
{
    for (size_t i = 0; i < r->n_args; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(r->args[i].key, *a)) ok = 1;
        if (!ok) return fail(r, 400, "unknown parameter '%s'", r->args[i].key);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(r->args[i].key, r->args[j].key))
                return fail(r, 400, "parameter '%s' given twice", r->args[i].key);
    }
    return 0;
}

/* Reads an optional date parameter; empty counts as absent. */
static int arg_date(req *r, const char *key, const char **out, int *day)
{
    const char *v = arg(r, key);
    *out = NULL;
    if (!v || !*v) return 0;
    if (util_date_parse(v, day)) return fail(r, 400, "'%s' must be a date YYYY-MM-DD, not '%.40s'", key, v);
    *out = v;
    return 0;
}

static int arg_range(req *r, const char **from, const char **to)
{
    int f = 0, t = 0;
    if (arg_date(r, "from", from, &f) || arg_date(r, "to", to, &t)) return -1;
    if (*from && *to && f > t) return fail(r, 400, "'from' (%s) is after 'to' (%s)", *from, *to);
    return 0;
}

static int arg_int(req *r, const char *key, int lo, int hi, int dflt, int *out)
{
    const char *v = arg(r, key);
    *out = dflt;
    if (!v || !*v) return 0;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        return fail(r, 400, "'%s' must be a whole number from %d to %d, not '%.40s'", key, lo, hi, v);
    *out = (int)x;
    return 0;
}

static int arg_level(req *r, watch_level *out)
{
    const char *v = arg(r, "level");
    *out = WATCH_COUNTRY;
    if (!v || !*v || !strcmp(v, "country")) return 0;
    if (!strcmp(v, "actor")) {
        *out = WATCH_ACTOR;
        return 0;
    }
    return fail(r, 400, "'level' must be country or actor, not '%.40s'", v);
}

/* Optional (or required) dyad; *has says whether one was given. */
static int arg_dyad(req *r, int required, watch_dyad *d, int *has)
{
    const char *v = arg(r, "dyad");
    *has = 0;
    if (!v || !*v) {
        if (required) return fail(r, 400, "'dyad' is required, e.g. dyad=RUS-UKR");
        return 0;
    }
    buf e;
    util_buf_init(&e);
    int rc = watch_dyad_parse(v, d, &e);
    if (rc) fail(r, 400, "bad 'dyad' '%.64s': %s", v, e.data);
    util_buf_free(&e);
    if (rc) return -1;
    /* an explicit level wins over the one guessed from the codes' length */
    const char *lv = arg(r, "level");
    if (lv && !strcmp(lv, "actor")) d->level = WATCH_ACTOR;
    if (lv && !strcmp(lv, "country") && d->level != WATCH_COUNTRY)
        return fail(r, 400, "country level needs two 3-letter codes, not '%.64s'", v);
    *has = 1;
    return 0;
}

static store_reader *open_store(req *r)
{
    buf e;
    util_buf_init(&e);
    store_reader *db = watch_open_db(r->o->db_path, &e);
    if (!db) fail(r, 500, "%s", e.data);
    util_buf_free(&e);
    return db;
}

static void ok_json(req *r)
{
    *r->status = 200;
    *r->ctype = JSON_TYPE;
}

/* ---- API routes ---- */

static void api_dyads(req *r)
{
    static const char *const allowed[] = {"level", "from", "to", "limit", NULL};
    const char *from, *to;
    watch_level level;
    int limit;
    if (check_args(r, allowed) || arg_level(r, &level) || arg_range(r, &from, &to) ||
        arg_int(r, "limit", 1, 100000, 500, &limit))
        return;
    store_reader *db = open_store(r);
    if (!db) return;
    if (watch_dyads_json(db, level, from, to, limit, r->body, &r->msg))
        fail(r, 500, "%s", r->msg.data);
    else
        ok_json(r);
    store_reader_close(db);
}

static void api_indicators(req *r)
{
    static const char *const allowed[] = {"dyad", "level", "period", "from", "to", NULL};
    const char *from, *to;
    watch_dyad d;
    int has;
    watch_level level;
    if (check_args(r, allowed) || arg_level(r, &level) || arg_dyad(r, 1, &d, &has) ||
        arg_range(r, &from, &to))
        return;
    const char *period = arg(r, "period");
    int weekly = 0;
    if (period && *period) {
        if (!strcmp(period, "week")) weekly = 1;
        else if (strcmp(period, "day")) {
            fail(r, 400, "'period' must be day or week, not '%.40s'", period);
            return;
        }
    }
    store_reader *db = open_store(r);
    if (!db) return;
    if (watch_indicators_json(db, &d, weekly, from, to, r->body, &r->msg))
        fail(r, 500, "%s", r->msg.data);
    else
        ok_json(r);
    store_reader_close(db);
}

/* The total of /api/events: a sum of the per-day aggregates (schema.sql); -1 on error. */
static long long events_total(store_reader *db, const watch_dyad *d, int has, const char *from, const char *to)
{
    store_sql sql;
    store_sql_init(&sql);
    if (has) {
        store_sql_add(&sql, "SELECT coalesce(sum(events), 0) FROM dyad_days WHERE level = ");
        store_sql_param(&sql, sv_int(d->level));
        store_sql_add(&sql, " AND source = ");
        store_sql_param(&sql, sv_text(d->source));
        store_sql_add(&sql, " AND target = ");
        store_sql_param(&sql, sv_text(d->target));
    } else {
        store_sql_add(&sql, "SELECT coalesce(sum(events), 0) FROM event_days WHERE 1 = 1");
    }
    watch_date_where(&sql, from, to);
    store_query *q = store_query_run(db, &sql);
    store_sql_free(&sql);
    long long total = -1;
    if (q && store_query_next(q) == 1) total = store_query_int(q, 0);
    store_query_free(q);
    return total;
}

static void api_events(req *r)
{
    static const char *const allowed[] = {"dyad", "level", "from", "to", "limit", "offset", NULL};
    const char *from, *to;
    watch_dyad d;
    int has, limit, offset;
    watch_level level;
    if (check_args(r, allowed) || arg_level(r, &level) || arg_dyad(r, 0, &d, &has) ||
        arg_range(r, &from, &to) ||
        arg_int(r, "limit", 1, 5000, 200, &limit) || arg_int(r, "offset", 0, INT_MAX, 0, &offset))
        return;
    store_reader *db = open_store(r);
    if (!db) return;
    long long total = events_total(db, &d, has, from, to);
    if (total < 0) {
        fail(r, 500, "reading events: %s", store_reader_errmsg(db));
        store_reader_close(db);
        return;
    }
    /* the page: a search of events by date or by dyad, + each event's "location"
     * when the store has event_geo (serve_geo.c) */
    int geo = serve_geo_has_table(db);
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT " WATCH_EVENT_COLS "%s WHERE 1 = 1", serve_geo_event_from(geo));
    watch_date_where(&sql, from, to);
    if (has) watch_dyad_where(&sql, &d, d.level);
    store_sql_add(&sql, " ORDER BY date, event_id LIMIT ");
    store_sql_param(&sql, sv_int(limit));
    store_sql_add(&sql, " OFFSET ");
    store_sql_param(&sql, sv_int(offset));
    store_query *rows = store_query_run(db, &sql);
    store_sql_free(&sql);
    if (!rows) {
        fail(r, 500, "reading events: %s", store_reader_errmsg(db));
        store_reader_close(db);
        return;
    }
    buf *b = r->body;
    util_buf_adds(b, "{\"dyad\":");
    if (has)
        util_buf_printf(b, "\"%s-%s\"", d.source, d.target);
    else
        util_buf_adds(b, "null");
    util_buf_adds(b, ",\"from\":");
    watch_json_str(b, from);
    util_buf_adds(b, ",\"to\":");
    watch_json_str(b, to);
    util_buf_printf(b, ",\"total\":%lld,\"offset\":%d,\"limit\":%d,\"events\":[", total, offset, limit);
    int rc, n = 0;
    while ((rc = store_query_next(rows)) == 1) {
        if (n++) util_buf_addc(b, ',');
        watch_event_json(rows, 0, b);
        if (geo) serve_geo_event_location(rows, WATCH_EVENT_NCOLS, b);
    }
    util_buf_adds(b, "]}");
    if (rc != 0)
        fail(r, 500, "reading events: %s", store_reader_errmsg(db));
    else
        ok_json(r);
    store_query_free(rows);
    store_reader_close(db);
}

static void api_alerts(req *r)
{
    static const char *const allowed[] = {"dyad", "level", "from", "to", "limit", "evidence", NULL};
    watch_query q = {0};
    q.params = r->o->params;
    watch_dyad d;
    int has, limit, evidence;
    if (check_args(r, allowed) || arg_level(r, &q.level) || arg_dyad(r, 0, &d, &has) ||
        arg_range(r, &q.from, &q.to) || arg_int(r, "limit", 1, 100000, 200, &limit) ||
        arg_int(r, "evidence", 0, 1000, 10, &evidence))
        return;
    if (has) q.dyad = &d;
    store_reader *db = open_store(r);
    if (!db) return;
    watch_alert *alerts = NULL;
    size_t n = 0;
    if (watch_alerts(db, &q, &alerts, &n, NULL, &r->msg)) {
        fail(r, 500, "%s", r->msg.data);
    } else {
        if (n > (size_t)limit) n = (size_t)limit;
        if (watch_alerts_json(db, &q, alerts, n, evidence, r->body, &r->msg))
            fail(r, 500, "%s", r->msg.data);
        else
            ok_json(r);
    }
    free(alerts);
    store_reader_close(db);
}

/* Runs "<head>?1<tail>" with the integer id as ?1; NULL on error. */
static store_query *id_query(store_reader *db, const char *head, long long id, const char *tail)
{
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "%s", head);
    store_sql_param(&sql, sv_int(id));
    store_sql_add(&sql, "%s", tail);
    store_query *q = store_query_run(db, &sql);
    store_sql_free(&sql);
    return q;
}

/* The story row and its documents into b: 1 when the story row exists, 0 when not,
 * -1 on error; *n_docs documents. */
static int story_head(store_reader *db, long long id, buf *b, int *n_docs)
{
    store_query *st = id_query(db, "SELECT first_doc, first_date, n_documents FROM stories WHERE story_id = ", id, "");
    if (!st) return -1;
    int have_story = store_query_next(st) == 1;
    util_buf_printf(b, "{\"story_id\":%lld,\"first_doc\":", id);
    watch_json_str(b, have_story ? store_query_text(st, 0) : NULL);
    util_buf_adds(b, ",\"first_date\":");
    watch_json_str(b, have_story ? store_query_text(st, 1) : NULL);
    util_buf_printf(b, ",\"n_documents\":%d,\"documents\":[", have_story ? (int)store_query_int(st, 2) : 0);
    store_query_free(st);
    store_query *docs = id_query(db, "SELECT doc_id, date, source, url, title FROM documents WHERE story_id = ", id,
                                 " ORDER BY date, doc_id LIMIT 1000");
    if (!docs) return -1;
    int n = 0;
    while (store_query_next(docs) == 1) {
        if (n++) util_buf_addc(b, ',');
        static const char *const names[] = {"doc_id", "date", "source", "url", "title"};
        util_buf_addc(b, '{');
        for (int i = 0; i < 5; i++) {
            util_buf_printf(b, "%s\"%s\":", i ? "," : "", names[i]);
            watch_json_str(b, store_query_text(docs, i));
        }
        util_buf_addc(b, '}');
    }
    store_query_free(docs);
    *n_docs = n;
    return have_story;
}

/* The story's events, each with its mentions, into b: their number, or -1. The
 * events (at most 1,000) are read first, then each one's mentions (a reader runs
 * one query at a time). */
static int story_events(store_reader *db, long long id, buf *b)
{
    store_query *evs = id_query(db, "SELECT " WATCH_EVENT_COLS " FROM events WHERE story_id = ", id,
                                " ORDER BY date, event_id LIMIT 1000");
    if (!evs) return -1;
    long long *ids = NULL;
    size_t *ends = NULL, n = 0, cap = 0;
    buf json;
    util_buf_init(&json);
    while (store_query_next(evs) == 1) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            ids = util_xrealloc(ids, cap * sizeof *ids);
            ends = util_xrealloc(ends, cap * sizeof *ends);
        }
        ids[n] = store_query_int(evs, 0);
        watch_event_json(evs, 0, &json);
        json.len--; /* reopen the object to add its mentions */
        ends[n++] = json.len;
    }
    store_query_free(evs);
    store_query *men = NULL;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i) util_buf_addc(b, ',');
        size_t at = i ? ends[i - 1] : 0;
        util_buf_add(b, json.data + at, ends[i] - at);
        util_buf_adds(b, ",\"mentions\":[");
        store_val v = sv_int(ids[i]);
        if (!men) men = id_query(db, "SELECT doc_id, sentence_no, sentence, source_match, target_match, date"
                                     " FROM mentions WHERE event_id = ", ids[i],
                                 " ORDER BY date, doc_id, sentence_no LIMIT 1000");
        else if (store_query_rerun(men, &v, 1)) rc = -1;
        if (!men) rc = -1;
        int m = 0;
        while (rc == 0 && store_query_next(men) == 1) {
            if (m++) util_buf_addc(b, ',');
            util_buf_adds(b, "{\"doc_id\":");
            watch_json_str(b, store_query_text(men, 0));
            util_buf_printf(b, ",\"sentence_no\":%d,\"sentence\":", (int)store_query_int(men, 1));
            watch_json_str(b, store_query_text(men, 2));
            util_buf_adds(b, ",\"source_match\":");
            watch_json_str(b, store_query_text(men, 3));
            util_buf_adds(b, ",\"target_match\":");
            watch_json_str(b, store_query_text(men, 4));
            util_buf_adds(b, ",\"date\":");
            watch_json_str(b, store_query_text(men, 5));
            util_buf_addc(b, '}');
        }
        util_buf_adds(b, "]}");
    }
    store_query_free(men);
    util_buf_free(&json);
    free(ids);
    free(ends);
    return rc ? -1 : (int)n;
}

static void api_story(req *r, const char *id_text)
{
    static const char *const allowed[] = {NULL};
    if (check_args(r, allowed)) return;
    char *end;
    errno = 0;
    long long id = strtoll(id_text, &end, 10);
    if (!*id_text || errno || *end || id < 0)
        return (void)fail(r, 400, "story id must be a whole number, not '%.40s'", id_text);
    store_reader *db = open_store(r);
    if (!db) return;
    buf *b = r->body;
    int n_docs = 0, have_story = story_head(db, id, b, &n_docs), n_events = -1;
    if (have_story >= 0) {
        util_buf_adds(b, "],\"events\":[");
        n_events = story_events(db, id, b);
        util_buf_adds(b, "]}");
    }
    if (have_story < 0 || n_events < 0)
        fail(r, 500, "reading story: %s", store_reader_errmsg(db));
    else if (!have_story && !n_docs && !n_events)
        fail(r, 404, "no story %lld in the store", id);
    else
        ok_json(r);
    store_reader_close(db);
}

typedef struct node {
    char code[32];
    int events;
} node;

/* The network's query: all dates from one row per dyad of the aggregates; a range
 * grouped from the events in it, as before the aggregates, because a sum of the
 * days' sums can differ from the events' sum in the last bit and so round a mean
 * the other way. Columns: source, target, events, goldstein, cooperation, conflict. */
static store_query *network_query(store_reader *db, watch_level level, const char *from, const char *to, int limit)
{
    store_sql sql;
    store_sql_init(&sql);
    if (!from && !to) {
        store_sql_add(&sql, "SELECT source, target, events, goldstein, q1 + q2, q3 + q4 FROM dyad_totals WHERE level = ");
        store_sql_param(&sql, sv_int(level));
    } else {
        store_sql_add(&sql, "SELECT %s, %s, count(*), " WATCH_GOLDSTEIN_SUM ", sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END),"
                            " sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END) FROM watched_events WHERE 1 = 1", /* as dyad_totals */
                      watch_src_expr(level), watch_tgt_expr(level));
        watch_date_where(&sql, from, to);
        store_sql_add(&sql, " GROUP BY 1, 2");
    }
    store_sql_add(&sql, " ORDER BY 3 DESC, 1, 2 LIMIT ");
    store_sql_param(&sql, sv_int(limit));
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    return st;
}

static void api_network(req *r)
{
    static const char *const allowed[] = {"level", "from", "to", "limit", NULL};
    const char *from, *to;
    watch_level level;
    int limit;
    if (check_args(r, allowed) || arg_level(r, &level) || arg_range(r, &from, &to) ||
        arg_int(r, "limit", 1, 2000, 60, &limit))
        return;
    store_reader *db = open_store(r);
    if (!db) return;
    store_query *st = network_query(db, level, from, to, limit);
    if (!st) {
        fail(r, 500, "reading network: %s", store_reader_errmsg(db));
        store_reader_close(db);
        return;
    }
    node *nodes = util_xmalloc(sizeof *nodes * (size_t)limit * 2);
    int n_nodes = 0, n = 0, rc;
    buf *b = r->body;
    util_buf_adds(b, "{\"edges\":[");
    while ((rc = store_query_next(st)) == 1) {
        const char *ends[2] = {store_query_text(st, 0), store_query_text(st, 1)};
        int events = (int)store_query_int(st, 2);
        for (int k = 0; k < 2; k++) {
            const char *c = ends[k] ? ends[k] : "";
            int i = 0;
            while (i < n_nodes && strcmp(nodes[i].code, c)) i++;
            if (i == n_nodes) {
                snprintf(nodes[i].code, sizeof nodes[i].code, "%s", c);
                nodes[i].events = 0;
                n_nodes++;
            }
            nodes[i].events += events;
        }
        if (n++) util_buf_addc(b, ',');
        util_buf_adds(b, "{\"source\":");
        watch_json_str(b, ends[0]);
        util_buf_adds(b, ",\"target\":");
        watch_json_str(b, ends[1]);
        double g = store_query_real(st, 3);
        util_buf_printf(b, ",\"events\":%d,\"cooperation\":%d,\"conflict\":%d,\"goldstein_mean\":", events,
                   (int)store_query_real(st, 4), (int)store_query_real(st, 5));
        watch_json_num(b, events ? g / events : 0);
        util_buf_addc(b, '}');
    }
    util_buf_adds(b, "],\"nodes\":[");
    for (int i = 0; i < n_nodes; i++) {
        if (i) util_buf_addc(b, ',');
        util_buf_adds(b, "{\"id\":");
        watch_json_str(b, nodes[i].code);
        util_buf_printf(b, ",\"events\":%d}", nodes[i].events);
    }
    util_buf_adds(b, "]}");
    if (rc != 0)
        fail(r, 500, "reading network: %s", store_reader_errmsg(db));
    else
        ok_json(r);
    free(nodes);
    store_query_free(st);
    store_reader_close(db);
}

/* ---- static files ---- */

static const char *web_dir(const serve_opts *o)
{
    if (o->web_dir && *o->web_dir) return o->web_dir;
    return util_web_dir();
}

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return NULL;
    if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    if (!strcmp(dot, ".ico")) return "image/x-icon";
    return NULL;
}

/* Serves one file directly inside the web directory; names are plain (no '/', no
 * leading dot), so no path can leave the directory. */
static void static_file(req *r, const char *name)
{
    static const char *const allowed[] = {NULL};
    if (check_args(r, allowed)) return;
    size_t n = strlen(name);
    int plain = n > 0 && n < 100 && name[0] != '.';
    for (size_t i = 0; i < n && plain; i++) {
        char c = name[i];
        plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.';
    }
    const char *type = plain ? type_of(name) : NULL;
    if (!type) return (void)fail(r, 404, "no such page '/%.80s'", name);
    buf path;
    util_buf_init(&path);
    util_buf_printf(&path, "%s/%s", web_dir(r->o), name);
    size_t len;
    char *data = util_read_file(path.data, &len);
    if (!data) {
        fail(r, 404, "no such page '/%.80s' (dashboard files are read from %.200s; set TOCSIN_WEB)",
             name, web_dir(r->o));
    } else {
        util_buf_add(r->body, data, len);
        *r->status = 200;
        *r->ctype = type;
        free(data);
    }
    util_buf_free(&path);
}

void serve_route(const serve_opts *o, const char *method, const char *path, const serve_arg *args,
                 size_t n_args, int *status, const char **ctype, buf *body)
{
    req r = {.o = o, .args = args, .n_args = n_args, .status = status, .ctype = ctype, .body = body};
    util_buf_init(&r.msg);
    util_buf_clear(body);
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        fail(&r, 405, "method %.16s not allowed: the API is read-only (GET)", method);
    } else if (!strcmp(path, "/api/dyads")) {
        api_dyads(&r);
    } else if (!strcmp(path, "/api/indicators")) {
        api_indicators(&r);
    } else if (!strcmp(path, "/api/events")) {
        api_events(&r);
    } else if (!strcmp(path, "/api/alerts")) {
        api_alerts(&r);
    } else if (!strcmp(path, "/api/network")) {
        api_network(&r);
    } else if (!strcmp(path, "/api/places")) {
        serve_api_places(o->db_path, args, n_args, status, ctype, body);   /* serve_geo.c: the map */
    } else if (!strcmp(path, "/world.json")) {
        serve_world_map(status, ctype, body);
    } else if (!strncmp(path, "/api/stories/", 13)) {
        api_story(&r, path + 13);
    } else if (!strncmp(path, "/api/", 5) || !strcmp(path, "/api")) {
        fail(&r, 404, "no such API route '%.80s'", path);
    } else if (!strcmp(path, "/")) {
        static_file(&r, "index.html");
    } else if (path[0] == '/' && !strchr(path + 1, '/')) {
        static_file(&r, path + 1);
    } else {
        fail(&r, 404, "no such page '%.80s'", path);
    }
    util_buf_free(&r.msg);
}

/* ---- libmicrohttpd glue ---- */

struct serve_server {
    struct MHD_Daemon *daemon;
    serve_opts opts;
    char *db_path, *web_dir;
    serve_cache *cache;     /* NULL when opts.no_cache */
};

#define CACHE_ENTRIES 512
#define CACHE_BYTES (64u << 20)

typedef struct arg_list {
    serve_arg a[MAX_ARGS];
    size_t n;
    int too_many;
} arg_list;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    arg_list *l = cls;
    if ((!key || !*key) && (!value || !*value)) return MHD_YES; /* "?a=1&": nothing said */
    if (l->n == MAX_ARGS) {
        l->too_many = 1;
        return MHD_NO;
    }
    l->a[l->n].key = key ? key : "";
    l->a[l->n].value = value ? value : "";
    l->n++;
    return MHD_YES;
}

/* serve_route() behind the cache: API answers are the same until the store's next
 * commit, so they are kept per store generation (serve_cache.h); the dashboard's
 * files are read from disk every time (they may be edited while serving). */
static void answer(serve_server *s, const char *method, const char *url, const arg_list *args,
                   int *status, const char **ctype, buf *body)
{
    int api = s->cache && !strncmp(url, "/api/", 5) &&
              (!strcmp(method, "GET") || !strcmp(method, "HEAD"));
    if (!api) {
        serve_route(&s->opts, method, url, args->a, args->n, status, ctype, body);
        return;
    }
    /* url and parameters hold no control bytes (uri_check): \x1f separates them */
    buf key;
    util_buf_init(&key);
    util_buf_adds(&key, url);
    for (size_t i = 0; i < args->n; i++)
        util_buf_printf(&key, "\x1f%s\x1f%s", args->a[i].key, args->a[i].value);
    long long gen = serve_cache_generation(s->cache);
    if (!serve_cache_get(s->cache, key.data, gen, status, ctype, body)) {
        serve_route(&s->opts, method, url, args->a, args->n, status, ctype, body);
        if (*status != 500)
            serve_cache_put(s->cache, key.data, gen, *status, *ctype, body->data, body->len);
        else
            serve_cache_abandon(s->cache, key.data, gen);
    }
    util_buf_free(&key);
}

/* What uri_check() found in a request line before libmicrohttpd parsed it. */
static const char uri_has_control[] = "control";

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Answers 400 on the raw socket and shuts it, for a request libmicrohttpd itself
 * cannot answer: each query parameter takes a record from the connection's 32 KB
 * memory pool, and with ~500 of them the pool runs dry before the handler is
 * called, leaving the client waiting until the connection times out (MHD 0.9.75). */
static void refuse_on_socket(struct MHD_Connection *conn, size_t n_params)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci) return;
    char body[160], head[512];
    int nb = snprintf(body, sizeof body,
                      "{\"error\":\"more than %d query parameters (%zu)\",\"status\":400}",
                      MAX_ARGS, n_params);
    int nh = snprintf(head, sizeof head,
                      "HTTP/1.1 400 Bad Request\r\nContent-Type: " JSON_TYPE "\r\n"
                      "Content-Length: %d\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n%s",
                      nb, body);
    ssize_t w = send(ci->connect_fd, head, (size_t)nh, MSG_NOSIGNAL);
    (void)w; /* a client that is gone needs no answer */
    shutdown(ci->connect_fd, SHUT_RDWR);
}

/* Sees the request line as it came (not yet decoded) before libmicrohttpd splits
 * it: refuses more query parameters than any route takes (see refuse_on_socket),
 * and marks a URI with a control byte (raw or %-encoded: %00 would cut
 * "/app.js%00.html" to "/app.js") so on_request answers 400. Returns the
 * request's context (*con_cls in on_request). */
static void *uri_check(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    size_t n_params = 0;
    int control = 0;
    const char *q = strchr(uri, '?');
    if (q) {
        n_params = 1;
        for (const char *p = q + 1; *p; p++) n_params += *p == '&';
    }
    for (const char *p = uri; *p; p++) {
        unsigned c = (unsigned char)*p;
        if (c == '%' && hex_val(p[1]) >= 0 && hex_val(p[2]) >= 0)
            c = (unsigned)(hex_val(p[1]) * 16 + hex_val(p[2]));
        if (c < 0x20 || c == 0x7f) control = 1;
    }
    if (n_params > MAX_ARGS) {
        refuse_on_socket(conn, n_params);
        return NULL;
    }
    return control ? (void *)uri_has_control : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload;
    serve_server *s = cls;
    /* Answered on the first call: a request body (POST...) is never read, the method
     * is refused, and MHD discards the body. */
    (void)upload_size;
    arg_list args = {0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
    buf body;
    util_buf_init(&body);
    int status;
    const char *ctype;
    if (*con_cls == uri_has_control) {
        status = 400;
        ctype = JSON_TYPE;
        util_buf_adds(&body, "{\"error\":\"control character (such as %00) in the URL\",\"status\":400}");
    } else if (args.too_many) {
        status = 400;
        ctype = JSON_TYPE;
        util_buf_printf(&body, "{\"error\":\"more than %d query parameters\",\"status\":400}", MAX_ARGS);
    } else {
        answer(s, method, url, &args, &status, &ctype, &body);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(body.len, body.data,
                                                                MHD_RESPMEM_MUST_COPY);
    util_buf_free(&body);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", ctype);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

serve_server *serve_start(const serve_opts *o, buf *err)
{
    if (o->port < 0 || o->port > 65535) {
        util_buf_printf(err, "port must be 0 to 65535");
        return NULL;
    }
    store_reader *db = watch_open_db(o->db_path, err);
    if (!db) return NULL;
    store_reader_close(db);
    if (watch_params_check(&o->params, err)) return NULL;

    const char *addr = o->listen && *o->listen ? o->listen : "127.0.0.1";
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    if (inet_pton(AF_INET, addr, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons((uint16_t)o->port);
        sa = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, addr, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons((uint16_t)o->port);
        sa = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        util_buf_printf(err, "--listen '%s' is not a numeric IPv4 or IPv6 address", addr);
        return NULL;
    }
    serve_server *s = util_xcalloc(1, sizeof *s);
    s->opts = *o;
    s->db_path = util_xstrdup(o->db_path);
    s->opts.db_path = s->db_path;
    if (o->web_dir) s->web_dir = util_xstrdup(o->web_dir);
    s->opts.web_dir = s->web_dir;
    if (!o->no_cache && !(s->cache = serve_cache_new(o->db_path, CACHE_ENTRIES, CACHE_BYTES, err))) {
        free(s->db_path);
        free(s->web_dir);
        free(s);
        return NULL;
    }
    unsigned threads = o->threads > 0 ? (unsigned)o->threads : 4;
    s->daemon = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, sa,
                                 MHD_OPTION_THREAD_POOL_SIZE, threads,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                                 MHD_OPTION_URI_LOG_CALLBACK, uri_check, NULL,
                                 MHD_OPTION_END);
    if (!s->daemon) {
        util_buf_printf(err, "cannot listen on %s port %d (in use, or not an address of this machine?)",
                   addr, o->port);
        serve_cache_free(s->cache);
        free(s->db_path);
        free(s->web_dir);
        free(s);
        return NULL;
    }
    return s;
}

int serve_port(const serve_server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : -1;
}

void serve_stop(serve_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    serve_cache_free(s->cache);
    free(s->db_path);
    free(s->web_dir);
    free(s);
}
