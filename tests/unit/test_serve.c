/* test_serve.c — the HTTP API (src/serve) on a store built in the test: every
 * route's answer, 400s for bad parameters, 404s, 405, the dashboard's static files
 * (and no way out of their folder), and many clients at once over real sockets. */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "serve/serve.h"
#include "test_watch_db.h"

static char db_path[64], web_path[64];
static serve_server *server;
static int port;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One HTTP/1.1 GET (or other method) with Connection: close; returns the status,
 * body in *body (malloc'ed). -1 on a socket error. */
static int http(const char *method, const char *target, char **body)
{
    *body = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    /* a server that holds the connection without answering fails the test (it
     * does not hang it): reads give up after 5 s */
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    buf req;
    util_buf_init(&req);
    util_buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", method,
               target);
    int sent = write(fd, req.data, req.len) == (ssize_t)req.len;
    util_buf_free(&req);
    if (!sent) {
        close(fd);
        return -1;
    }
    buf resp;
    util_buf_init(&resp);
    char chunk[8192];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0) util_buf_add(&resp, chunk, (size_t)got);
    close(fd);
    int status = -1;
    if (sscanf(resp.data, "HTTP/1.%*d %d", &status) != 1) status = -1;
    char *sep = strstr(resp.data, "\r\n\r\n");
    *body = util_xstrdup(sep ? sep + 4 : "");
    util_buf_free(&resp);
    return status;
}

static json_t *get_json(const char *target, int want_status)
{
    char *body;
    int st = http("GET", target, &body);
    if (st != want_status) fprintf(stderr, "GET %s -> %d: %s\n", target, st, body ? body : "");
    assert_int_equal(st, want_status);
    json_error_t e;
    json_t *j = json_loads(body, 0, &e);
    if (!j) fprintf(stderr, "GET %s: bad JSON (%s): %.200s\n", target, e.text, body);
    assert_non_null(j);
    free(body);
    return j;
}

static int setup(void **st)
{
    (void)st;
    snprintf(db_path, sizeof db_path, "/tmp/tocsin-serve-XXXXXX");
    int fd = mkstemp(db_path);
    assert_true(fd >= 0);
    close(fd);
    unlink(db_path);
    sqlite3 *db = tdb_open(db_path);
    long long story = 1;
    for (int d = 0; d < 30; d += 2)
        tdb_event(db, story++, tdb_day(d), "RUSGOV", "UKRGOV", "012", 1, 0.4, "Moscow praised Kyiv.");
    for (int d = 1; d < 30; d += 3)
        tdb_event(db, story++, tdb_day(d), "USAGOV", "RUSGOV", "036", 1, 4.0, "Washington will meet Moscow.");
    tdb_event_copies(db, 500, tdb_day(30), "RUSMIL", "UKRMIL", "190", 4, -10.0,
                     "Russian artillery shelled Ukrainian positions.", 3);
    tdb_event(db, 501, tdb_day(30), "RUSGOV", "UKRGOV", "138", 3, -7.0, "Moscow threatened Kyiv.");
    tdb_event(db, 501, tdb_day(30), "RUSMIL", "UKR", "154", 4, -7.2, "Troops \xff massed.");
    sqlite3_close(db);

    snprintf(web_path, sizeof web_path, "/tmp/tocsin-web-XXXXXX");
    assert_non_null(mkdtemp(web_path));
    char p[128];
    snprintf(p, sizeof p, "%s/index.html", web_path);
    FILE *f = fopen(p, "w");
    fputs("<!doctype html><title>dash</title>", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/app.js", web_path);
    f = fopen(p, "w");
    fputs("console.log(1);", f);
    fclose(f);

    serve_opts o = {.db_path = db_path, .port = 0, .web_dir = web_path, .threads = 4};
    watch_params_default(&o.params);
    buf e;
    util_buf_init(&e);
    server = serve_start(&o, &e);
    if (!server) fprintf(stderr, "serve_start: %s\n", e.data);
    util_buf_free(&e);
    assert_non_null(server);
    port = serve_port(server);
    assert_true(port > 0);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    serve_stop(server);
    unlink(db_path);
    char p[128];
    snprintf(p, sizeof p, "%s/index.html", web_path);
    unlink(p);
    snprintf(p, sizeof p, "%s/app.js", web_path);
    unlink(p);
    rmdir(web_path);
    return 0;
}

static void test_dyads(void **st)
{
    (void)st;
    json_t *j = get_json("/api/dyads", 200);
    assert_true(json_is_array(j));
    assert_int_equal(json_array_size(j), 2);
    json_t *top = json_array_get(j, 0);
    assert_string_equal(json_string_value(json_object_get(top, "dyad")), "RUS-UKR");
    assert_int_equal(json_integer_value(json_object_get(top, "events")), 18);
    assert_int_equal(json_integer_value(json_object_get(top, "stories")), 17);
    json_decref(j);
    j = get_json("/api/dyads?level=actor&limit=1", 200);
    assert_int_equal(json_array_size(j), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "dyad")), "RUSGOV-UKRGOV");
    json_decref(j);
    j = get_json("/api/dyads?from=2022-01-31&to=2022-01-31", 200);
    assert_int_equal(json_array_size(j), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "events")), 3);
    json_decref(j);
}

static void test_events_and_alerts(void **st)
{
    (void)st;
    json_t *j = get_json("/api/events?dyad=RUS-UKR&from=2022-01-31&to=2022-01-31", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
    json_t *evs = json_object_get(j, "events");
    assert_int_equal(json_array_size(evs), 3);
    json_t *first = json_array_get(evs, 0);
    assert_string_equal(json_string_value(json_object_get(first, "code")), "190");
    assert_int_equal(json_integer_value(json_object_get(first, "n_mentions")), 3);
    /* the invalid byte in a stored sentence came out as valid JSON */
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(evs, 2), "sentence")),
                           "\xef\xbf\xbd"));
    json_decref(j);
    /* level=actor takes the 3-letter codes as whole actor codes: none is exactly RUS */
    j = get_json("/api/events?dyad=RUS-UKR&level=actor", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    j = get_json("/api/events?dyad=RUSMIL-UKRMIL&level=actor", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
    json_decref(j);
    j = get_json("/api/events?dyad=RUS-UKR&limit=2&offset=1", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 18);
    assert_int_equal(json_array_size(json_object_get(j, "events")), 2);
    json_decref(j);

    j = get_json("/api/alerts", 200);
    json_t *alerts = json_object_get(j, "alerts");
    assert_int_equal(json_array_size(alerts), 1);
    json_t *a = json_array_get(alerts, 0);
    assert_string_equal(json_string_value(json_object_get(a, "dyad")), "RUS-UKR");
    assert_string_equal(json_string_value(json_object_get(a, "date")), "2022-01-31");
    assert_true(json_number_value(json_object_get(a, "z")) >= 3.0);
    json_t *ev = json_object_get(a, "evidence");
    assert_int_equal(json_array_size(ev), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "sentence")),
                        "Russian artillery shelled Ukrainian positions.");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "method"), "name")),
                        "ewma-goldstein");
    json_decref(j);
    j = get_json("/api/alerts?dyad=USA-RUS", 200);
    assert_int_equal(json_array_size(json_object_get(j, "alerts")), 0);
    json_decref(j);
    j = get_json("/api/alerts?to=2022-01-30", 200);
    assert_int_equal(json_array_size(json_object_get(j, "alerts")), 0);
    json_decref(j);
}

static void test_story_indicators_network(void **st)
{
    (void)st;
    json_t *j = get_json("/api/stories/500", 200);
    assert_int_equal(json_array_size(json_object_get(j, "documents")), 3);
    json_t *ev = json_array_get(json_object_get(j, "events"), 0);
    assert_int_equal(json_array_size(json_object_get(ev, "mentions")), 3);
    json_decref(j);
    j = get_json("/api/stories/999999", 404);
    json_decref(j);
    j = get_json("/api/indicators?dyad=RUS-UKR&period=week", 200);
    json_t *rows = json_object_get(j, "rows");
    assert_true(json_array_size(rows) >= 5);
    int total = 0;
    for (size_t i = 0; i < json_array_size(rows); i++)
        total += (int)json_integer_value(json_object_get(json_array_get(rows, i), "events"));
    assert_int_equal(total, 18);
    json_decref(j);
    j = get_json("/api/network", 200);
    assert_int_equal(json_array_size(json_object_get(j, "edges")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "nodes")), 3);
    json_decref(j);
}

static void test_bad_requests(void **st)
{
    (void)st;
    static const struct {
        const char *target;
        int status;
        const char *says;
    } cases[] = {
        {"/api/events?dyad=rus-ukr", 400, "dyad"},
        {"/api/events?dyad=RUS-UKR&from=2022-02-30", 400, "from"},
        {"/api/events?from=2022-02-01&to=2022-01-01", 400, "after"},
        {"/api/events?limit=0", 400, "limit"},
        {"/api/events?limit=abc", 400, "limit"},
        {"/api/events?offset=-1", 400, "offset"},
        {"/api/events?bogus=1", 400, "bogus"},
        {"/api/events?dyad=RUS-UKR&dyad=USA-RUS", 400, "twice"},
        {"/api/indicators", 400, "dyad"},
        {"/api/indicators?dyad=RUS-UKR&period=month", 400, "period"},
        {"/api/dyads?level=planet", 400, "level"},
        {"/api/indicators?dyad=RUSGOV-UKR&level=country", 400, "3-letter"},
        {"/api/events?dyad=RUS-UKR&level=both", 400, "level"},
        {"/api/stories/abc", 400, "story"},
        {"/api/stories/", 400, "story"},
        {"/api/stories/12x", 400, "story"},
        {"/api/nothing", 404, "route"},
        {"/nothing/here", 404, "page"},
        {"/secret.txt", 404, "page"},
        {"/.hidden.html", 404, "page"},
        {"/..%2f..%2fetc%2fpasswd", 404, "page"},
        {"/%2e%2e/index.html", 404, "page"},
        {"/api/events?dyad=%ff%fe", 400, "dyad"},
        {"/api/dyads?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13&n=14&o=15&p=16&q=17",
         400, "more than"},
        {"/api/alerts?=x", 400, "unknown parameter"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *j = get_json(cases[i].target, cases[i].status);
        const char *msg = json_string_value(json_object_get(j, "error"));
        assert_non_null(msg);
        if (!strstr(msg, cases[i].says)) fprintf(stderr, "%s: '%s'\n", cases[i].target, msg);
        assert_non_null(strstr(msg, cases[i].says));
        json_decref(j);
    }
    char *body;
    assert_int_equal(http("POST", "/api/dyads", &body), 405);
    free(body);
    assert_int_equal(http("DELETE", "/api/events", &body), 405);
    free(body);
}

/* Issue 15 item 6: ~500 query parameters used to exhaust libmicrohttpd's connection
 * pool and leave the client waiting 30 s; a %00 cut "/app.js%00.html" to "/app.js".
 * Each must be answered at once with 400 (or 414 for a URL over the limit). */
static void test_hostile_requests(void **st)
{
    (void)st;
    static const int counts[] = {17, 480, 500, 1000, 2000, 4000};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        buf t;
        util_buf_init(&t);
        util_buf_adds(&t, "/api/dyads?");
        for (int k = 0; k < counts[i]; k++) util_buf_printf(&t, "%sa%d=1", k ? "&" : "", k);
        double t0 = now_seconds();
        char *body;
        int status = http("GET", t.data, &body);
        double took = now_seconds() - t0;
        if (status != 400 && status != 414)
            fprintf(stderr, "%d parameters -> %d after %.1f s: %.200s\n", counts[i], status, took,
                    body ? body : "");
        assert_true(status == 400 || status == 414);
        assert_true(took < 2.0);
        free(body);
        util_buf_free(&t);
    }
    static const char *const control[] = {"/app.js%00.html", "/index.html%00", "/app.js%0a",
                                          "/api/dyads?level=country%00x", "/api/alerts?dyad=RUS-UKR%7f",
                                          "/api/events?dyad=RUS-UKR&from=2022-01-01%00x"};
    for (size_t i = 0; i < sizeof control / sizeof *control; i++) {
        json_t *j = get_json(control[i], 400);
        assert_non_null(strstr(json_string_value(json_object_get(j, "error")), "control"));
        json_decref(j);
    }
    char *body; /* still serving */
    assert_int_equal(http("GET", "/app.js", &body), 200);
    free(body);
}

/* Answers are cached per store generation: the same request is answered the same,
 * and a commit by another connection (an ingest) is seen by the next request. */
static void test_cache_follows_store(void **st)
{
    (void)st;
    char *a, *b;
    assert_int_equal(http("GET", "/api/dyads", &a), 200);
    assert_int_equal(http("GET", "/api/dyads", &b), 200);
    assert_string_equal(a, b);
    free(b);
    json_t *j = get_json("/api/alerts?dyad=USA-RUS", 200);
    size_t alerts_before = json_array_size(json_object_get(j, "alerts"));
    json_decref(j);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    long long e1 = tdb_event(db, 900, tdb_day(31), "USAGOV", "RUSGOV", "190", 4, -10.0, "Shelling.");
    long long e2 = tdb_event(db, 901, tdb_day(31), "USAMIL", "RUSMIL", "190", 4, -10.0, "More shelling.");
    assert_int_equal(http("GET", "/api/dyads", &b), 200);
    assert_string_not_equal(a, b);
    free(b);
    j = get_json("/api/dyads", 200);
    json_t *usa = json_array_get(j, 1);
    assert_string_equal(json_string_value(json_object_get(usa, "dyad")), "USA-RUS");
    assert_int_equal(json_integer_value(json_object_get(usa, "events")), 12);
    json_decref(j);
    j = get_json("/api/alerts?dyad=USA-RUS", 200);
    assert_int_equal(json_array_size(json_object_get(j, "alerts")), alerts_before + 1);
    json_decref(j);
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM events WHERE event_id IN (%lld, %lld)", e1, e2);
    tdb_exec(db, sql);
    sqlite3_close(db);
    assert_int_equal(http("GET", "/api/dyads", &b), 200);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_static(void **st)
{
    (void)st;
    char *body;
    assert_int_equal(http("GET", "/", &body), 200);
    assert_string_equal(body, "<!doctype html><title>dash</title>");
    free(body);
    assert_int_equal(http("GET", "/app.js", &body), 200);
    assert_string_equal(body, "console.log(1);");
    free(body);
    assert_int_equal(http("GET", "/missing.css", &body), 404);
    free(body);
}

/* serve_route answers without a socket too, and names what is wrong. */
static void test_route_direct(void **st)
{
    (void)st;
    serve_opts o = {.db_path = "/nonexistent/store.db"};
    watch_params_default(&o.params);
    int status;
    const char *ctype;
    buf body;
    util_buf_init(&body);
    serve_route(&o, "GET", "/api/dyads", NULL, 0, &status, &ctype, &body);
    assert_int_equal(status, 500);
    assert_non_null(strstr(body.data, "cannot open"));
    serve_arg args[] = {{"dyad", "RUS-UKR"}, {"from", "2022-13-01"}};
    serve_route(&o, "GET", "/api/events", args, 2, &status, &ctype, &body);
    assert_int_equal(status, 400); /* parameters are checked before the store is opened */
    assert_non_null(strstr(ctype, "json"));
    util_buf_free(&body);
}

typedef struct client {
    int id, ok, failed;
} client;

static void *client_run(void *p)
{
    client *c = p;
    static const char *const targets[] = {
        "/api/dyads", "/api/alerts", "/api/events?dyad=RUS-UKR", "/api/stories/500",
        "/api/indicators?dyad=RUS-UKR", "/api/network", "/api/events?dyad=bad", "/"};
    static const int want[] = {200, 200, 200, 200, 200, 200, 400, 200};
    for (int i = 0; i < 40; i++) {
        int k = (c->id + i) % 8;
        char *body;
        int st = http("GET", targets[k], &body);
        if (st == want[k] && body && *body) c->ok++;
        else c->failed++;
        free(body);
    }
    return NULL;
}

static void test_concurrent_clients(void **st)
{
    (void)st;
    enum { N = 12 };
    pthread_t t[N];
    client c[N];
    for (int i = 0; i < N; i++) {
        c[i] = (client){.id = i};
        assert_int_equal(pthread_create(&t[i], NULL, client_run, &c[i]), 0);
    }
    int ok = 0, failed = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].ok;
        failed += c[i].failed;
    }
    assert_int_equal(failed, 0);
    assert_int_equal(ok, N * 40);
    /* and it still answers afterwards */
    json_t *j = get_json("/api/dyads", 200);
    json_decref(j);
}

static void test_start_errors(void **st)
{
    (void)st;
    serve_opts o = {.db_path = db_path, .port = port};
    watch_params_default(&o.params);
    buf e;
    util_buf_init(&e);
    assert_null(serve_start(&o, &e)); /* port taken */
    util_buf_clear(&e);
    o.port = 0;
    o.listen = "not-an-address";
    assert_null(serve_start(&o, &e));
    assert_non_null(strstr(e.data, "not-an-address"));
    util_buf_clear(&e);
    o.listen = NULL;
    o.db_path = "/nonexistent/store.db";
    assert_null(serve_start(&o, &e));
    util_buf_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dyads),
        cmocka_unit_test(test_events_and_alerts),
        cmocka_unit_test(test_story_indicators_network),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_static),
        cmocka_unit_test(test_hostile_requests),
        cmocka_unit_test(test_route_direct),
        cmocka_unit_test(test_concurrent_clients),
        cmocka_unit_test(test_start_errors),
        cmocka_unit_test(test_cache_follows_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
