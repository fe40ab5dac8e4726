/*
 * serve_geo.c — the dashboard's map: GET /api/places (events per place, from the
 * store's event_geo table, filtered like /api/events by dyad and dates; with lat
 * and lon, the events at that place) and GET /world.json (Natural Earth country
 * boundaries from the npm package world-atlas that `make deps` installs in
 * data/geo; no tile server, no request leaves the machine).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_geo.h"
#include "watch/watch.h"

#define JSON_TYPE "application/json; charset=utf-8"

static void error(int code, const char *msg, int *status, const char **ctype, buf *body)
{
    util_buf_clear(body);
    util_buf_adds(body, "{\"error\":");
    watch_json_str(body, msg);
    util_buf_adds(body, "}");
    *status = code;
    *ctype = JSON_TYPE;
}

static const char *get(const serve_arg *args, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(args[i].key, key)) return args[i].value;
    return NULL;
}

typedef struct places_q {
    watch_dyad d;
    int has_dyad, has_point, limit;
    const char *from, *to;
    double lat, lon;
} places_q;

/* 0, or -1 with the message in err. */
static int parse(const serve_arg *args, size_t n, places_q *q, buf *err)
{
    static const char *const allowed[] = {"dyad", "level", "from", "to", "lat", "lon", "limit", NULL};
    memset(q, 0, sizeof *q);
    for (size_t i = 0; i < n; i++) {
        int ok = 0;
        for (int k = 0; allowed[k] && !ok; k++) ok = !strcmp(args[i].key, allowed[k]);
        if (!ok) return util_buf_printf(err, "unknown parameter '%.40s'", args[i].key), -1;
    }
    const char *v = get(args, n, "dyad"), *lv = get(args, n, "level");
    if (lv && *lv && strcmp(lv, "country") && strcmp(lv, "actor"))
        return util_buf_printf(err, "'level' must be country or actor, not '%.40s'", lv), -1;
    if (v && *v) {
        if (watch_dyad_parse(v, &q->d, err)) return -1;
        if (lv && !strcmp(lv, "actor")) q->d.level = WATCH_ACTOR;
        q->has_dyad = 1;
    }
    int day;
    q->from = get(args, n, "from");
    q->to = get(args, n, "to");
    if (q->from && !*q->from) q->from = NULL;
    if (q->to && !*q->to) q->to = NULL;
    if ((q->from && util_date_parse(q->from, &day)) || (q->to && util_date_parse(q->to, &day)))
        return util_buf_printf(err, "'from' and 'to' are dates YYYY-MM-DD"), -1;
    const char *la = get(args, n, "lat"), *lo = get(args, n, "lon"), *li = get(args, n, "limit");
    if ((la && *la) != (lo && *lo)) return util_buf_printf(err, "'lat' and 'lon' go together"), -1;
    if (la && *la) {
        char *e1, *e2;
        q->lat = strtod(la, &e1);
        q->lon = strtod(lo, &e2);
        if (*e1 || *e2 || q->lat < -90 || q->lat > 90 || q->lon < -180 || q->lon > 180)
            return util_buf_printf(err, "'lat'/'lon' must be coordinates"), -1;
        q->has_point = 1;
    }
    q->limit = q->has_point ? 100 : 2000;
    if (li && *li) {
        char *e;
        long x = strtol(li, &e, 10);
        if (*e || x < 1 || x > 5000) return util_buf_printf(err, "'limit' must be 1..5000"), -1;
        q->limit = (int)x;
    }
    return 0;
}

int serve_geo_has_table(store_reader *db) { return store_reader_has_table(db, "event_geo"); }

/* The places query (or, with a point, the events at it). */
static store_query *places_query(store_reader *db, const places_q *q)
{
    store_sql sql;
    store_sql_init(&sql);
    if (q->has_point)
        store_sql_add(&sql, "SELECT e.event_id, e.date, e.source_code, e.target_code, e.code, e.quad_class, e.goldstein, "
                            "e.sentence, g.action_name FROM events e JOIN event_geo g ON g.event_id = e.event_id ");
    else
        store_sql_add(&sql, "SELECT g.action_name, min(g.action_country), g.action_lat, g.action_lon, count(*), "
                            "sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END), "
                            "sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END) "
                            "FROM events e JOIN event_geo g ON g.event_id = e.event_id ");
    store_sql_add(&sql, "WHERE g.action_type > 0");
    if (q->from) {
        store_sql_add(&sql, " AND e.date >= ");
        store_sql_param(&sql, sv_text(q->from));
    }
    if (q->to) {
        store_sql_add(&sql, " AND e.date <= ");
        store_sql_param(&sql, sv_text(q->to));
    }
    if (q->has_dyad) {
        store_sql_add(&sql, " AND %s = ", watch_src_expr(q->d.level));
        store_sql_param(&sql, sv_text(q->d.source));
        store_sql_add(&sql, " AND %s = ", watch_tgt_expr(q->d.level));
        store_sql_param(&sql, sv_text(q->d.target));
    }
    if (q->has_point) {
        store_sql_add(&sql, " AND abs(g.action_lat - ");
        store_sql_param(&sql, sv_real(q->lat));
        store_sql_add(&sql, ") < 1e-4 AND abs(g.action_lon - ");
        store_sql_param(&sql, sv_real(q->lon));
        store_sql_add(&sql, ") < 1e-4 ORDER BY e.date, e.event_id LIMIT ");
    } else {
        store_sql_add(&sql, " GROUP BY g.action_lat, g.action_lon, g.action_name"
                            " ORDER BY count(*) DESC, g.action_lat, g.action_lon, g.action_name LIMIT ");
    }
    store_sql_param(&sql, sv_int(q->limit));
    store_query *st = store_query_run(db, &sql);
    store_sql_free(&sql);
    return st;
}

/* The places (or, with a point, the events at it) as JSON into body. */
static int query(store_reader *db, const places_q *q, buf *body, buf *err)
{
    store_query *st = places_query(db, q);
    if (!st) {
        util_buf_printf(err, "reading places: %s", store_reader_errmsg(db));
        return -1;
    }
    util_buf_adds(body, q->has_point ? "{\"events\":[" : "{\"places\":[");
    int rc, n = 0;
    while ((rc = store_query_next(st)) == 1) {
        const char *c[9];
        for (int i = 0; i < 9; i++) c[i] = store_query_text(st, i);
        if (n++) util_buf_addc(body, ',');
        if (q->has_point) {
            util_buf_printf(body, "{\"event_id\":%lld,\"date\":", (long long)store_query_int(st, 0));
            watch_json_str(body, c[1]);
            util_buf_adds(body, ",\"source_code\":");
            watch_json_str(body, c[2]);
            util_buf_adds(body, ",\"target_code\":");
            watch_json_str(body, c[3]);
            util_buf_adds(body, ",\"code\":");
            watch_json_str(body, c[4]);
            util_buf_printf(body, ",\"quad_class\":%d,\"goldstein\":%.1f,\"sentence\":", (int)store_query_int(st, 5),
                       store_query_real(st, 6));
            watch_json_str(body, c[7]);
            util_buf_adds(body, ",\"place\":");
            watch_json_str(body, c[8]);
            util_buf_addc(body, '}');
        } else {
            util_buf_adds(body, "{\"name\":");
            watch_json_str(body, c[0]);
            util_buf_adds(body, ",\"country\":");
            watch_json_str(body, c[1]);
            util_buf_printf(body, ",\"lat\":%.5f,\"lon\":%.5f,\"events\":%d,\"quad\":[%d,%d,%d,%d]}",
                       store_query_real(st, 2), store_query_real(st, 3), (int)store_query_int(st, 4),
                       (int)store_query_int(st, 5), (int)store_query_int(st, 6), (int)store_query_int(st, 7),
                       (int)store_query_int(st, 8));
        }
    }
    util_buf_adds(body, "]}");
    if (rc != 0) util_buf_printf(err, "reading places: %s", store_reader_errmsg(db));
    store_query_free(st);
    return rc == 0 ? 0 : -1;
}

void serve_api_places(const char *db_path, const serve_arg *args, size_t n_args, int *status, const char **ctype,
                      buf *body)
{
    buf err;
    util_buf_init(&err);
    places_q q;
    if (parse(args, n_args, &q, &err)) {
        error(400, err.data, status, ctype, body);
        util_buf_free(&err);
        return;
    }
    store_reader *db = watch_open_db(db_path, &err);
    if (!db) {
        error(500, err.data, status, ctype, body);
        util_buf_free(&err);
        return;
    }
    util_buf_clear(body);
    if (!serve_geo_has_table(db)) {   /* a store written without a gazetteer: nothing located */
        util_buf_adds(body, q.has_point ? "{\"events\":[]}" : "{\"places\":[]}");
        *status = 200;
        *ctype = JSON_TYPE;
    } else if (query(db, &q, body, &err)) {
        error(500, err.data, status, ctype, body);
    } else {
        *status = 200;
        *ctype = JSON_TYPE;
    }
    store_reader_close(db);
    util_buf_free(&err);
}

const char *serve_geo_event_from(int has_geo)
{
    if (!has_geo) return " FROM events";
    return ", g.action_type, g.action_name, g.action_country, g.action_lat, g.action_lon, g.action_geonameid"
           " FROM events LEFT JOIN event_geo g USING (event_id)";
}

/* A coordinate as the dashboard has always had it: rounded to 5 decimals, then
 * written as SQLite's JSON writes a real (15 significant digits, ".0" when whole). */
static void coord_json(buf *out, double v)
{
    char t[64];
    snprintf(t, sizeof t, "%.5f", v);
    snprintf(t, sizeof t, "%.15g", strtod(t, NULL));
    util_buf_adds(out, t);
    if (!strpbrk(t, ".eni")) util_buf_adds(out, ".0");
}

void serve_geo_event_location(store_query *st, int col, buf *out)
{
    if (!out->len || out->data[out->len - 1] != '}') return;
    out->len--;
    util_buf_adds(out, ",\"location\":");
    if (store_query_type(st, col) == SV_NULL || store_query_int(st, col) <= 0) {
        util_buf_adds(out, "null}");
        return;
    }
    util_buf_adds(out, "{\"name\":");
    watch_json_str(out, store_query_text(st, col + 1));
    util_buf_adds(out, ",\"country\":");
    watch_json_str(out, store_query_text(st, col + 2));
    util_buf_printf(out, ",\"type\":%lld,\"lat\":", (long long)store_query_int(st, col));
    if (store_query_type(st, col + 3) == SV_NULL) util_buf_adds(out, "null");
    else coord_json(out, store_query_real(st, col + 3));
    util_buf_adds(out, ",\"lon\":");
    if (store_query_type(st, col + 4) == SV_NULL) util_buf_adds(out, "null");
    else coord_json(out, store_query_real(st, col + 4));
    util_buf_adds(out, ",\"geonameid\":");
    if (store_query_type(st, col + 5) == SV_NULL) util_buf_adds(out, "null");
    else util_buf_printf(out, "%lld", (long long)store_query_int(st, col + 5));
    util_buf_adds(out, "}}");
}

void serve_world_map(int *status, const char **ctype, buf *body)
{
    buf path;
    util_buf_init(&path);
    util_buf_printf(&path, "%s/geo/node_modules/world-atlas/countries-110m.json", util_data_dir());
    size_t len;
    char *data = util_read_file(path.data, &len);
    if (!data) {   /* an installed tocsin: DATADIR/tocsin/geo (make install) */
        util_buf_clear(&path);
        util_buf_printf(&path, "%s/geo/countries-110m.json", util_data_dir());
        data = util_read_file(path.data, &len);
    }
    util_buf_clear(body);
    if (!data) {
        char msg[600];
        snprintf(msg, sizeof msg, "no map data at %.400s (run make deps: data/geo/README.md)", path.data);
        error(404, msg, status, ctype, body);
    } else {
        util_buf_add(body, data, len);
        *status = 200;
        *ctype = JSON_TYPE;
        free(data);
    }
    util_buf_free(&path);
}
