/*
 * cmd_ingest.c — `tocsin ingest --db F [options] FILE...`: code documents (same
 * inputs as `tocsin code`) and store them, their events and their story clusters
 * in the event store (src/store: SQLite or PostgreSQL). Resumable and idempotent: documents
 * already in the database are skipped before they are coded, so rerunning after
 * an interruption (even kill -9) finishes the job quickly and rerunning a finished
 * ingest changes nothing.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "dict/dict.h"
#include "io/io.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: tocsin ingest --db FILE [options] [FILE...]   (no FILE or \"-\": standard input)\n"
    "  --db FILE|URI       the event database (created if missing): a SQLite file (WAL), or a\n"
    "                      postgresql://user@host/dbname URI; several ingests may write one at once\n"
    "  --date YYYY-MM-DD   publication date for documents that carry none (plain text)\n"
    "  --id ID             document id for a plain-text file (default: file name)\n"
    "  --input FORMAT      auto (default: by extension and content), text, jsonl, html, warc\n"
    DICT_OPTS_HELP
    "  --threads N         code on N threads\n"
    "  --batch N           documents per transaction (default 500)\n"
    "  --no-dedup          do not cluster copies of a story (each document is its own story)\n"
    "  --window DAYS       copies of a story are looked for within +-DAYS of publication (default 7)\n"
    "  --window-docs N     at most N recent documents in the copy index (default 50000; ~2 KB each)\n"
    "  --stats             print throughput figures to standard error\n"
    "exit status: 0 all stored; 1 some records failed (each reported); 2 usage or fatal error;\n"
    "  130 / 143 stopped by SIGINT / SIGTERM (documents coded so far committed, summary true)\n";

/* SIGINT/SIGTERM: the ingest stops at the next document, commits what it has
 * stored, prints its summary and exits 128 + the signal. A second signal kills
 * at once (the database stays whole: a batch is one transaction). */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

typedef struct ingest_state {
    store *st;
    const tocsin_event **ptrs;
    size_t cap;
    size_t failed;
    int fatal;
} ingest_state;

static int store_doc(const coded_doc *cd, void *user)
{
    ingest_state *g = user;
    if (stop_signal) return 1; /* stop: the pipeline stops reading and coding */
    if (cd->error) return 0; /* reported and counted by the pipeline; nothing to store */
    if (cd->nevents > g->cap) {
        g->cap = cd->nevents * 2;
        g->ptrs = xrealloc(g->ptrs, g->cap * sizeof *g->ptrs);
    }
    for (size_t i = 0; i < cd->nevents; i++) g->ptrs[i] = &cd->events[i].ev;
    char err[512];
    int rc = store_add(g->st, cd->doc, cd->nsentences, g->ptrs, cd->nevents, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "tocsin: ingest: %s\n", err);
        if (rc == -2) { /* the database itself failed: stop */
            g->fatal = 1;
            return 1;
        }
        g->failed++;
    }
    return 0;
}

/* A document already stored needs no coding: a rerun after an interruption goes
 * straight to where it stopped. store_add still sees it and counts it skipped. */
static int already_stored(const tocsin_doc *doc, void *user)
{
    ingest_state *g = user;
    return store_has_doc(g->st, doc);
}

int cmd_ingest(int argc, char **argv)
{
    dict_opts dicts;
    dict_opts_init(&dicts);
    reader_opts ropts = {0};
    store_opts sopts;
    store_opts_default(&sopts);
    const char *db = NULL;
    int threads = 1, stats = 0;
    char **files = xcalloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int st;
        if ((st = dict_opts_parse(&dicts, argc, argv, &i)) || (st = cli_input_option(&ropts, argc, argv, &i))) {
            if (st < 0) goto usage;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if ((!strcmp(a, "--threads") || !strcmp(a, "--batch") || !strcmp(a, "--window-docs")) &&
                   i + 1 < argc) {
            int v = cli_int(argv[++i]);
            if (v < 0) {
                fprintf(stderr, "tocsin: %s wants a positive number\n", a);
                goto usage;
            }
            if (!strcmp(a, "--threads")) threads = v;
            else if (!strcmp(a, "--batch")) sopts.batch_docs = v;
            else sopts.window_docs = (size_t)v;
        } else if (!strcmp(a, "--window") && i + 1 < argc) {
            const char *v = argv[++i];
            char *end;
            long d = strtol(v, &end, 10);
            if (*end || !*v || d < 0 || d > 3650) {
                fprintf(stderr, "tocsin: --window wants a number of days (0..3650)\n");
                goto usage;
            }
            sopts.window_days = (int)d;
        } else if (!strcmp(a, "--no-dedup")) {
            sopts.dedup = 0;
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(files);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "tocsin: ingest: unknown option or missing value: %s\n", a);
            goto usage;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!db) {
        fprintf(stderr, "tocsin: ingest: --db FILE is required\n");
        goto usage;
    }
    if (!nfiles) files[nfiles++] = "-";

    double t0 = cli_now();
    char err[512];
    store *st = store_open(db, &sopts, err, sizeof err);
    if (!st) {
        fprintf(stderr, "tocsin: ingest: %s\n", err);
        free(files);
        return 2;
    }
    tocsin_dict *dict = dict_opts_load(&dicts);
    if (!dict) {
        store_close(st);
        free(files);
        return 2;
    }
    double t1 = cli_now();
    ingest_state g = {.st = st};
    catch_stop_signals();
    pipeline_result res;
    int status = pipeline_run_filtered(dict, files, nfiles, &ropts, threads, already_stored, store_doc, &g, &res);
    double t2 = cli_now();
    if (!g.fatal && store_finish(st, err, sizeof err) != 0) {
        fprintf(stderr, "tocsin: ingest: %s\n", err);
        g.fatal = 1;
    }
    double t3 = cli_now();
    store_stats ss;
    store_get_stats(st, &ss);
    if (g.fatal)
        fprintf(stderr, "tocsin: ingest: stopped by the database error above; what is counted stored below is "
                "committed, a re-run stores the rest\n");
    else if (stop_signal)
        fprintf(stderr, "tocsin: ingest: stopped by %s; documents stored so far are committed, a re-run "
                "stores the rest\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    fprintf(stderr,
            "tocsin: ingest: %zu documents read, %zu stored, %zu already stored (skipped), %zu failed; "
            "%zu new events, %zu mentions; %zu new stories, %zu documents joined a story\n",
            res.documents, ss.added, ss.skipped, res.failed + g.failed, ss.events_new, ss.mentions, ss.stories_new,
            ss.joined_story);
    if (stats) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        double secs = t2 - t1 > 1e-9 ? t2 - t1 : 1e-9;
        fprintf(stderr,
                "tocsin: ingest: open+dictionaries %.3f s; %zu documents, %.1f MB in %.3f s: %.0f docs/s, "
                "%.2f MB/s (%d thread%s, dedup %s); last commit %.3f s; peak RSS %.1f MB; CPU: process %.2f s, "
                "storing %.2f s, of which clustering %.2f s\n",
                t1 - t0, res.documents, res.bytes / 1e6, secs, res.documents / secs, res.bytes / 1e6 / secs,
                threads, threads == 1 ? "" : "s", sopts.dedup ? "on" : "off", t3 - t2, ru.ru_maxrss / 1024.0,
                ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
                ss.store_cpu, ss.dedup_cpu);
        fprintf(stderr,
                "tocsin: ingest: %s store; waiting for the write lock %.3f s; other writers' fingerprints: %zu "
                "read in %.3f s\n",
                store_backend_name(st), ss.lock_wait, ss.refreshed, ss.refresh_secs);
    }
    store_close(st);
    tocsin_dict_free(dict);
    free(g.ptrs);
    free(files);
    if (g.fatal) return 2;
    if (stop_signal) return 128 + stop_signal;
    if (status == 0 && g.failed) status = 1;
    return status;

usage:
    fputs(usage_text, stderr);
    free(files);
    return 2;
}
