/*
 * cmd_code.c — `tocsin code`: documents in, CAMEO events out (JSON Lines or TSV),
 * composing in pipes like jq: files or "-" in, one event per line out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "dict/dict.h"
#include "io/io.h"

static const char usage_text[] =
    "usage: tocsin code [options] [FILE...]   (no FILE or \"-\": standard input)\n"
    "  --date YYYY-MM-DD   publication date for documents that carry none (plain text)\n"
    "  --id ID             document id for a plain-text file (default: file name)\n"
    "  --input FORMAT      auto (default: by extension and content), text, jsonl, html, warc\n"
    "  --format FORMAT     jsonl (default) or tsv\n"
    DICT_OPTS_HELP
    "  --threads N         code on N threads (output identical, in input order)\n"
    "  --stats             print throughput figures to standard error\n"
    "exit status: 0 all coded; 1 some records failed (each reported); 2 usage or fatal error\n";

typedef struct code_out {
    int tsv;
    buf out;
} code_out;

static int write_events(const coded_doc *cd, void *user)
{
    code_out *o = user;
    for (size_t i = 0; i < cd->nevents; i++) {
        if (o->tsv) emit_event_tsv(&o->out, &cd->events[i].ev);
        else emit_event_jsonl(&o->out, &cd->events[i].ev);
    }
    if (o->out.len >= 1 << 16) {
        fwrite(o->out.data, 1, o->out.len, stdout);
        buf_clear(&o->out);
    }
    return 0;
}

int cmd_code(int argc, char **argv)
{
    dict_opts dicts;
    dict_opts_init(&dicts);
    reader_opts ropts = {0};
    code_out out = {0};
    int threads = 1, stats = 0;
    char **files = xcalloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int st;
        if ((st = dict_opts_parse(&dicts, argc, argv, &i)) || (st = cli_input_option(&ropts, argc, argv, &i))) {
            if (st < 0) goto usage;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "tsv")) out.tsv = 1;
            else if (strcmp(f, "jsonl") && strcmp(f, "json")) {
                fprintf(stderr, "tocsin: --format %s: want jsonl or tsv\n", f);
                goto usage;
            }
        } else if (!strcmp(a, "--threads") && i + 1 < argc) {
            if ((threads = cli_int(argv[++i])) < 0) {
                fprintf(stderr, "tocsin: --threads wants a positive number\n");
                goto usage;
            }
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(files);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "tocsin: code: unknown option %s\n", a);
            goto usage;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) files[nfiles++] = "-";

    double t0 = cli_now();
    tocsin_dict *dict = dict_opts_load(&dicts);
    if (!dict) {
        free(files);
        return 2;
    }
    double t1 = cli_now();
    buf_init(&out.out);
    if (out.tsv) emit_tsv_header(&out.out);
    pipeline_result res;
    int status = pipeline_run(dict, files, nfiles, &ropts, threads, write_events, &out, &res);
    if (out.out.len) fwrite(out.out.data, 1, out.out.len, stdout);
    fflush(stdout);
    double t2 = cli_now();
    if (stats) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        double secs = t2 - t1 > 1e-9 ? t2 - t1 : 1e-9;
        fprintf(stderr,
                "tocsin: dictionaries loaded in %.3f s; %zu documents (%zu failed), %zu sentences, %zu events, "
                "%.1f MB in %.3f s: %.0f docs/s, %.0f sentences/s, %.2f MB/s, %.0f events/s (%d thread%s); "
                "peak RSS %.1f MB\n",
                t1 - t0, res.documents, res.failed, res.sentences, res.events, res.bytes / 1e6, secs,
                res.documents / secs, res.sentences / secs, res.bytes / 1e6 / secs, res.events / secs, threads,
                threads == 1 ? "" : "s", ru.ru_maxrss / 1024.0);
    }
    buf_free(&out.out);
    tocsin_dict_free(dict);
    free(files);
    return status;

usage:
    fputs(usage_text, stderr);
    free(files);
    return 2;
}
