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
    int threads, batch, window, window_docs, no_dedup, stats, shards_stdin;
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
    CLI_O_FLAG("--shards-stdin", ingest_args, shards_stdin,
               "a long-lived ingest (tocsin.dask's workers): reads shards from standard input, one a line, "
               "PATH or PATH<TAB>START<TAB>END (a byte range of a JSON Lines file), and stores and commits "
               "each, then prints its summary and 'tocsin: ingest: shard done, exit status N' to standard "
               "error; the store, dictionaries and copy index stay open between shards"),
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

/* The store's figures of what happened since `before` (the whole run when zero). */
static void stats_since(const store *st, const store_stats *before, store_stats *d)
{
    store_get_stats(st, d);
    d->added -= before->added;
    d->skipped -= before->skipped;
    d->events_new -= before->events_new;
    d->mentions -= before->mentions;
    d->stories_new -= before->stories_new;
    d->joined_story -= before->joined_story;
    d->store_cpu -= before->store_cpu;
    d->dedup_cpu -= before->dedup_cpu;
    d->lock_wait -= before->lock_wait;
    d->refresh_secs -= before->refresh_secs;
    d->lock_held -= before->lock_held;
    d->lock_cpu -= before->lock_cpu;
    d->refreshed -= before->refreshed;
    d->failed -= before->failed;
}

static double cpu_secs(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* What one ingest (or one shard of --shards-stdin) did, for its summary. */
typedef struct ingest_report {
    const ingest_args *args;
    const store *st;
    pipeline_result res;
    store_stats ss;          /* since the start of this ingest or shard */
    size_t failed;           /* documents store_add refused */
    double open_secs, run_secs, commit_secs, cpu;
    int fatal;
} ingest_report;

/* The summary line (and the --stats lines) on standard error. */
static void print_report(const ingest_report *r)
{
    const store_stats *ss = &r->ss;
    if (r->fatal)
        fprintf(stderr, "tocsin: ingest: stopped by the database error above; what is counted stored below is "
                "committed, a re-run stores the rest\n");
    else if (stop_signal)
        fprintf(stderr, "tocsin: ingest: stopped by %s; documents stored so far are committed, a re-run "
                "stores the rest\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    fprintf(stderr,
            "tocsin: ingest: %zu documents read, %zu stored, %zu already stored (skipped), %zu failed; "
            "%zu new events, %zu mentions; %zu new stories, %zu documents joined a story\n",
            r->res.documents, ss->added, ss->skipped, r->res.failed + r->failed + ss->failed, ss->events_new,
            ss->mentions, ss->stories_new, ss->joined_story);
    if (!r->args->stats) return;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double secs = r->run_secs > 1e-9 ? r->run_secs : 1e-9;
    fprintf(stderr,
            "tocsin: ingest: open+dictionaries %.3f s; %zu documents, %.1f MB in %.3f s: %.0f docs/s, "
            "%.2f MB/s (%d thread%s, dedup %s); last commit %.3f s; peak RSS %.1f MB; CPU: process %.2f s, "
            "storing %.2f s, of which clustering %.2f s\n",
            r->open_secs, r->res.documents, r->res.bytes / 1e6, secs, r->res.documents / secs,
            r->res.bytes / 1e6 / secs, r->args->threads, r->args->threads == 1 ? "" : "s",
            r->args->no_dedup ? "off" : "on", r->commit_secs, ru.ru_maxrss / 1024.0, r->cpu, ss->store_cpu,
            ss->dedup_cpu);
    fprintf(stderr,
            "tocsin: ingest: %s store; waiting for the write lock %.3f s, holding it %.3f s (CPU %.3f s); other "
            "writers' fingerprints: %zu read in %.3f s\n",
            store_backend_name(r->st), ss->lock_wait, ss->lock_held, ss->lock_cpu, ss->refreshed, ss->refresh_secs);
}

/* The exit status of an ingest (or a shard) as its report says. */
static int report_status(const ingest_report *r, int pipeline_status)
{
    if (r->fatal) return 2;
    if (stop_signal) return 128 + stop_signal;
    if (pipeline_status == 0 && (r->failed || r->ss.failed)) return 1;
    return pipeline_status;
}

/* Reads one shard line "PATH" or "PATH\tSTART\tEND" into *path and in's byte
 * range. 0 ok, -1 malformed (message in err). */
static int parse_shard(char *line, char **path, reader_opts *in, char *err, size_t errlen)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    *path = line;
    in->range_start = in->range_end = 0;
    char *tab = strchr(line, '\t');
    if (tab) {
        *tab = 0;
        char *a = tab + 1, *e1, *e2;
        unsigned long long start = strtoull(a, &e1, 10);
        unsigned long long end = *e1 == '\t' ? strtoull(e1 + 1, &e2, 10) : 0;
        if (*e1 != '\t' || e1 == a || e2 == e1 + 1 || *e2 || end <= start) {
            snprintf(err, errlen, "shard \"%s\": want PATH<TAB>START<TAB>END with START < END", line);
            return -1;
        }
        in->range_start = start;
        in->range_end = end;
        if (in->format == IN_AUTO) in->format = IN_JSONL; /* a chunk of JSON Lines */
    }
    if (!**path || !strcmp(*path, "-")) {
        snprintf(err, errlen, "shard \"%s\": want a file (standard input carries the shards)", *path);
        return -1;
    }
    return 0;
}

/* --shards-stdin: each line of standard input is a shard, ingested and committed
 * with the store, dictionaries and copy index kept open, then reported (its summary
 * and "shard done, exit status N"). Ends at the end of input, a signal or a database
 * error; returns the worst status. */
static int ingest_shards(const ingest_args *args, store *st, tocsin_dict *dict, ingest_state *g)
{
    char *line = NULL, err[512];
    size_t cap = 0;
    int worst = 0;
    double c0 = 0; /* a shard's CPU is counted from the end of the one before (the first: from the start) */
    while (!stop_signal && !g->fatal && getline(&line, &cap, stdin) > 0) {
        ingest_report r = {.args = args, .st = st};
        store_stats before;
        store_get_stats(st, &before);
        double t0 = cli_now();
        g->failed = 0;
        reader_opts in = args->input;
        char *path;
        int status;
        if (parse_shard(line, &path, &in, err, sizeof err)) {
            fprintf(stderr, "tocsin: ingest: %s\n", err);
            status = 2;
        } else {
            pipeline_hooks hooks = {.filter = already_stored};
            status = io_pipeline_run_hooks(dict, &path, 1, &in, args->threads, &hooks, store_doc, g, &r.res);
            r.run_secs = cli_now() - t0;
            if (!g->fatal && store_commit(st, err, sizeof err) != 0) {
                fprintf(stderr, "tocsin: ingest: %s\n", err);
                g->fatal = 1;
            }
            r.commit_secs = cli_now() - t0 - r.run_secs;
            r.cpu = cpu_secs() - c0;
            c0 += r.cpu;
            r.fatal = g->fatal;
            r.failed = g->failed;
            stats_since(st, &before, &r.ss);
            print_report(&r);
            status = report_status(&r, status);
        }
        fprintf(stderr, "tocsin: ingest: shard done, exit status %d\n", status);
        fflush(stderr);
        if (status > worst) worst = status;
    }
    free(line);
    return worst;
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
    char **files = ops.v;
    int nfiles = ops.n;
    if (args.shards_stdin && nfiles) {
        fprintf(stderr, "tocsin ingest: --shards-stdin reads its shards from standard input, not FILE operands\n"
                        "tocsin ingest: see 'tocsin ingest --help'\n");
        cli_operands_free(&ops);
        return 2;
    }
    if (!nfiles) files[nfiles++] = "-";

    double t0 = cli_now();
    char err[512];
    store *st = store_open(args.db, &sopts, err, sizeof err);
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
    ingest_state g = {.st = st};
    catch_stop_signals();
    ingest_report r = {.args = &args, .st = st, .open_secs = cli_now() - t0};
    int status;
    if (args.shards_stdin) {
        status = ingest_shards(&args, st, dict, &g);
        if (!g.fatal && store_finish(st, err, sizeof err) != 0) {
            fprintf(stderr, "tocsin: ingest: %s\n", err);
            status = 2;
        }
        if (stop_signal && status < 128) status = 128 + stop_signal;
    } else {
        cli_progress prog;
        cli_progress_start(&prog, "ingest", &args.progress, files, nfiles);
        pipeline_hooks hooks = {.filter = already_stored, .progress = prog.on ? cli_progress_hook : NULL,
                                .progress_user = &prog};
        double t1 = cli_now();
        status = io_pipeline_run_hooks(dict, files, nfiles, &args.input, args.threads, &hooks, store_doc, &g, &r.res);
        cli_progress_end(&prog, &r.res, 0);
        r.run_secs = cli_now() - t1;
        if (!g.fatal && store_finish(st, err, sizeof err) != 0) {
            fprintf(stderr, "tocsin: ingest: %s\n", err);
            g.fatal = 1;
        }
        r.commit_secs = cli_now() - t1 - r.run_secs;
        r.cpu = cpu_secs();
        r.fatal = g.fatal;
        r.failed = g.failed;
        store_stats zero = {0};
        stats_since(st, &zero, &r.ss);
        print_report(&r);
        status = report_status(&r, status);
    }
    store_close(st);
    tocsin_dict_free(dict);
    free(g.ptrs);
    cli_operands_free(&ops);
    return status;
}
