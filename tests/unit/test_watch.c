/* test_watch.c — dyad indicators and escalation alerts (src/watch) on small stores
 * built in each test: the alert rule (baseline, threshold, minimum evidence,
 * warm-up, date range), per-story counting, levels, bad dates and the JSON. */
#include <jansson.h>
#include <math.h>
#include <unistd.h>

#include "testutil.h"
#include "test_watch_db.h"
#include "store/reader.h"

/* The reader (store/reader.h) over a test's SQLite handle. */
static store_reader *rd(sqlite3 *db)
{
    static store_reader *r;
    static sqlite3 *of;
    if (of != db) {
        store_reader_close(r);
        r = store_reader_sqlite(db);
        of = db;
    }
    return r;
}
#include "tocsin.h"
#include "watch/watch.h"

static int reports;
static void count_report(const char *msg, void *user)
{
    (void)user;
    (void)msg;
    reports++;
}

static watch_query query(void)
{
    watch_query q = {0};
    watch_params_default(&q.params);
    return q;
}

/* A quiet RUS-UKR baseline: one mild statement every other day for `days` days. */
static long long quiet_baseline(sqlite3 *db, int days, long long story)
{
    for (int d = 0; d < days; d += 2)
        tdb_event(db, story++, tdb_day(d), "RUSGOV", "UKRGOV", "012", 1, 0.4,
                  "Moscow made an optimistic comment about Kyiv.");
    return story;
}

static json_t *parse(const buf *b)
{
    json_error_t e;
    json_t *j = json_loads(b->data, 0, &e);
    if (!j) fprintf(stderr, "bad JSON (%s): %.300s\n", e.text, b->data);
    assert_non_null(j);
    return j;
}

static void test_dyad_parse(void **st)
{
    (void)st;
    watch_dyad d;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_dyad_parse("RUS-UKR", &d, &e), 0);
    assert_string_equal(d.source, "RUS");
    assert_string_equal(d.target, "UKR");
    assert_int_equal(d.level, WATCH_COUNTRY);
    assert_int_equal(watch_dyad_parse("RUSGOV-UKR", &d, &e), 0);
    assert_int_equal(d.level, WATCH_ACTOR);
    const char *bad[] = {"RUS", "RUS-", "-UKR", "rus-ukr", "RU-UKR", "RUS-UKR-X", "RUS UKR", "",
                         "RUS-UK\xc3\xa9", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-UKR"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        util_buf_clear(&e);
        assert_int_equal(watch_dyad_parse(bad[i], &d, &e), -1);
        assert_true(e.len > 0);
    }
    assert_int_equal(watch_dyad_parse(NULL, &d, &e), -1);
    util_buf_free(&e);
}

static void test_params(void **st)
{
    (void)st;
    watch_params p;
    buf e;
    util_buf_init(&e);
    watch_params_default(&p);
    assert_int_equal(watch_params_check(&p, &e), 0);
    p.alpha = 1.0;
    assert_int_equal(watch_params_check(&p, &e), -1);
    watch_params_default(&p);
    p.min_stories = p.min_events + 1;
    assert_int_equal(watch_params_check(&p, &e), -1);
    watch_params_default(&p);
    p.threshold = NAN;
    assert_int_equal(watch_params_check(&p, &e), -1);
    util_buf_free(&e);
}

/* A hostile day after a quiet month alerts, with the numbers that explain it. */
static void test_alert_fires(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    long long s = quiet_baseline(db, 30, 1);
    long long shell = tdb_event(db, s, tdb_day(30), "RUSMIL", "UKRMIL", "190", 4, -10.0,
                                "Russian artillery shelled Ukrainian positions.");
    tdb_event(db, s + 1, tdb_day(30), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Moscow threatened Kyiv.");
    tdb_event(db, s + 1, tdb_day(30), "RUSMIL", "UKR", "154", 4, -7.2, "Russian troops massed near Ukraine.");
    /* an unrelated cooperative dyad never alerts */
    for (int d = 0; d < 31; d++)
        tdb_event(db, 100 + d, tdb_day(d), "USAGOV", "RUSGOV", "036", 1, 4.0, "Washington will meet Moscow.");

    watch_query q = query();
    watch_alert *a;
    size_t n;
    int bad;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, &bad, &e), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(n, 1);
    assert_string_equal(a[0].dyad, "RUS-UKR");
    assert_string_equal(a[0].date, tdb_day(30));
    assert_true(fabs(a[0].goldstein_sum - (-24.2)) < 1e-9);
    assert_int_equal(a[0].n_hostile, 3);
    assert_int_equal(a[0].n_hostile_stories, 2);
    assert_int_equal(a[0].quad[3], 2);
    assert_int_equal(a[0].history_days, 30);
    /* the baseline is the mild statements: a small positive mean */
    assert_true(a[0].baseline_mean > 0 && a[0].baseline_mean < 0.4);
    assert_true(a[0].baseline_sd >= q.params.sigma_floor);
    assert_true(fabs(a[0].z - (a[0].baseline_mean - a[0].goldstein_sum) / a[0].baseline_sd) < 1e-9);
    assert_true(a[0].z >= q.params.threshold);

    /* evidence: the hostile events, most hostile first, with their sentences */
    buf out;
    util_buf_init(&out);
    assert_int_equal(watch_alert_evidence_json(rd(db), &a[0], WATCH_COUNTRY, 10, &out, &e), 0);
    json_t *j = parse(&out);
    assert_int_equal(json_array_size(j), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "event_id")), shell);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "sentence")),
                        "Russian artillery shelled Ukrainian positions.");
    json_decref(j);

    /* a higher threshold than the observed z silences it */
    q.params.threshold = a[0].z + 0.01;
    free(a);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, &bad, &e), 0);
    assert_int_equal(n, 0);
    free(a);
    util_buf_free(&out);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* Minimum evidence: three hostile events of one story are one report, not an alert;
 * copies of a story (mentions) never add events. */
static void test_min_evidence_and_copies(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    long long s = quiet_baseline(db, 30, 1);
    tdb_event_copies(db, s, tdb_day(30), "RUSMIL", "UKRMIL", "190", 4, -10.0, "Shelling.", 6);
    tdb_event_copies(db, s, tdb_day(30), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Threat.", 6);
    tdb_event_copies(db, s, tdb_day(30), "RUSMIL", "UKR", "154", 4, -7.2, "Troops massed.", 6);
    watch_query q = query();
    watch_alert *a;
    size_t n;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 0); /* one story only */
    free(a);
    q.params.min_stories = 1;
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].n_events, 3); /* 18 mentions, 3 events */
    assert_int_equal(a[0].n_stories, 1);
    free(a);
    q.params.min_events = 4;
    q.params.min_stories = 1;
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 0);
    free(a);

    /* the indicators count the same way: 3 events of 1 story on that day */
    watch_dyad d;
    assert_int_equal(watch_dyad_parse("RUS-UKR", &d, &e), 0);
    buf out;
    util_buf_init(&out);
    assert_int_equal(watch_indicators_json(rd(db), &d, 0, tdb_day(30), tdb_day(30), &out, &e), 0);
    json_t *j = parse(&out);
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 1);
    json_t *r = json_array_get(rows, 0);
    assert_int_equal(json_integer_value(json_object_get(r, "events")), 3);
    assert_int_equal(json_integer_value(json_object_get(r, "stories")), 1);
    assert_true(fabs(json_number_value(json_object_get(r, "material_conflict_share")) - 0.6667) < 1e-4);
    json_decref(j);
    util_buf_free(&out);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* Warm-up and date range: a burst on the dyad's 4th day waits for the warm-up; a
 * --from after the first burst reports only the second, whose baseline still
 * includes all earlier history. */
static void test_warmup_and_range(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    tdb_event(db, 1, tdb_day(0), "RUSGOV", "UKRGOV", "012", 1, 0.4, "Mild.");
    for (int burst = 0; burst < 2; burst++) {
        int day = burst ? 40 : 3;
        tdb_event(db, 10 + burst * 2, tdb_day(day), "RUSMIL", "UKRMIL", "190", 4, -10.0, "Shelling.");
        tdb_event(db, 11 + burst * 2, tdb_day(day), "RUSMIL", "UKRMIL", "193", 4, -10.0, "Fighting.");
        tdb_event(db, 11 + burst * 2, tdb_day(day), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Threat.");
    }
    watch_query q = query();
    watch_alert *a;
    size_t n;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(a[0].date, tdb_day(40));
    free(a);
    q.params.warmup_days = 0;
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 2);
    /* ranked by z: the first burst came out of a quieter baseline */
    assert_string_equal(a[0].date, tdb_day(3));
    assert_true(a[0].z >= a[1].z);
    free(a);
    q.from = tdb_day(10);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(a[0].date, tdb_day(40));
    assert_int_equal(a[0].history_days, 40);
    /* the earlier burst still weighs on the baseline: mean below the dyad's mild level */
    assert_true(a[0].baseline_mean < 0);
    free(a);
    q.from = NULL;
    q.to = tdb_day(39);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(a[0].date, tdb_day(3));
    free(a);
    q.to = "2022-02-30";
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), -1);
    assert_non_null(strstr(e.data, "2022-02-30"));
    util_buf_free(&e);
    sqlite3_close(db);
}

/* The baseline is the EWMA of the daily series with quiet days as zeros: checked
 * against a plain day-by-day computation. */
static void test_baseline_values(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    double x[40] = {0};
    long long story = 1;
    for (int k = 0; k < 3; k++) tdb_event(db, story++, tdb_day(0), "RUS", "UKR", k ? "057" : "051", 2, 7.0, "Deal.");
    x[0] = 21;
    tdb_event(db, story++, tdb_day(9), "RUS", "UKR", "111", 3, -2.0, "Criticism.");
    x[9] = -2;
    tdb_event(db, story++, tdb_day(17), "RUS", "UKR", "040", 1, 1.0, "Meeting.");
    x[17] = 1;
    tdb_event(db, story++, tdb_day(39), "RUS", "UKR", "190", 4, -10.0, "Fighting.");
    tdb_event(db, story++, tdb_day(39), "RUS", "UKR", "195", 4, -10.0, "Airstrike.");
    watch_query q = query();
    q.params.sigma_floor = 0.001;
    watch_alert *a;
    size_t n;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    double m = 0, v = 0, alpha = q.params.alpha;
    for (int d = 0; d < 39; d++) {
        double diff = x[d] - m;
        m += alpha * diff;
        v = (1 - alpha) * (v + alpha * diff * diff);
    }
    assert_true(fabs(a[0].baseline_mean - m) < 1e-9);
    assert_true(fabs(a[0].baseline_sd - sqrt(v)) < 1e-9);
    assert_true(fabs(a[0].z - (m + 20) / sqrt(v)) < 1e-9);
    free(a);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* The store's first day starts every dyad's series: a dyad silent for a month that
 * bursts into hostility alerts; in a store only 3 days old it is still warming up. */
static void test_new_dyad_after_silence(void **st)
{
    (void)st;
    for (int store_age = 3; store_age <= 30; store_age += 27) {
        sqlite3 *db = tdb_open(":memory:");
        for (int d = 30 - store_age; d <= 30; d++)
            tdb_event(db, 100 + d, tdb_day(d), "USAGOV", "RUSGOV", "036", 1, 4.0, "Talks.");
        tdb_event(db, 1, tdb_day(30), "RUSMIL", "UKRMIL", "190", 4, -10.0, "Shelling.");
        tdb_event(db, 2, tdb_day(30), "RUSMIL", "UKRMIL", "193", 4, -10.0, "Fighting.");
        tdb_event(db, 2, tdb_day(30), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Threat.");
        watch_query q = query();
        watch_alert *a;
        size_t n;
        buf e;
        util_buf_init(&e);
        assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
        if (store_age == 3) {
            assert_int_equal(n, 0);
        } else {
            assert_int_equal(n, 1);
            assert_string_equal(a[0].dyad, "RUS-UKR");
            assert_int_equal(a[0].history_days, 30);
            assert_true(a[0].baseline_mean == 0);
        }
        free(a);
        util_buf_free(&e);
        sqlite3_close(db);
    }
}

/* Country level merges RUSGOV/RUSMIL; actor level keeps them apart; a dyad filter
 * picks one dyad. */
static void test_levels(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    long long s = quiet_baseline(db, 20, 1);
    tdb_event(db, s, tdb_day(20), "RUSMIL", "UKRMIL", "190", 4, -10.0, "Shelling.");
    tdb_event(db, s + 1, tdb_day(20), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Threat.");
    tdb_event(db, s + 2, tdb_day(20), "RUSGOV", "UKRMIL", "172", 4, -5.0, "Sanctions.");
    watch_query q = query();
    watch_alert *a;
    size_t n;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    free(a);
    q.level = WATCH_ACTOR;
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 0);
    free(a);
    watch_dyad d;
    assert_int_equal(watch_dyad_parse("UKR-RUS", &d, &e), 0);
    q.dyad = &d;
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 0);
    free(a);
    assert_int_equal(watch_dyad_parse("RUS-UKR", &d, &e), 0);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, NULL, &e), 0);
    assert_int_equal(n, 1);
    free(a);

    buf out;
    util_buf_init(&out);
    assert_int_equal(watch_dyads_json(rd(db), WATCH_ACTOR, NULL, NULL, 0, &out, &e), 0);
    json_t *j = parse(&out);
    assert_int_equal(json_array_size(j), 3);
    json_t *top = json_array_get(j, 0);
    assert_string_equal(json_string_value(json_object_get(top, "dyad")), "RUSGOV-UKRGOV");
    assert_int_equal(json_integer_value(json_object_get(top, "events")), 11);
    json_decref(j);
    util_buf_clear(&out);
    assert_int_equal(watch_dyads_json(rd(db), WATCH_COUNTRY, NULL, NULL, 0, &out, &e), 0);
    j = parse(&out);
    assert_int_equal(json_array_size(j), 1);
    top = json_array_get(j, 0);
    assert_string_equal(json_string_value(json_object_get(top, "dyad")), "RUS-UKR");
    assert_int_equal(json_integer_value(json_object_get(top, "events")), 13);
    json_t *quad = json_object_get(top, "quad");
    assert_int_equal(json_integer_value(json_array_get(quad, 0)), 10);
    assert_int_equal(json_integer_value(json_array_get(quad, 3)), 2);
    assert_true(fabs(json_number_value(json_object_get(top, "goldstein_sum")) - (4.0 - 22.0)) < 1e-9);
    json_decref(j);
    util_buf_free(&out);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* Quiet days are part of the series; weeks start on Monday. */
static void test_indicators_series(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    /* 2022-01-01 is a Saturday */
    tdb_event(db, 1, "2022-01-01", "RUS", "UKR", "111", 3, -2.0, "a");
    tdb_event(db, 2, "2022-01-03", "RUS", "UKR", "190", 4, -10.0, "b");
    tdb_event(db, 3, "2022-01-09", "RUS", "UKR", "040", 1, 1.0, "c");
    tdb_event(db, 4, "2022-01-20", "RUS", "UKR", "040", 1, 1.0, "d");
    watch_dyad d;
    buf e, out;
    util_buf_init(&e);
    util_buf_init(&out);
    assert_int_equal(watch_dyad_parse("RUS-UKR", &d, &e), 0);
    assert_int_equal(watch_indicators_json(rd(db), &d, 0, NULL, NULL, &out, &e), 0);
    json_t *j = parse(&out);
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 20); /* 1st to 20th, every day */
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "date")), "2022-01-02");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 1), "events")), 0);
    json_decref(j);
    util_buf_clear(&out);
    assert_int_equal(watch_indicators_json(rd(db), &d, 1, NULL, NULL, &out, &e), 0);
    j = parse(&out);
    rows = json_object_get(j, "rows");
    assert_string_equal(json_string_value(json_object_get(j, "period")), "week");
    assert_int_equal(json_array_size(rows), 4); /* weeks of Dec 27, Jan 3, Jan 10, Jan 17 */
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "date")), "2021-12-27");
    json_t *w1 = json_array_get(rows, 1);
    assert_string_equal(json_string_value(json_object_get(w1, "date")), "2022-01-03");
    assert_int_equal(json_integer_value(json_object_get(w1, "events")), 2);
    assert_true(fabs(json_number_value(json_object_get(w1, "goldstein_sum")) + 9.0) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(w1, "goldstein_mean")) + 4.5) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 2), "events")), 0);
    json_decref(j);
    util_buf_free(&out);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* A stored event with an impossible date is reported by id; the rest still alert. */
static void test_bad_dates_reported(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    long long s = quiet_baseline(db, 30, 1);
    tdb_event(db, s, tdb_day(30), "RUSMIL", "UKRMIL", "190", 4, -10.0, "Shelling.");
    tdb_event(db, s + 1, tdb_day(30), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Threat.");
    tdb_event(db, s + 1, tdb_day(30), "RUSMIL", "UKR", "154", 4, -7.2, "Troops.");
    long long badid = tdb_event(db, s + 2, "2022-02-30", "RUSGOV", "UKRGOV", "111", 3, -2.0, "Bad.");
    tdb_exec(db, "UPDATE events SET date = 'yesterday' WHERE event_id = 1");
    reports = 0;
    tocsin_set_error_handler(count_report, NULL);
    watch_query q = query();
    watch_alert *a;
    size_t n;
    int bad = 0;
    buf e;
    util_buf_init(&e);
    assert_int_equal(watch_alerts(rd(db), &q, &a, &n, &bad, &e), 0);
    assert_int_equal(bad, 2);
    assert_int_equal(reports, 2);
    assert_int_equal(n, 1);
    free(a);
    (void)badid;
    tocsin_set_error_handler(NULL, NULL);
    util_buf_free(&e);
    sqlite3_close(db);
}

/* Strings from the store always make valid JSON, whatever bytes they hold. */
static void test_json_strings(void **st)
{
    (void)st;
    buf b;
    util_buf_init(&b);
    util_buf_addc(&b, '[');
    watch_json_str(&b, "ok \"quoted\" \\ \n");
    util_buf_addc(&b, ',');
    watch_json_str(&b, "bad \xff\xfe bytes \xc3");
    util_buf_addc(&b, ',');
    watch_json_str(&b, NULL);
    util_buf_addc(&b, ',');
    watch_json_num(&b, NAN);
    util_buf_addc(&b, ',');
    watch_json_num(&b, -0.00001);
    util_buf_addc(&b, ']');
    json_t *j = parse(&b);
    assert_string_equal(json_string_value(json_array_get(j, 0)), "ok \"quoted\" \\ \n");
    assert_non_null(strstr(json_string_value(json_array_get(j, 1)), "\xef\xbf\xbd"));
    assert_true(json_is_null(json_array_get(j, 2)));
    assert_true(json_number_value(json_array_get(j, 3)) == 0);
    assert_null(strstr(b.data, "-0"));
    json_decref(j);
    util_buf_free(&b);
}

/* watch_open_db refuses what is not an event store. */
/* Rows of a query as one string, for comparing two queries' answers. */
static void query_text(sqlite3 *db, const char *sql, buf *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    util_buf_clear(out);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            if (sqlite3_column_type(st, i) == SQLITE_FLOAT) {
                /* sums kept by adding and taking away may differ in the last bits */
                double v = round(sqlite3_column_double(st, i) * 1e6) / 1e6;
                util_buf_printf(out, "%.6f|", v == 0 ? 0.0 : v);
            }
            else
                util_buf_printf(out, "%s|", sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "NULL");
        }
        util_buf_addc(out, '\n');
    }
    sqlite3_finalize(st);
}

/* The aggregate tables (schema.sql "@aggregates") against the same sums computed
 * from events: after every kind of write the triggers see. */
static void assert_aggregates_match(sqlite3 *db)
{
    static const char *const pairs[][2] = {
        {"SELECT 0, substr(source_code,1,3), substr(target_code,1,3), date, count(*), count(DISTINCT story_id),"
         " total(goldstein), sum(quad_class=1), sum(quad_class=2), sum(quad_class=3), sum(quad_class=4),"
         " sum(goldstein<0), count(DISTINCT CASE WHEN goldstein<0 THEN story_id END) FROM events GROUP BY 2,3,4"
         " UNION ALL SELECT 1, source_code, target_code, date, count(*), count(DISTINCT story_id),"
         " total(goldstein), sum(quad_class=1), sum(quad_class=2), sum(quad_class=3), sum(quad_class=4),"
         " sum(goldstein<0), count(DISTINCT CASE WHEN goldstein<0 THEN story_id END) FROM events GROUP BY 2,3,4"
         " ORDER BY 1,2,3,4",
         "SELECT level, source, target, date, events, stories, goldstein, q1, q2, q3, q4, hostile,"
         " hostile_stories FROM dyad_days ORDER BY 1,2,3,4"},
        {"SELECT 0, substr(source_code,1,3), substr(target_code,1,3), count(*), count(DISTINCT story_id),"
         " total(goldstein), sum(quad_class=1), sum(quad_class=2), sum(quad_class=3), sum(quad_class=4),"
         " min(date), max(date) FROM events GROUP BY 2,3"
         " UNION ALL SELECT 1, source_code, target_code, count(*), count(DISTINCT story_id),"
         " total(goldstein), sum(quad_class=1), sum(quad_class=2), sum(quad_class=3), sum(quad_class=4),"
         " min(date), max(date) FROM events GROUP BY 2,3 ORDER BY 1,2,3",
         "SELECT level, source, target, events, stories, goldstein, q1, q2, q3, q4, first_date, last_date"
         " FROM dyad_totals ORDER BY 1,2,3"},
        {"SELECT date, count(*) FROM events GROUP BY 1 ORDER BY 1", "SELECT date, events FROM event_days ORDER BY 1"},
    };
    buf want, got;
    util_buf_init(&want);
    util_buf_init(&got);
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        query_text(db, pairs[i][0], &want);
        query_text(db, pairs[i][1], &got);
        if (strcmp(want.data ? want.data : "", got.data ? got.data : ""))
            fprintf(stderr, "aggregates differ:\nfrom events:\n%s\nkept:\n%s\n", want.data, got.data);
        assert_string_equal(want.data ? want.data : "", got.data ? got.data : "");
    }
    util_buf_free(&want);
    util_buf_free(&got);
}

/* A small deterministic random number in [0, n). */
static int lcg(unsigned *r, int n)
{
    *r = *r * 1103515245u + 12345u;
    return (int)((*r >> 8) % (unsigned)n);
}

static void test_aggregates_follow_writes(void **st)
{
    (void)st;
    sqlite3 *db = tdb_open(":memory:");
    static const char *const codes[] = {"RUSGOV", "RUSMIL", "RUS", "UKRGOV", "UKR", "USAGOV", "FRA"};
    static const double gold[] = {-10, -7.2, -4.4, -2, 0, 1, 3.4, 7};
    unsigned r = 12345;
    int n_events = 0;
    for (int i = 0; i < 1500; i++) {
        int what = lcg(&r, 10);
        char sql[512];
        if (what < 6 || !n_events) {
            /* the UNIQUE key can refuse one: that is a write the triggers must not see */
            int story = 1 + lcg(&r, 25), day = lcg(&r, 9), s = lcg(&r, 7), t = lcg(&r, 7);
            int code = 10 + lcg(&r, 150), quad = 1 + lcg(&r, 4), g = lcg(&r, 8);
            snprintf(sql, sizeof sql,
                     "INSERT OR IGNORE INTO events (story_id, date, source_code, target_code, code, root,"
                     " quad_class, goldstein, sentence, first_doc) VALUES (%d, '%s', '%s', '%s', '%d',"
                     " '1', %d, %g, 's', 'd')",
                     story, tdb_day(day), codes[s], codes[t], code, quad, gold[g]);
            n_events++;
        } else if (what < 8) {
            snprintf(sql, sizeof sql, "DELETE FROM events WHERE event_id = %d", 1 + lcg(&r, n_events));
        } else {
            static const char *const cols[] = {"date", "source_code", "target_code", "goldstein",
                                               "quad_class", "story_id", "n_mentions"};
            int c = lcg(&r, 7), v = lcg(&r, 9);
            char val[32];
            if (c == 0) snprintf(val, sizeof val, "'%s'", tdb_day(v));
            else if (c < 3) snprintf(val, sizeof val, "'%s'", codes[v % 7]);
            else if (c == 3) snprintf(val, sizeof val, "%g", gold[v % 8]);
            else snprintf(val, sizeof val, "%d", 1 + v % 4);
            snprintf(sql, sizeof sql, "UPDATE OR IGNORE events SET %s = %s WHERE event_id = %d", cols[c],
                     val, 1 + lcg(&r, n_events));
        }
        tdb_exec(db, sql);
        if (i % 250 == 0) assert_aggregates_match(db);
    }
    assert_aggregates_match(db);
    sqlite3_close(db);
}

/* A store made before the aggregate tables is given them, filled, on open. */
static void test_old_store_upgraded(void **st)
{
    (void)st;
    char path[] = "/tmp/tocsin-watch-old-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    sqlite3 *db = tdb_open(path);
    for (int d = 0; d < 20; d++)
        tdb_event(db, 1 + d / 3, tdb_day(d), d % 2 ? "RUSGOV" : "RUSMIL", "UKRGOV", "190", 4, -10.0, "x");
    /* what an older tocsin wrote: no aggregate tables, no triggers, no meta row */
    tdb_exec(db, "DROP TRIGGER events_watched_insert; DROP TRIGGER events_watched_delete;"
                 " DROP TRIGGER events_watched_update; DROP VIEW watched_events; DROP TABLE dyad_days;"
                 " DROP TABLE dyad_totals; DROP TABLE event_days;"
                 " DELETE FROM meta WHERE key IN ('aggregates', 'watch_confidence')");
    tdb_event(db, 30, tdb_day(25), "USAGOV", "RUSGOV", "036", 1, 4.0, "y");
    sqlite3_close(db);
    buf e;
    util_buf_init(&e);
    store_reader *r = watch_open_db(path, &e);
    if (!r) fprintf(stderr, "%s\n", e.data);
    assert_non_null(r);
    store_reader_close(r);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_aggregates_match(db);
    /* and the triggers keep them from then on */
    tdb_event(db, 31, tdb_day(26), "USAGOV", "RUSGOV", "036", 1, 4.0, "z");
    tdb_exec(db, "DELETE FROM events WHERE event_id = 3");
    assert_aggregates_match(db);
    sqlite3_close(db);
    unlink(path);
    util_buf_free(&e);
}

static void test_open_db(void **st)
{
    (void)st;
    char path[] = "/tmp/tocsin-watch-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "not a database at all, just some text\n", 38), 38);
    close(fd);
    buf e;
    util_buf_init(&e);
    assert_null(watch_open_db(path, &e));
    assert_true(e.len > 0);
    util_buf_clear(&e);
    assert_null(watch_open_db("/nonexistent/dir/x.db", &e));
    assert_true(e.len > 0);
    unlink(path);
    sqlite3 *db = tdb_open(path);
    sqlite3_close(db);
    store_reader *r = watch_open_db(path, &e);
    assert_non_null(r);
    store_reader_close(r);
    unlink(path);
    util_buf_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dyad_parse),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_alert_fires),
        cmocka_unit_test(test_min_evidence_and_copies),
        cmocka_unit_test(test_warmup_and_range),
        cmocka_unit_test(test_baseline_values),
        cmocka_unit_test(test_new_dyad_after_silence),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_indicators_series),
        cmocka_unit_test(test_bad_dates_reported),
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_open_db),
        cmocka_unit_test(test_aggregates_follow_writes),
        cmocka_unit_test(test_old_store_upgraded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
