/*
 * serve.h — `tocsin serve`: the HTTP JSON API over an event store and the
 * dashboard's static files, on libmicrohttpd (internal polling with a thread pool).
 *
 * Every request opens its own read-only SQLite connection, so requests never share
 * a connection across threads and a store being written (WAL) is read consistently.
 * API answers are cached until the store's next commit (serve_cache.h).
 * The dashboard (web/) is read from disk at request time: $TOCSIN_WEB, else the
 * installed share/tocsin/web or the checkout's web/ (util_web_dir). Reading it from disk keeps the page a plain
 * HTML/CSS/JS folder that can be edited and reloaded without rebuilding.
 *
 * Routes (GET or HEAD only; unknown query parameters are refused with 400):
 *   /api/dyads        ?level=country|actor&from&to&limit   JSON array, most events first
 *   /api/indicators   ?dyad=RUS-UKR&level&period=day|week&from&to
 *   /api/events       ?dyad&level&from&to&limit&offset      {"total","events":[...]}
 * A dyad of two 3-letter codes is a country pair unless level=actor says otherwise.
 *   /api/alerts       ?dyad&level&from&to&limit&evidence    {"method","alerts":[...]}
 *   /api/stories/ID   the story's documents and its events with every mention
 *   /api/network      ?level&from&to&limit                  {"nodes","edges"}
 *   /, /index.html, /app.js, /style.css ...  the dashboard
 */
#ifndef TOCSIN_SERVE_H
#define TOCSIN_SERVE_H

#include "util/util.h"
#include "watch/watch.h"

typedef struct serve_opts {
    const char *db_path;
    const char *listen;      /* address to bind; NULL = 127.0.0.1 */
    int port;                /* 0 = any free port (see serve_port) */
    const char *web_dir;     /* NULL = util_web_dir(): $TOCSIN_WEB, else the installed or checkout web/ */
    int threads;             /* thread pool size; <= 0 = 4 */
    watch_params params;     /* the alert method's parameters for /api/alerts */
    int no_cache;            /* 1: compute every API answer (default 0: answers are kept
                                until the store's next commit, see serve_cache.h) */
} serve_opts;

typedef struct serve_server serve_server;

/* Checks the store, binds and starts serving; NULL with a message in err. */
serve_server *serve_start(const serve_opts *o, buf *err);
int serve_port(const serve_server *s);
/* Stops accepting, finishes running requests and frees the server. */
void serve_stop(serve_server *s);

/* The response for one request, without HTTP: used by the server and tests.
 * args are n key/value pairs (already URL-decoded). Sets *status and *ctype and
 * fills body. */
typedef struct serve_arg {
    const char *key, *value;
} serve_arg;
void serve_route(const serve_opts *o, const char *method, const char *path, const serve_arg *args,
                 size_t n_args, int *status, const char **ctype, buf *body);

#endif
