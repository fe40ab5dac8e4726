/*
 * serve_geo.h — the dashboard map's routes (serve_geo.c), called by serve_route():
 * GET /api/places and GET /world.json. Both fill status, content type and body
 * like serve_route() does, and never fail the server: a store written without a
 * gazetteer has no places, a machine without the map data answers 404.
 */
#ifndef TOCSIN_SERVE_GEO_H
#define TOCSIN_SERVE_GEO_H

#include <sqlite3.h>

#include "serve/serve.h"

/* /api/places?dyad=&level=&from=&to=[&lat=&lon=][&limit=]: events per place
 * ({"places":[{"name","country","lat","lon","events","quad":[q1,q2,q3,q4]}]}),
 * or with lat/lon the events located there ({"events":[...]}). */
void serve_api_places(const char *db_path, const serve_arg *args, size_t n_args, int *status, const char **ctype,
                      buf *body);
/* /api/events' locations: the SQL column to add after WATCH_EVENT_COLS when the
 * store has event_geo ("" when not: a store written without a gazetteer), and the
 * JSON object that watch_event_json() just wrote to out, given a "location" from
 * that column (col) before its closing brace. */
const char *serve_geo_event_column(sqlite3 *db);
void serve_geo_event_location(sqlite3_stmt *st, int col, buf *out);
/* /world.json: Natural Earth 1:110m countries (topojson, npm world-atlas). */
void serve_world_map(int *status, const char **ctype, buf *body);

#endif
