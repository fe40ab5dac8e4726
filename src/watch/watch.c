/*
 * watch.c — indicators per directed dyad and escalation alerts over the event
 * store. Owns the alert method (EWMA baseline of the daily Goldstein sum with a
 * minimum-evidence rule; see README.md here) and the JSON shapes that `tocsin
 * watch --format json` and `tocsin serve` share, so terminal and dashboard agree.
 *
 * The per-dyad, per-day sums come from the aggregate tables of schema.sql
 * (dyad_days, dyad_totals, event_days: kept by triggers at every write, so a
 * request reads one row per dyad and day instead of grouping every event); the
 * per-day series is then walked in C, filling quiet days with zeros, because a
 * news series is sparse and silence is part of the baseline. Counts that are not
 * sums of days (distinct stories of a week or of a date range) are still counted
 * from the events table.
 */
#include "watch/watch.h"

#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON helpers ---- */

void watch_json_str(buf *b, const char *s)
{
    if (!s) {
        util_buf_adds(b, "null");
        return;
    }
    size_t n = strlen(s);
    if (util_utf8_valid_prefix(s, n) == n) {
        util_buf_add_json_str(b, s, n);
        return;
    }
    buf fixed;
    util_buf_init(&fixed);
    util_utf8_repair(s, n, &fixed);
    util_buf_add_json_str(b, fixed.data, fixed.len);
    util_buf_free(&fixed);
}

void watch_json_num(buf *b, double v)
{
    if (!isfinite(v)) v = 0;
    double r = round(v * 10000.0) / 10000.0;
    if (r == 0) r = 0; /* no "-0" */
    util_buf_printf(b, "%.10g", r);
}

/* ---- dyads ---- */

static int code_ok(const char *s, size_t n)
{
    if (n < 3 || n > 31) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return 0;
    }
    return 1;
}

int watch_dyad_parse(const char *s, watch_dyad *out, buf *err)
{
    const char *dash = s ? strchr(s, '-') : NULL;
    if (!dash) {
        util_buf_printf(err, "dyad must be SOURCE-TARGET, e.g. RUS-UKR or RUSGOV-UKRMIL");
        return -1;
    }
    size_t ns = (size_t)(dash - s), nt = strlen(dash + 1);
    if (!code_ok(s, ns) || !code_ok(dash + 1, nt)) {
        util_buf_printf(err, "dyad codes must be 3 to 31 upper-case letters or digits, e.g. RUS-UKR");
        return -1;
    }
    memcpy(out->source, s, ns);
    out->source[ns] = 0;
    memcpy(out->target, dash + 1, nt);
    out->target[nt] = 0;
    out->level = (ns == 3 && nt == 3) ? WATCH_COUNTRY : WATCH_ACTOR;
    return 0;
}

const char *watch_src_expr(watch_level level)
{
    return level == WATCH_COUNTRY ? "substr(source_code,1,3)" : "source_code";
}

const char *watch_tgt_expr(watch_level level)
{
    return level == WATCH_COUNTRY ? "substr(target_code,1,3)" : "target_code";
}

/* ---- parameters ---- */

void watch_params_default(watch_params *p)
{
    p->alpha = 0.1;        /* a baseline of roughly the last three weeks */
    p->threshold = 3.0;
    p->sigma_floor = 2.0;  /* about one threat (Goldstein -4.4) = 2 sd on a quiet dyad */
    p->min_events = 2;
    p->min_stories = 2;
    p->warmup_days = 7;
}

int watch_params_check(const watch_params *p, buf *err)
{
    if (!(p->alpha > 0 && p->alpha < 1)) {
        util_buf_printf(err, "alpha must be between 0 and 1 (exclusive)");
        return -1;
    }
    if (!(p->threshold > 0 && p->threshold < 1e6)) {
        util_buf_printf(err, "threshold must be positive");
        return -1;
    }
    if (!(p->sigma_floor > 0 && p->sigma_floor < 1e6)) {
        util_buf_printf(err, "sigma floor must be positive");
        return -1;
    }
    if (p->min_events < 1 || p->min_stories < 1 || p->min_stories > p->min_events) {
        util_buf_printf(err, "need min-events >= 1 and 1 <= min-stories <= min-events");
        return -1;
    }
    if (p->warmup_days < 0 || p->warmup_days > 3650) {
        util_buf_printf(err, "warm-up must be 0 to 3650 days");
        return -1;
    }
    return 0;
}
/* ---- alerts ---- */

static int db_error(store_reader *db, buf *err, const char *what)
{
    util_buf_printf(err, "%s: %s", what, store_reader_errmsg(db));
    return -1;
}

void watch_date_where(store_sql *sql, const char *from, const char *to)
{
    if (from) {
        store_sql_add(sql, " AND date >= ");
        store_sql_param(sql, sv_text(from));
    }
    if (to) {
        store_sql_add(sql, " AND date <= ");
        store_sql_param(sql, sv_text(to));
    }
}

void watch_dyad_where(store_sql *sql, const watch_dyad *d, watch_level level)
{
    if (!d) return;
    store_sql_add(sql, " AND %s = ", watch_src_expr(level));
    store_sql_param(sql, sv_text(d->source));
    store_sql_add(sql, " AND %s = ", watch_tgt_expr(level));
    store_sql_param(sql, sv_text(d->target));
}

typedef struct alert_vec {
    watch_alert *v;
    size_t n, cap;
} alert_vec;

static void alert_push(alert_vec *a, const watch_alert *x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = util_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = *x;
}

static int alert_cmp(const void *pa, const void *pb)
{
    const watch_alert *a = pa, *b = pb;
    if (a->z != b->z) return a->z > b->z ? -1 : 1;
    int c = strcmp(a->date, b->date);
    if (c) return c;
    return strcmp(a->dyad, b->dyad);
}

/* EWMA state of one dyad's daily series. */
typedef struct series_state {
    char dyad[WATCH_DYAD_MAX];
    int active;          /* a dyad is being walked */
    int last_day;        /* last day folded into the baseline */
    int history;         /* days folded in so far */
    double mean, var;
} series_state;

static void fold_day(series_state *s, double x, double alpha)
{
    double diff = x - s->mean;
    s->mean += alpha * diff;
    s->var = (1 - alpha) * (s->var + alpha * diff * diff);
    s->history++;
}

/* Folds the quiet days (x = 0) after last_day and before `day`, in closed form so a
 * long silence (or a store spanning decades) costs nothing: with r = 1 - alpha, k
 * zero days turn (m, v) into (m r^k, r^k (v + m^2 (1 - r^k))). */
static void fold_quiet_until(series_state *s, int day, double alpha)
{
    long k = (long)day - 1 - s->last_day;
    if (k <= 0) return;
    double rk = pow(1 - alpha, (double)k);
    s->var = rk * (s->var + s->mean * s->mean * (1 - rk));
    s->mean *= rk;
    s->history += (int)k;
    s->last_day = day - 1;
}

/* The first event id of a dyad on a date (to name it when its date is unusable);
 * -1 when there is none. Only called for bad data, so it may scan; never while
 * another query of the reader runs. */
static long long first_event_of(store_reader *db, watch_level level, const char *src, const char *tgt,
                                const char *date)
{
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT min(event_id) FROM events WHERE date = ");
    store_sql_param(&sql, sv_text(date ? date : ""));
    store_sql_add(&sql, " AND %s = ", watch_src_expr(level));
    store_sql_param(&sql, sv_text(src ? src : ""));
    store_sql_add(&sql, " AND %s = ", watch_tgt_expr(level));
    store_sql_param(&sql, sv_text(tgt ? tgt : ""));
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    long long id = -1;
    if (st && store_query_next(st) == 1 && store_query_type(st, 0) != SV_NULL) id = store_query_int(st, 0);
    store_query_free(st);
    return id;
}

/* Rows of a dyad series whose date is unusable: reported once the series query
 * is done (a reader runs one query at a time). */
typedef struct bad_rows {
    struct bad_row { char *src, *tgt, *date, *dyad; long long n; } *v;
    size_t n, cap;
} bad_rows;

static void bad_add(bad_rows *b, const char *src, const char *tgt, const char *date, const char *dyad, long long n)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->v = util_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = (struct bad_row){util_xstrdup(src ? src : ""), util_xstrdup(tgt ? tgt : ""),
                                    date ? util_xstrdup(date) : NULL, util_xstrdup(dyad ? dyad : "?"), n};
}

static void bad_free(bad_rows *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->v[i].src), free(b->v[i].tgt), free(b->v[i].date), free(b->v[i].dyad);
    free(b->v);
}

/* The store's first day (its earliest event date up to `to`): 1, or 0 when there is none. */
static int store_first_day(store_reader *db, const char *to, int *day, buf *err)
{
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT date FROM event_days");
    if (to) {
        store_sql_add(&sql, " WHERE date <= ");
        store_sql_param(&sql, sv_text(to));
    }
    store_sql_add(&sql, " ORDER BY date");
    store_query *fs = store_query_run(db, &sql);
    store_sql_free(&sql);
    if (!fs) return db_error(db, err, "reading events");
    int have = 0, rc;
    /* dates that are not calendar dates (reported by the series) are skipped */
    while (!have && (rc = store_query_next(fs)) == 1) {
        const char *d0 = store_query_text(fs, 0);
        have = d0 && !util_date_parse(d0, day);
    }
    store_query_free(fs);
    return have;
}

typedef struct alert_walk {
    const watch_query *q;
    watch_level level;
    int from_day, to_day, store_start, have_start;
    series_state s;
    alert_vec alerts;
    bad_rows bad;
} alert_walk;

/* One row of dyad_days (columns of watch_alerts' query) folded into its series. */
static void alert_row(alert_walk *w, store_query *st)
{
    const watch_params *p = &w->q->params;
    const char *dyad = store_query_text(st, 0);
    const char *date = store_query_text(st, 1);
    if (!dyad) dyad = "?";
    int day;
    if (!date || util_date_parse(date, &day)) {
        bad_add(&w->bad, store_query_text(st, 11), store_query_text(st, 12), date, dyad, store_query_int(st, 2));
        return;
    }
    series_state *s = &w->s;
    if (!s->active || strcmp(s->dyad, dyad)) {
        memset(s, 0, sizeof *s);
        s->active = 1;
        snprintf(s->dyad, sizeof s->dyad, "%s", dyad);
        s->last_day = (w->have_start && w->store_start < day ? w->store_start : day) - 1;
    }
    fold_quiet_until(s, day, p->alpha);
    double x = store_query_real(st, 4);
    double sd = sqrt(s->var);
    if (sd < p->sigma_floor) sd = p->sigma_floor;
    double z = (s->mean - x) / sd;
    int n_hostile = (int)store_query_real(st, 9);
    int n_hostile_stories = (int)store_query_int(st, 10);
    if (z >= p->threshold && s->history >= p->warmup_days && n_hostile >= p->min_events &&
        n_hostile_stories >= p->min_stories && day >= w->from_day && day <= w->to_day) {
        watch_alert a = {0};
        snprintf(a.dyad, sizeof a.dyad, "%s", dyad);
        util_date_format(day, a.date);
        a.z = z;
        a.goldstein_sum = x;
        a.baseline_mean = s->mean;
        a.baseline_sd = sd;
        a.n_events = (int)store_query_int(st, 2);
        a.n_stories = (int)store_query_int(st, 3);
        for (int k = 0; k < 4; k++) a.quad[k] = (int)store_query_real(st, 5 + k);
        a.n_hostile = n_hostile;
        a.n_hostile_stories = n_hostile_stories;
        a.history_days = s->history;
        alert_push(&w->alerts, &a);
    }
    fold_day(s, x, p->alpha);
    s->last_day = day;
}

int watch_alerts(store_reader *db, const watch_query *q, watch_alert **out, size_t *n_out,
                 int *n_bad, buf *err)
{
    *out = NULL;
    *n_out = 0;
    if (n_bad) *n_bad = 0;
    if (watch_params_check(&q->params, err)) return -1;
    alert_walk w = {.q = q, .level = q->dyad ? q->dyad->level : q->level,
                    .from_day = -2147483647, .to_day = 2147483647};
    if (q->from && util_date_parse(q->from, &w.from_day)) {
        util_buf_printf(err, "bad --from date '%s' (want YYYY-MM-DD)", q->from);
        return -1;
    }
    if (q->to && util_date_parse(q->to, &w.to_day)) {
        util_buf_printf(err, "bad --to date '%s' (want YYYY-MM-DD)", q->to);
        return -1;
    }
    /* Every dyad's series starts on the store's first day: weeks of silence before
     * a dyad's first event are part of its baseline, so a dyad that appears with a
     * burst of hostility can alert once the store itself is past the warm-up. */
    w.have_start = store_first_day(db, q->to, &w.store_start, err);
    if (w.have_start < 0) return -1;
    /* one row per dyad and day; each condition only when given, so that the
     * primary key (level, source, target, date) is searched by it */
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT source || '-' || target, date, events, stories, goldstein, q1, q2, q3, q4,"
                        " hostile, hostile_stories, source, target FROM dyad_days WHERE level = ");
    store_sql_param(&sql, sv_int(w.level));
    if (q->dyad) {
        store_sql_add(&sql, " AND source = ");
        store_sql_param(&sql, sv_text(q->dyad->source));
        store_sql_add(&sql, " AND target = ");
        store_sql_param(&sql, sv_text(q->dyad->target));
    }
    if (q->to) {
        store_sql_add(&sql, " AND date <= ");
        store_sql_param(&sql, sv_text(q->to));
    }
    store_sql_add(&sql, " ORDER BY source, target, date");
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    if (!st) return db_error(db, err, "reading events");
    int rc;
    while ((rc = store_query_next(st)) == 1) alert_row(&w, st);
    store_query_free(st);
    for (size_t i = 0; i < w.bad.n; i++) {
        const struct bad_row *b = &w.bad.v[i];
        util_report("event %lld (dyad %s): date '%s' is not YYYY-MM-DD; %d event(s) of that "
                    "dyad and date left out of the alerts",
                    first_event_of(db, w.level, b->src, b->tgt, b->date), b->dyad, b->date ? b->date : "(null)",
                    (int)b->n);
    }
    if (n_bad) *n_bad = (int)w.bad.n;
    bad_free(&w.bad);
    if (rc != 0) {
        free(w.alerts.v);
        return db_error(db, err, "reading events");
    }
    if (w.alerts.n) qsort(w.alerts.v, w.alerts.n, sizeof *w.alerts.v, alert_cmp);
    *out = w.alerts.v;
    *n_out = w.alerts.n;
    return 0;
}

/* ---- events as JSON ---- */

void watch_event_json(store_query *st, int col0, buf *out)
{
    static const char *const names[] = {
        "event_id", "story_id", "date", "source_code", "source_text", "target_code",
        "target_text", "code", "root", "quad_class", "goldstein", "verb_text",
        "sentence", "first_doc", "n_mentions", "n_sources", "n_articles"};
    util_buf_addc(out, '{');
    for (int i = 0; i < WATCH_EVENT_NCOLS; i++) {
        if (i) util_buf_addc(out, ',');
        util_buf_printf(out, "\"%s\":", names[i]);
        int c = col0 + i;
        switch (store_query_type(st, c)) {
        case SV_NULL: util_buf_adds(out, "null"); break;
        case SV_INT: util_buf_printf(out, "%lld", (long long)store_query_int(st, c)); break;
        case SV_REAL: watch_json_num(out, store_query_real(st, c)); break;
        default: watch_json_str(out, store_query_text(st, c)); break;
        }
    }
    util_buf_addc(out, '}');
}

store_query *watch_alert_evidence(store_reader *db, const watch_alert *a, watch_level level,
                                  int limit, buf *err)
{
    watch_dyad d;
    buf perr;
    util_buf_init(&perr);
    if (watch_dyad_parse(a->dyad, &d, &perr)) {
        /* a dyad made from codes in the store that our parser rejects: match it as text */
        const char *dash = strchr(a->dyad, '-');
        size_t ns = dash ? (size_t)(dash - a->dyad) : strlen(a->dyad);
        if (ns >= sizeof d.source) ns = sizeof d.source - 1;
        memcpy(d.source, a->dyad, ns);
        d.source[ns] = 0;
        snprintf(d.target, sizeof d.target, "%s", dash ? dash + 1 : "");
    }
    util_buf_free(&perr);
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT " WATCH_EVENT_COLS " FROM watched_events WHERE date = ");
    store_sql_param(&sql, sv_text(a->date));
    store_sql_add(&sql, " AND goldstein < 0");
    watch_dyad_where(&sql, &d, level);
    store_sql_add(&sql, " ORDER BY goldstein, event_id");
    if (limit > 0) {
        store_sql_add(&sql, " LIMIT ");
        store_sql_param(&sql, sv_int(limit));
    }
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    if (!st) db_error(db, err, "reading alert events");
    return st;
}

int watch_alert_evidence_json(store_reader *db, const watch_alert *a, watch_level level,
                              int limit, buf *out, buf *err)
{
    store_query *st = watch_alert_evidence(db, a, level, limit, err);
    if (!st) return -1;
    util_buf_addc(out, '[');
    int rc, n = 0;
    while ((rc = store_query_next(st)) == 1) {
        if (n++) util_buf_addc(out, ',');
        watch_event_json(st, 0, out);
    }
    util_buf_addc(out, ']');
    store_query_free(st);
    if (rc != 0) return db_error(db, err, "reading alert events");
    return 0;
}

int watch_alert_json(store_reader *db, const watch_alert *a, watch_level level, int limit,
                     buf *out, buf *err)
{
    util_buf_adds(out, "{\"dyad\":");
    watch_json_str(out, a->dyad);
    util_buf_adds(out, ",\"date\":");
    watch_json_str(out, a->date);
    util_buf_adds(out, ",\"z\":");
    watch_json_num(out, a->z);
    util_buf_adds(out, ",\"goldstein_sum\":");
    watch_json_num(out, a->goldstein_sum);
    util_buf_adds(out, ",\"baseline_mean\":");
    watch_json_num(out, a->baseline_mean);
    util_buf_adds(out, ",\"baseline_sd\":");
    watch_json_num(out, a->baseline_sd);
    util_buf_printf(out,
               ",\"events\":%d,\"stories\":%d,\"hostile_events\":%d,\"hostile_stories\":%d,"
               "\"quad\":[%d,%d,%d,%d],\"history_days\":%d,\"evidence\":",
               a->n_events, a->n_stories, a->n_hostile, a->n_hostile_stories, a->quad[0],
               a->quad[1], a->quad[2], a->quad[3], a->history_days);
    if (watch_alert_evidence_json(db, a, level, limit, out, err)) return -1;
    util_buf_addc(out, '}');
    return 0;
}

int watch_alerts_json(store_reader *db, const watch_query *q, const watch_alert *alerts,
                      size_t n, int evidence_limit, buf *out, buf *err)
{
    watch_level level = q->dyad ? q->dyad->level : q->level;
    const watch_params *p = &q->params;
    util_buf_adds(out, "{\"method\":{\"name\":\"ewma-goldstein\",\"level\":");
    util_buf_adds(out, level == WATCH_COUNTRY ? "\"country\"" : "\"actor\"");
    util_buf_adds(out, ",\"alpha\":");
    watch_json_num(out, p->alpha);
    util_buf_adds(out, ",\"threshold\":");
    watch_json_num(out, p->threshold);
    util_buf_adds(out, ",\"sigma_floor\":");
    watch_json_num(out, p->sigma_floor);
    util_buf_printf(out, ",\"min_events\":%d,\"min_stories\":%d,\"warmup_days\":%d},\"from\":",
               p->min_events, p->min_stories, p->warmup_days);
    watch_json_str(out, q->from);
    util_buf_adds(out, ",\"to\":");
    watch_json_str(out, q->to);
    util_buf_adds(out, ",\"alerts\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) util_buf_addc(out, ',');
        if (watch_alert_json(db, &alerts[i], level, evidence_limit, out, err)) return -1;
    }
    util_buf_adds(out, "]}");
    return 0;
}

/* ---- indicators ---- */

static void ind_row_json(buf *out, const watch_row *r)
{
    char d[11];
    util_date_format(r->day, d);
    util_buf_printf(out, "{\"date\":\"%s\",\"events\":%d,\"stories\":%d,\"quad\":[%d,%d,%d,%d],"
               "\"goldstein_sum\":",
               d, r->events, r->stories, r->quad[0], r->quad[1], r->quad[2], r->quad[3]);
    watch_json_num(out, r->goldstein_sum);
    util_buf_adds(out, ",\"goldstein_mean\":");
    watch_json_num(out, r->events ? r->goldstein_sum / r->events : 0);
    util_buf_adds(out, ",\"material_conflict_share\":");
    watch_json_num(out, r->events ? (double)r->quad[3] / r->events : 0);
    util_buf_addc(out, '}');
}

/* The counts of one QuadClass, summed as integers in both dialects. */
#define WATCH_QUAD_SUMS                                                                        \
    "sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END)"

/* The indicators' query: weekly from events (stories are distinct within a week,
 * not a sum of days), daily from dyad_days. Columns: period, events, stories,
 * goldstein, q1..q4, an event id (-1: look it up), the raw date. */
static store_query *indicators_query(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                                     const char *to)
{
    store_sql sql;
    store_sql_init(&sql);
    if (weekly) {
        buf week;
        util_buf_init(&week);
        store_reader_week_start(db, "date", &week);
        store_sql_add(&sql, "SELECT %s, count(*), count(DISTINCT story_id), " WATCH_GOLDSTEIN_SUM ", " WATCH_QUAD_SUMS
                            ", min(event_id), min(date) FROM watched_events WHERE 1 = 1", week.data); /* the aggregates' threshold (schema.sql) */
        util_buf_free(&week);
        watch_date_where(&sql, from, to);
        watch_dyad_where(&sql, d, d->level);
        store_sql_add(&sql, " GROUP BY 1 ORDER BY 1");
    } else {
        /* the dyad's rows are found by the primary key; the dates only filter them */
        store_sql_add(&sql, "SELECT date, events, stories, goldstein, q1, q2, q3, q4, -1, date FROM dyad_days"
                            " WHERE level = ");
        store_sql_param(&sql, sv_int(d->level));
        store_sql_add(&sql, " AND source = ");
        store_sql_param(&sql, sv_text(d->source));
        store_sql_add(&sql, " AND target = ");
        store_sql_param(&sql, sv_text(d->target));
        watch_date_where(&sql, from, to);
        store_sql_add(&sql, " ORDER BY date");
    }
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    return st;
}

int watch_indicators(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                     const char *to, watch_row **out, size_t *n_out, buf *err)
{
    *out = NULL;
    *n_out = 0;
    store_query *st = indicators_query(db, d, weekly, from, to);
    if (!st) return db_error(db, err, "reading indicators");
    watch_row *rows = NULL;
    size_t n = 0, cap = 0;
    bad_rows bad = {0};
    int rc, step = weekly ? 7 : 1;
    while ((rc = store_query_next(st)) == 1) {
        const char *date = store_query_text(st, 0);
        int day;
        if (!date || util_date_parse(date, &day)) {
            bad_add(&bad, NULL, NULL, store_query_text(st, 9), NULL, store_query_int(st, 8));
            continue;
        }
        /* quiet days (or weeks) between two rows are rows of zeros */
        int first = n ? rows[n - 1].day + step : day;
        for (int q = first; q <= day; q += step) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                rows = util_xrealloc(rows, cap * sizeof *rows);
            }
            memset(&rows[n], 0, sizeof rows[n]);
            rows[n++].day = q;
        }
        watch_row *r = &rows[n - 1];
        r->events = (int)store_query_int(st, 1);
        r->stories = (int)store_query_int(st, 2);
        r->goldstein_sum = store_query_real(st, 3);
        for (int k = 0; k < 4; k++) r->quad[k] = (int)store_query_real(st, 4 + k);
    }
    store_query_free(st);
    for (size_t i = 0; i < bad.n; i++) {
        const char *raw = bad.v[i].date;
        long long id = bad.v[i].n;
        if (id < 0) id = first_event_of(db, d->level, d->source, d->target, raw);
        util_report("event %lld (dyad %s-%s): date '%s' is not YYYY-MM-DD; left out of the indicators", id,
                    d->source, d->target, raw ? raw : "(null)");
    }
    bad_free(&bad);
    if (rc != 0) {
        free(rows);
        return db_error(db, err, "reading indicators");
    }
    *out = rows;
    *n_out = n;
    return 0;
}

int watch_indicators_json(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                          const char *to, buf *out, buf *err)
{
    watch_row *rows;
    size_t n;
    if (watch_indicators(db, d, weekly, from, to, &rows, &n, err)) return -1;
    util_buf_printf(out, "{\"dyad\":\"%s-%s\",\"level\":\"%s\",\"period\":\"%s\",\"rows\":[",
               d->source, d->target, d->level == WATCH_COUNTRY ? "country" : "actor",
               weekly ? "week" : "day");
    for (size_t i = 0; i < n; i++) {
        if (i) util_buf_addc(out, ',');
        ind_row_json(out, &rows[i]);
    }
    util_buf_adds(out, "]}");
    free(rows);
    return 0;
}

/* One dyad of watch_dyads_json's query as JSON. */
static void dyad_json(store_query *st, buf *out)
{
    const char *src = store_query_text(st, 0);
    const char *tgt = store_query_text(st, 1);
    int events = (int)store_query_int(st, 2);
    double gsum = store_query_real(st, 4);
    int quad[4];
    for (int k = 0; k < 4; k++) quad[k] = (int)store_query_real(st, 5 + k);
    buf b;
    util_buf_init(&b);
    util_buf_printf(&b, "%s-%s", src ? src : "", tgt ? tgt : "");
    util_buf_adds(out, "{\"dyad\":");
    watch_json_str(out, b.data);
    util_buf_free(&b);
    util_buf_adds(out, ",\"source\":");
    watch_json_str(out, src);
    util_buf_adds(out, ",\"target\":");
    watch_json_str(out, tgt);
    util_buf_printf(out, ",\"events\":%d,\"stories\":%d,\"quad\":[%d,%d,%d,%d],\"goldstein_sum\":",
               events, (int)store_query_int(st, 3), quad[0], quad[1], quad[2], quad[3]);
    watch_json_num(out, gsum);
    util_buf_adds(out, ",\"goldstein_mean\":");
    watch_json_num(out, events ? gsum / events : 0);
    util_buf_adds(out, ",\"material_conflict_share\":");
    watch_json_num(out, events ? (double)quad[3] / events : 0);
    util_buf_adds(out, ",\"first_date\":");
    watch_json_str(out, store_query_text(st, 9));
    util_buf_adds(out, ",\"last_date\":");
    watch_json_str(out, store_query_text(st, 10));
    util_buf_addc(out, '}');
}

int watch_dyads_json(store_reader *db, watch_level level, const char *from, const char *to,
                     int limit, buf *out, buf *err)
{
    store_sql sql;
    store_sql_init(&sql);
    if (!from && !to) {
        store_sql_add(&sql, "SELECT source, target, events, stories, goldstein, q1, q2, q3, q4,"
                            " first_date, last_date FROM dyad_totals WHERE level = ");
        store_sql_param(&sql, sv_int(level));
        store_sql_add(&sql, " ORDER BY 3 DESC, 1, 2");
    } else {
        /* stories are distinct across the range, not a sum of days: from events */
        store_sql_add(&sql, "SELECT %s, %s, count(*), count(DISTINCT story_id), " WATCH_GOLDSTEIN_SUM ", " WATCH_QUAD_SUMS
                            ", min(date), max(date) FROM watched_events WHERE target_code <> ''", /* two-sided, at the threshold */
                      watch_src_expr(level), watch_tgt_expr(level));
        watch_date_where(&sql, from, to);
        store_sql_add(&sql, " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2");
    }
    if (limit > 0) {
        store_sql_add(&sql, " LIMIT ");
        store_sql_param(&sql, sv_int(limit));
    }
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    if (!st) return db_error(db, err, "reading dyads");
    util_buf_addc(out, '[');
    int rc, n = 0;
    while ((rc = store_query_next(st)) == 1) {
        if (n++) util_buf_addc(out, ',');
        dyad_json(st, out);
    }
    util_buf_addc(out, ']');
    store_query_free(st);
    if (rc != 0) return db_error(db, err, "reading dyads");
    return 0;
}

/* 1 when the store has its aggregate tables filled (meta 'aggregates' = '1') with the
 * confidence threshold (meta 'watch_confidence', schema.sql). */
static int has_aggregates(store_reader *db)
{
    store_sql sql;
    store_sql_init(&sql);
    store_sql_add(&sql, "SELECT (SELECT value FROM meta WHERE key = 'aggregates'),"
                        " (SELECT count(*) FROM dyad_totals WHERE 1 = 0),"
                        " (SELECT count(*) FROM meta WHERE key = 'watch_confidence')");
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    int ok = st && store_query_next(st) == 1 && store_query_text(st, 0) && !strcmp(store_query_text(st, 0), "1") &&
             store_query_int(st, 2) > 0;
    store_query_free(st);
    return ok;
}

static store_reader *open_readonly(const char *path, buf *err)
{
    /* the store's one way for readers to open a database (read-only media, empty files: see reader.h) */
    char msg[512];
    store_reader *db = store_reader_open(path, msg, sizeof msg);
    if (!db) util_buf_adds(err, msg);
    return db;
}

store_reader *watch_open_db(const char *path, buf *err)
{
    store_reader *db = open_readonly(path, err);
    if (!db || has_aggregates(db)) return db;
    store_reader_close(db);
    db = NULL;
    char why[600] = "";
    util_report("%s: adding the aggregate tables the watch and dashboard read (once)", path);
    if (store_reader_upgrade(path, why, sizeof why) || !(db = open_readonly(path, err)) || !has_aggregates(db)) {
        if (!err->len)
            util_buf_printf(err,
                       "'%s' was made by an older tocsin: it has no aggregate tables, and %s; "
                       "open it once with write access (tocsin watch or serve on a writable copy)",
                       path, why[0] ? why : "they could not be added");
        store_reader_close(db);
        db = NULL;
    }
    return db;
}
