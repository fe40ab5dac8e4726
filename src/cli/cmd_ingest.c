/*
 * cmd_ingest.c — `tocsin ingest --db F [options] FILE...`: code documents (same
 * inputs as `tocsin code`) and store them, their events and their story clusters
 * in the SQLite event store (src/store). Resumable and idempotent: documents
 * already in the database are skipped before they are coded, so rerunning after
 * an interruption (even kill -9) finishes the job quickly and rerunning a finished
 * ingest changes nothing.
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "dict/dict.h"
#include "io/io.h"
#include "store/store.h"

typedef struct ingest_args {
    reader_opts input;
    dict_opts dicts;
    cli_progress_opts progress;
    const char *db;
    int threads, batch, window, window_docs, no_dedup, stats;
} ingest_args;

static const cli_opt ingest_opts[] = {
    CLI_O_REQUIRED("--db", "FILE|URI", ingest_args, db,
                   "the event database (created if missing): a SQLite file (WAL), or a postgresql://user@host/dbname "
                   "URI; several ingests may write one at once"),
    CLI_O_INT("--threads", "N", ingest_args, threads, 1, 1 << 20, "code on N threads"),
    CLI_O_INT("--batch", "N", ingest_args, batch, 1, 1 << 20, "documents per transaction (default 500)"),
    CLI_O_FLAG("--no-dedup", ingest_args, no_dedup, "do not cluster copies of a story (each document is its own story)"),
    CLI_O_INT("--window", "DAYS", ingest_args, window, 0, 3650,
              "copies of a story are looked for within +-DAYS of publication (default 7)"),
    CLI_O_INT("--window-docs", "N", ingest_args, window_docs, 1, 1 << 20,
              "at most N recent documents in the copy index (default 50000; ~2 KB each)"),
    CLI_O_FLAG("--stats", ingest_args, stats, "print throughput figures to standard error"),
    CLI_O_END,
};

const cli_cmd cli_cmd_ingest = {
    .name = "ingest",
    .run = cmd_ingest,
    .summary = "code documents and store them in an event database",
    .synopsis = "--db FILE [options] [FILE...]",
    .operand = "FILE",
    .about = "Reads the same inputs as tocsin code (no FILE or \"-\": standard input) and stores\n"
             "the documents, their events and their story clusters. Resumable and idempotent:\n"
             "documents already in the database are skipped before they are coded, so rerunning\n"
             "after an interruption finishes the job and rerunning a finished ingest changes nothing.",
    .groups = {{ingest_opts, 0},
               {cli_input_table, offsetof(ingest_args, input)},
               {cli_dict_table, offsetof(ingest_args, dicts)},
               {cli_progress_table, offsetof(ingest_args, progress)}},
    .exit_status = "0 all stored; 1 some records failed (each reported); 2 usage or fatal error; "
                   "130 / 143 stopped by SIGINT / SIGTERM (documents coded so far committed, summary true)",
};

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
        g->ptrs = util_xrealloc(g->ptrs, g->cap * sizeof *g->ptrs);
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

/* A queued document that could not be stored when its batch was written. */
static void store_error(const char *msg, void *user)
{
    (void)user;
    fprintf(stderr, "tocsin: ingest: %s\n", msg);
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
    store_opts sopts;
    store_opts_default(&sopts);
    ingest_args args = {.threads = 1, .batch = sopts.batch_docs, .window = sopts.window_days,
                        .window_docs = (int)sopts.window_docs};
    dict_opts_init(&args.dicts);
    cli_operands ops;
    int rc = cli_parse(&cli_cmd_ingest, argc, argv, &args, &ops);
    if (rc >= 0) return rc;
    sopts.batch_docs = args.batch;
    sopts.window_days = args.window;
    sopts.window_docs = (size_t)args.window_docs;
    sopts.dedup = !args.no_dedup;
    sopts.on_error = store_error;
    const char *db = args.db;
    int threads = args.threads;
    char **files = ops.v;
    int nfiles = ops.n;
    if (!nfiles) files[nfiles++] = "-";

    double t0 = cli_now();
    char err[512];
    store *st = store_open(db, &sopts, err, sizeof err);
    if (!st) {
        fprintf(stderr, "tocsin: ingest: %s\n", err);
        cli_operands_free(&ops);
        return 2;
    }
    tocsin_dict *dict = dict_opts_load(&args.dicts);
    if (!dict) {
        store_close(st);
        cli_operands_free(&ops);
        return 2;
    }
    double t1 = cli_now();
    ingest_state g = {.st = st};
    catch_stop_signals();
    pipeline_result res;
    cli_progress prog;
    cli_progress_start(&prog, "ingest", &args.progress, files, nfiles);
    pipeline_hooks hooks = {.filter = already_stored, .progress = prog.on ? cli_progress_hook : NULL,
                            .progress_user = &prog};
    int status = io_pipeline_run_hooks(dict, files, nfiles, &args.input, threads, &hooks, store_doc, &g, &res);
    cli_progress_end(&prog, &res, 0);
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
            res.documents, ss.added, ss.skipped, res.failed + g.failed + ss.failed, ss.events_new, ss.mentions,
            ss.stories_new, ss.joined_story);
    if (args.stats) {
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
    cli_operands_free(&ops);
    if (g.fatal) return 2;
    if (stop_signal) return 128 + stop_signal;
    if (status == 0 && (g.failed || ss.failed)) status = 1;
    return status;
}
