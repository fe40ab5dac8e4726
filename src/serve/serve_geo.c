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

static int has_table(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='event_geo'", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

/* The places (or, with a point, the events at it) as JSON into body. */
static int query(sqlite3 *db, const places_q *q, buf *body, buf *err)
{
    buf sql;
    util_buf_init(&sql);
    if (q->has_point)
        util_buf_adds(&sql, "SELECT e.event_id, e.date, e.source_code, e.target_code, e.code, e.quad_class, e.goldstein, "
                       "e.sentence, g.action_name FROM events e JOIN event_geo g ON g.event_id = e.event_id ");
    else
        util_buf_adds(&sql, "SELECT g.action_name, g.action_country, g.action_lat, g.action_lon, count(*), "
                       "sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4) "
                       "FROM events e JOIN event_geo g ON g.event_id = e.event_id ");
    util_buf_adds(&sql, "WHERE g.action_type > 0 AND (?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2)");
    if (q->has_dyad)
        util_buf_printf(&sql, " AND %s = ?3 AND %s = ?4", watch_src_expr(q->d.level), watch_tgt_expr(q->d.level));
    if (q->has_point)
        util_buf_adds(&sql, " AND abs(g.action_lat - ?5) < 1e-4 AND abs(g.action_lon - ?6) < 1e-4 "
                       "ORDER BY e.date, e.event_id LIMIT ?7");
    else
        util_buf_adds(&sql, " GROUP BY g.action_lat, g.action_lon, g.action_name ORDER BY count(*) DESC LIMIT ?7");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
        util_buf_printf(err, "reading places: %s", sqlite3_errmsg(db));
        util_buf_free(&sql);
        return -1;
    }
    util_buf_free(&sql);
    if (q->from) sqlite3_bind_text(st, 1, q->from, -1, SQLITE_TRANSIENT);
    if (q->to) sqlite3_bind_text(st, 2, q->to, -1, SQLITE_TRANSIENT);
    if (q->has_dyad) {
        sqlite3_bind_text(st, 3, q->d.source, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, q->d.target, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_double(st, 5, q->lat);
    sqlite3_bind_double(st, 6, q->lon);
    sqlite3_bind_int(st, 7, q->limit);
    util_buf_adds(body, q->has_point ? "{\"events\":[" : "{\"places\":[");
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c[9];
        for (int i = 0; i < 9; i++) c[i] = (const char *)sqlite3_column_text(st, i);
        if (n++) util_buf_addc(body, ',');
        if (q->has_point) {
            util_buf_printf(body, "{\"event_id\":%lld,\"date\":", (long long)sqlite3_column_int64(st, 0));
            watch_json_str(body, c[1]);
            util_buf_adds(body, ",\"source_code\":");
            watch_json_str(body, c[2]);
            util_buf_adds(body, ",\"target_code\":");
            watch_json_str(body, c[3]);
            util_buf_adds(body, ",\"code\":");
            watch_json_str(body, c[4]);
            util_buf_printf(body, ",\"quad_class\":%d,\"goldstein\":%.1f,\"sentence\":", sqlite3_column_int(st, 5),
                       sqlite3_column_double(st, 6));
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
                       sqlite3_column_double(st, 2), sqlite3_column_double(st, 3), sqlite3_column_int(st, 4),
                       sqlite3_column_int(st, 5), sqlite3_column_int(st, 6), sqlite3_column_int(st, 7),
                       sqlite3_column_int(st, 8));
        }
    }
    util_buf_adds(body, "]}");
    if (rc != SQLITE_DONE) util_buf_printf(err, "reading places: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
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
    sqlite3 *db = watch_open_db(db_path, &err);
    if (!db) {
        error(500, err.data, status, ctype, body);
        util_buf_free(&err);
        return;
    }
    util_buf_clear(body);
    if (!has_table(db)) {   /* a store written without a gazetteer: nothing located */
        util_buf_adds(body, q.has_point ? "{\"events\":[]}" : "{\"places\":[]}");
        *status = 200;
        *ctype = JSON_TYPE;
    } else if (query(db, &q, body, &err)) {
        error(500, err.data, status, ctype, body);
    } else {
        *status = 200;
        *ctype = JSON_TYPE;
    }
    sqlite3_close(db);
    util_buf_free(&err);
}

const char *serve_geo_event_column(sqlite3 *db)
{
    if (!has_table(db)) return "";
    return ", (SELECT json_object('name', g.action_name, 'country', g.action_country, 'type', g.action_type, "
           "'lat', round(g.action_lat, 5), 'lon', round(g.action_lon, 5), 'geonameid', g.action_geonameid) "
           "FROM event_geo g WHERE g.event_id = events.event_id AND g.action_type > 0)";
}

void serve_geo_event_location(sqlite3_stmt *st, int col, buf *out)
{
    if (col >= sqlite3_column_count(st) || !out->len || out->data[out->len - 1] != '}') return;
    const char *loc = (const char *)sqlite3_column_text(st, col);
    out->len--;
    util_buf_adds(out, ",\"location\":");
    util_buf_adds(out, loc && *loc ? loc : "null");
    util_buf_addc(out, '}');
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
