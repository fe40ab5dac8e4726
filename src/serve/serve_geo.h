/*
 * serve_geo.h — the dashboard map's routes (serve_geo.c), called by serve_route():
 * GET /api/places and GET /world.json. Both fill status, content type and body
 * like serve_route() does, and never fail the server: a store written without a
 * gazetteer has no places, a machine without the map data answers 404.
 */
#ifndef TOCSIN_SERVE_GEO_H
#define TOCSIN_SERVE_GEO_H

#include "serve/serve.h"
#include "store/reader.h"

/* /api/places?dyad=&level=&from=&to=[&lat=&lon=][&limit=]: events per place
 * ({"places":[{"name","country","lat","lon","events","quad":[q1,q2,q3,q4]}]}),
 * or with lat/lon the events located there ({"events":[...]}). */
void serve_api_places(const char *db_path, const serve_arg *args, size_t n_args, int *status, const char **ctype,
                      buf *body);
/* 1 when the store has the event_geo table (0: a store written without a gazetteer). */
int serve_geo_has_table(store_reader *db);
/* /api/events' locations: what follows WATCH_EVENT_COLS in the query, from " FROM"
 * (has_geo 0) or six location columns and a FROM joining event_geo (has_geo 1);
 * and, reading those columns from col, the JSON object that watch_event_json() just
 * wrote to out given a "location" (an object, or null) before its closing brace. */
const char *serve_geo_event_from(int has_geo);
void serve_geo_event_location(store_query *st, int col, buf *out);
/* /world.json: Natural Earth 1:110m countries (topojson, npm world-atlas). */
void serve_world_map(int *status, const char **ctype, buf *body);

#endif
