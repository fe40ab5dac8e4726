/*
 * cmd_serve.c — `tocsin serve`: the JSON API and dashboard over an event store
 * (src/serve). Parses options, starts the server, prints the URL on stdout and
 * serves until SIGINT or SIGTERM. Exit status: 0 after a clean stop; 2 usage or a
 * fatal error (no store, port taken...).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"

static void serve_usage(FILE *f)
{
    fprintf(f,
            "usage: tocsin serve --db FILE [--port 8080] [--listen 127.0.0.1] [--threads 4]\n"
            "                    [--web DIR] [--threshold Z] [--min-events N] [--min-stories N]\n"
            "\n"
            "Serves the dashboard at http://ADDR:PORT/ and the JSON API under /api/ (dyads,\n"
            "indicators, events, alerts, stories/ID, network). Binds to 127.0.0.1 unless\n"
            "--listen names another address; --port 0 picks a free port. The dashboard is\n"
            "read from --web, else $TOCSIN_WEB, else the web/ directory of the build.\n");
}

static int int_opt(const char *name, const char *v, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi) {
        fprintf(stderr, "tocsin serve: %s wants a whole number from %d to %d, not '%s'\n", name, lo,
                hi, v);
        return -1;
    }
    *out = (int)x;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {0};
    o.port = 8080;
    watch_params_default(&o.params);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            serve_usage(stdout);
            return 0;
        }
        if (i + 1 >= argc || strncmp(a, "--", 2)) {
            fprintf(stderr, "tocsin serve: %s '%s'\n",
                    strncmp(a, "--", 2) ? "unexpected argument" : "missing value for", a);
            serve_usage(stderr);
            return 2;
        }
        const char *v = argv[++i];
        int bad = 0;
        if (!strcmp(a, "--db")) o.db_path = v;
        else if (!strcmp(a, "--listen")) o.listen = v;
        else if (!strcmp(a, "--web")) o.web_dir = v;
        else if (!strcmp(a, "--port")) bad = int_opt(a, v, 0, 65535, &o.port);
        else if (!strcmp(a, "--threads")) bad = int_opt(a, v, 1, 64, &o.threads);
        else if (!strcmp(a, "--min-events")) bad = int_opt(a, v, 1, 1000000, &o.params.min_events);
        else if (!strcmp(a, "--min-stories")) bad = int_opt(a, v, 1, 1000000, &o.params.min_stories);
        else if (!strcmp(a, "--threshold")) {
            char *end;
            o.params.threshold = strtod(v, &end);
            bad = end == v || *end;
            if (bad) fprintf(stderr, "tocsin serve: --threshold wants a number, not '%s'\n", v);
        } else {
            fprintf(stderr, "tocsin serve: unknown option '%s'\n", a);
            serve_usage(stderr);
            return 2;
        }
        if (bad) return 2;
    }
    if (!o.db_path) {
        fprintf(stderr, "tocsin serve: --db FILE is required\n");
        serve_usage(stderr);
        return 2;
    }
    /* Block the stop signals before the server's threads start, so they inherit the
     * mask and only this thread receives them, in sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    buf err;
    buf_init(&err);
    serve_server *s = serve_start(&o, &err);
    if (!s) {
        fprintf(stderr, "tocsin serve: %s\n", err.data);
        buf_free(&err);
        return 2;
    }
    buf_free(&err);
    const char *addr = o.listen && *o.listen ? o.listen : "127.0.0.1";
    int v6 = strchr(addr, ':') != NULL;
    printf("tocsin serve: http://%s%s%s:%d/ (store %s; Ctrl-C stops)\n", v6 ? "[" : "", addr,
           v6 ? "]" : "", serve_port(s), o.db_path);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    serve_stop(s);
    fprintf(stderr, "tocsin serve: stopped (%s)\n", sig == SIGINT ? "interrupt" : "terminated");
    return 0;
}
