/*
 * cmd_serve.c — `tocsin serve`: the JSON API and dashboard over an event store
 * (src/serve). Parses options, starts the server, prints the URL on stdout and
 * serves until SIGINT or SIGTERM. Exit status: 0 after a clean stop; 2 usage or a
 * fatal error (no store, port taken...).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "serve/serve.h"

static const cli_opt serve_opts_table[] = {
    CLI_O_REQUIRED("--db", "FILE", serve_opts, db_path, "the event database"),
    CLI_O_INT("--port", "PORT", serve_opts, port, 0, 65535, "TCP port (default 8080; 0 picks a free one)"),
    CLI_O_STRING("--listen", "ADDR", serve_opts, listen, "numeric IPv4/IPv6 address to bind (default 127.0.0.1)"),
    CLI_O_INT("--threads", "N", serve_opts, threads, 1, 64, "threads serving requests (default 4)"),
    CLI_O_STRING("--web", "DIR", serve_opts, web_dir,
                 "the dashboard's files (default: $TOCSIN_WEB, else share/tocsin/web\n"
                 "next to the installed program, or web/ of the checkout)"),
    CLI_O_NUMBER("--threshold", "Z", serve_opts, params.threshold, "alerts: standard deviations needed (default 3)"),
    CLI_O_INT("--min-events", "N", serve_opts, params.min_events, 1, 1000000,
              "alerts: hostile events needed on the day (default 2)"),
    CLI_O_INT("--min-stories", "N", serve_opts, params.min_stories, 1, 1000000,
              "alerts: distinct stories those events come from (default 2)"),
    CLI_O_END,
};

const cli_cmd cli_cmd_serve = {
    .name = "serve",
    .run = cmd_serve,
    .summary = "HTTP API and dashboard over an event database",
    .synopsis = "--db FILE [--port 8080] [--listen 127.0.0.1] [--threads 4]\n"
                " [--web DIR] [--threshold Z] [--min-events N] [--min-stories N]",
    .about = "Serves the dashboard at http://ADDR:PORT/ and the JSON API under /api/ (dyads,\n"
             "indicators, events, alerts, stories/ID, network), prints the URL on standard output\n"
             "and serves until SIGINT or SIGTERM. Binds to 127.0.0.1 unless --listen names\n"
             "another address.",
    .groups = {{serve_opts_table, 0}},
    .exit_status = "0 after a clean stop; 2 usage or a fatal error (no store, port taken...)",
};

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {0};
    o.port = 8080;
    watch_params_default(&o.params);
    cli_operands ops;
    int st = cli_parse(&cli_cmd_serve, argc, argv, &o, &ops);
    if (st >= 0) return st;
    cli_operands_free(&ops);
    /* Block the stop signals before the server's threads start, so they inherit the
     * mask and only this thread receives them, in sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    buf err;
    util_buf_init(&err);
    serve_server *s = serve_start(&o, &err);
    if (!s) {
        fprintf(stderr, "tocsin serve: %s\n", err.data);
        util_buf_free(&err);
        return 2;
    }
    util_buf_free(&err);
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
