/*
 * watch.h — crisis watch: indicators per directed dyad and escalation alerts,
 * computed from the event store (src/store/schema.sql). Shared by `tocsin watch`
 * (terminal) and `tocsin serve` (HTTP API), so both give the same numbers.
 *
 * Everything is counted per story: the events table already holds one row per
 * distinct event of a story, its copies are rows of mentions, so counting events
 * rows never counts a copied wire story twice.
 *
 * A dyad is "SRC-TGT". At country level SRC and TGT are the first three letters of
 * the actor codes (RUSGOV -> RUS); at actor level they are the full codes. The
 * alert method is described in src/watch/README.md and at watch_params.
 */
#ifndef TOCSIN_WATCH_H
#define TOCSIN_WATCH_H

#include <stddef.h>

#include "store/reader.h"
#include "util/util.h"

typedef enum watch_level { WATCH_COUNTRY = 0, WATCH_ACTOR = 1 } watch_level;

/* Longest dyad text: two actor codes of up to 31 characters and a dash. */
#define WATCH_DYAD_MAX 64

/* A parsed dyad filter: codes are upper-case letters and digits, 3..31 each. */
typedef struct watch_dyad {
    char source[32], target[32];
    watch_level level;        /* both codes 3 letters -> country, else actor */
} watch_dyad;

/* Parses "RUS-UKR" or "RUSGOV-UKRMIL"; 0 on success, -1 (message in err) else. */
int watch_dyad_parse(const char *s, watch_dyad *out, buf *err);

/* Alert method parameters (EWMA baseline of the daily Goldstein sum):
 *   x_t      = sum of Goldstein scores of the dyad's events on day t (0 on a quiet day)
 *   m, v     = EWMA mean and variance of x over the days before t, weight alpha
 *   z_t      = (m - x_t) / max(sqrt(v), sigma_floor)   -- > 0 means more hostile than usual
 *   alert    when z_t >= threshold, the series has >= warmup_days of history before t,
 *            and day t has >= min_events hostile events (Goldstein < 0) from
 *            >= min_stories distinct stories.
 * Every dyad's series starts on the first day of the store (its earliest event
 * date), so the silence before a dyad first appears counts as its baseline. */
typedef struct watch_params {
    double alpha;          /* EWMA weight of the newest day (0 < alpha < 1) */
    double threshold;      /* z needed to alert */
    double sigma_floor;    /* lower bound on the baseline's standard deviation */
    int min_events;        /* hostile events needed on the day */
    int min_stories;       /* distinct stories those events come from */
    int warmup_days;       /* days of series (from the store's first day) before alerts may fire */
} watch_params;

/* The documented defaults (src/watch/README.md: baseline, thresholds, warm-up). */
void watch_params_default(watch_params *p);
/* Checks ranges; 0 when usable, -1 with a message in err. */
int watch_params_check(const watch_params *p, buf *err);

typedef struct watch_alert {
    char dyad[WATCH_DYAD_MAX];
    char date[11];
    double z;                   /* deviations from baseline (hostile direction) */
    double goldstein_sum;       /* the day's value */
    double baseline_mean, baseline_sd;   /* before the day; sd after the floor */
    int n_events, n_stories;    /* all events of the dyad that day, distinct stories */
    int n_hostile, n_hostile_stories;    /* Goldstein < 0 */
    int quad[4];                /* QuadClass 1..4 counts that day */
    int history_days;           /* days of series before this one */
} watch_alert;

typedef struct watch_query {
    const char *from, *to;      /* YYYY-MM-DD or NULL: which days alerts are reported for */
    const watch_dyad *dyad;     /* NULL: all dyads at `level` */
    watch_level level;
    watch_params params;
} watch_query;

/* Computes alerts, ranked by z (highest first, ties by date then dyad).
 * The baseline uses all history before each day, also before q->from.
 * Events whose date is not a calendar date are reported (naming the event) and
 * counted in *n_bad (may be NULL); they do not stop the rest.
 * Returns 0, or -1 on a database error (message in err). *out is xmalloc'ed. */
int watch_alerts(store_reader *db, const watch_query *q, watch_alert **out, size_t *n_out,
                 int *n_bad, buf *err);

/* The one query for the events that drove an alert: the dyad's events on the
 * alert's day with Goldstein < 0, most hostile first (ties by event_id), at most
 * `limit` (<= 0: all), as WATCH_EVENT_COLS rows. Returns the prepared, bound
 * query (the caller reads and frees it), or NULL with a message in err. */
store_query *watch_alert_evidence(store_reader *db, const watch_alert *a, watch_level level,
                                  int limit, buf *err);

/* Appends a JSON array of the events that drove an alert (Goldstein < 0 on that
 * day, most hostile first, at most `limit`), each with its sentence. */
int watch_alert_evidence_json(store_reader *db, const watch_alert *a, watch_level level,
                              int limit, buf *out, buf *err);

/* Appends the alert as a JSON object, with its evidence (limit events). */
int watch_alert_json(store_reader *db, const watch_alert *a, watch_level level, int limit,
                     buf *out, buf *err);
/* Appends {"method":...,"alerts":[...]} for a finished query. */
int watch_alerts_json(store_reader *db, const watch_query *q, const watch_alert *alerts,
                      size_t n, int evidence_limit, buf *out, buf *err);

/* One row of a dyad's indicators: a day, or the ISO week starting on `day`. */
typedef struct watch_row {
    int day;                    /* days since 1970-01-01 (a Monday for weeks) */
    int events, stories, quad[4];
    double goldstein_sum;
} watch_row;

/* The rows behind watch_indicators_json(), continuous from the dyad's first to its
 * last period in range (quiet periods are rows of zeros). *out is xmalloc'ed. */
int watch_indicators(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                     const char *to, watch_row **out, size_t *n_out, buf *err);

/* Indicators of one dyad per day or per ISO week (weeks start on Monday):
 * {"dyad","level","period","rows":[{"date","events","stories","quad":[4],
 *  "goldstein_sum","goldstein_mean","material_conflict_share"}...]}
 * Days without events inside the dyad's span are included with zeros so the
 * series is continuous. */
int watch_indicators_json(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                          const char *to, buf *out, buf *err);

/* JSON array of dyads with totals, most events first:
 * [{"dyad","source","target","events","stories","quad":[4],"goldstein_sum",
 *   "goldstein_mean","material_conflict_share","first_date","last_date"}]
 * limit <= 0: all. */
int watch_dyads_json(store_reader *db, watch_level level, const char *from, const char *to,
                     int limit, buf *out, buf *err);

/* Appends s as a JSON string; invalid UTF-8 bytes become U+FFFD, NULL becomes null. */
void watch_json_str(buf *b, const char *s);
/* Appends a finite double (NaN/inf become 0) with up to 4 decimals. */
void watch_json_num(buf *b, double v);

/* Opens the store read-only — a SQLite path (with a busy timeout, for a store being
 * written in WAL mode) or a PostgreSQL URI (store/reader.h) — and checks that it has
 * the events table; NULL with a message else.
 * A store made before the aggregate tables (schema.sql, "@aggregates") is given
 * them first, filled from its events in one transaction (a read-write open, once);
 * when that is impossible (read-only file or media) the message says so. */
store_reader *watch_open_db(const char *path, buf *err);

/* The event columns, in the order watch_event_json() reads them. */
/* The Goldstein sum of a group of events, the same whatever order the database adds
 * them in (SQLite and PostgreSQL scan in different orders, and a float sum's last
 * bit depends on it, which can round a printed mean the other way): the values are
 * added as whole hundredths (Goldstein values have one decimal). */
#define WATCH_GOLDSTEIN_SUM "(sum(round(goldstein * 100)) / CAST(100 AS DOUBLE PRECISION))"

#define WATCH_EVENT_COLS                                                               \
    "event_id, story_id, date, source_code, source_text, target_code, target_text, "  \
    "code, root, quad_class, goldstein, verb_text, sentence, first_doc, n_mentions, " \
    "n_sources, n_articles"
#define WATCH_EVENT_NCOLS 17
/* Appends the event in the current row (WATCH_EVENT_COLS from column col0) as JSON. */
void watch_event_json(store_query *st, int col0, buf *out);

/* Appends " AND date >= ?" when from is given and " AND date <= ?" when to is, with
 * their parameters: a condition only when it matters, so that the database searches
 * the date index ("? IS NULL OR date >= ?" would make it read every row). */
void watch_date_where(store_sql *sql, const char *from, const char *to);

/* Appends " AND <the events of dyad d at level>" to a query on events, with its two
 * parameters, in the expressions the indexes events_dyad (actor pairs) and
 * events_country_dyad (country pairs) are made of. Nothing when d is NULL. */
void watch_dyad_where(store_sql *sql, const watch_dyad *d, watch_level level);

/* SQL expressions for a dyad's source/target key at a level (for other queries). */
const char *watch_src_expr(watch_level level);
const char *watch_tgt_expr(watch_level level);

#endif
