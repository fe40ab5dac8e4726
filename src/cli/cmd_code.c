/*
 * cmd_code.c — `tocsin code`: documents in, CAMEO events out (JSON Lines or TSV),
 * composing in pipes like jq: files or "-" in, one event per line out.
 */
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

typedef struct code_args {
    reader_opts input;
    dict_opts dicts;
    cli_progress_opts progress;
    int format; /* index in "jsonl|json|tsv" */
    int ontology; /* index in "cameo|plover|both": emit_ontology */
    int threads, stats;
} code_args;

static const cli_opt code_opts[] = {
    CLI_O_CHOICE("--format", "FORMAT", code_args, format, "jsonl|json|tsv", "jsonl (default; json is the same) or tsv"),
    CLI_O_CHOICE("--ontology", "ONTOLOGY", code_args, ontology, "cameo|plover|both",
                 "event types written: CAMEO codes (default), PLOVER types with their mode\n"
                 "(\"plover\": {\"type\", \"mode\", \"context\"}; CAMEO 01/02 have none), or both"),
    CLI_O_INT("--threads", "N", code_args, threads, 1, 1 << 20, "code on N threads (output identical, in input order)"),
    CLI_O_FLAG("--stats", code_args, stats, "print throughput figures to standard error"),
    CLI_O_END,
};

const cli_cmd cli_cmd_code = {
    .name = "code",
    .run = cmd_code,
    .summary = "code documents into CAMEO events (JSON Lines or TSV out)",
    .synopsis = "[options] [FILE...]",
    .operand = "FILE",
    .about = "Reads each FILE (no FILE or \"-\": standard input): plain text, JSON Lines, HTML or WARC,\n"
             "and writes one event per line to standard output, in input order.",
    .groups = {{cli_input_table, offsetof(code_args, input)},
               {cli_dict_table, offsetof(code_args, dicts)},
               {code_opts, 0},
               {cli_progress_table, offsetof(code_args, progress)}},
    .exit_status = "0 all coded; 1 some records failed (each reported); 2 usage or fatal error",
};

typedef struct code_out {
    int tsv;
    emit_ontology ont;
    buf out;
} code_out;

static int write_events(const coded_doc *cd, void *user)
{
    code_out *o = user;
    for (size_t i = 0; i < cd->nevents; i++) {
        const tocsin_event *ev = &cd->events[i].ev;
        if (!io_emit_wants(ev, o->ont)) continue;
        if (o->tsv) io_emit_event_tsv_ont(&o->out, ev, o->ont);
        else io_emit_event_jsonl_ont(&o->out, ev, o->ont);
    }
    if (o->out.len >= 1 << 16) {
        fwrite(o->out.data, 1, o->out.len, stdout);
        util_buf_clear(&o->out);
    }
    return 0;
}

int cmd_code(int argc, char **argv)
{
    code_args args = {.threads = 1};
    dict_opts_init(&args.dicts);
    code_out out = {0};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_code, argc, argv, &args, &ops);
    if (st >= 0) return st;
    char **files = ops.v;
    int nfiles = ops.n, threads = args.threads;
    out.tsv = args.format == 2;
    out.ont = (emit_ontology)args.ontology;
    if (!nfiles) files[nfiles++] = "-";

    double t0 = cli_now();
    tocsin_dict *dict = dict_opts_load(&args.dicts);
    if (!dict) {
        cli_operands_free(&ops);
        return 2;
    }
    double t1 = cli_now();
    util_buf_init(&out.out);
    if (out.tsv) io_emit_tsv_header_ont(&out.out, out.ont);
    pipeline_result res;
    cli_progress prog;
    cli_progress_start(&prog, "code", &args.progress, files, nfiles);
    pipeline_hooks hooks = {.progress = prog.on ? cli_progress_hook : NULL, .progress_user = &prog};
    int status = io_pipeline_run_hooks(dict, files, nfiles, &args.input, threads, &hooks, write_events, &out, &res);
    if (out.out.len) fwrite(out.out.data, 1, out.out.len, stdout);
    fflush(stdout);
    cli_progress_end(&prog, &res, 1);
    double t2 = cli_now();
    if (args.stats) {
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
    util_buf_free(&out.out);
    tocsin_dict_free(dict);
    cli_operands_free(&ops);
    return status;
}
