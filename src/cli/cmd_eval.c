/*
 * cmd_eval.c — `tocsin eval [--dict DIR]... [--dict+ DIR]... [--plover FILE]
 * [--failures N] [--min-pass RATE] [--min-f1 F1] GOLD.jsonl...`: scores the coder
 * against human-coded gold files (the work is in src/eval). The --min-* options
 * turn the run into a check. Exit status: 0 fine, 1 a file fell below a --min-*
 * threshold, 2 bad usage or unreadable input, 3 some records could not be coded
 * (each is reported on stderr; the field's suites contain deliberately bad ones).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "dict/dict.h"
#include "eval/eval.h"

typedef struct eval_args {
    dict_opts dicts;
    eval_opts eo;
    double min_pass, min_f1;
} eval_args;

static const cli_opt eval_opts_table[] = {
    CLI_O_STRING("--plover", "FILE", eval_args, eo.plover_table,
                 "score PLOVER-labelled gold through this CAMEO->PLOVER table (CAMEO2PLOVER\nformat) instead of the coder's own PLOVER types (data/plover.tsv)"),
    CLI_O_INT("--failures", "N", eval_args, eo.max_failures, 0, 1 << 30, "list at most N failures (default: all; 0 for none)"),
    CLI_O_NUMBER("--min-pass", "R", eval_args, min_pass, "exit 1 if the record pass rate is below R (0..1)"),
    CLI_O_NUMBER("--min-f1", "F", eval_args, min_f1, "exit 1 if F1 is below F (0..1)"),
    CLI_O_FLAG("--forward", eval_args, eo.forward,
               "TABARI's FORWARD: a record numbered as the next sentence of the\n"
               "previous record's story (ids \"X-045-002\" after \"X-045-001\") continues\n"
               "it, so that a pronoun opening it refers back"),
    CLI_O_FLAG("-v", eval_args, eo.verbose, "also list passing records"),
    CLI_O_END,
};

const cli_cmd cli_cmd_eval = {
    .name = "eval",
    .run = cmd_eval,
    .summary = "score the coder against a gold-standard file",
    .synopsis = "[options] GOLD.jsonl...",
    .operand = "GOLD.jsonl",
    .min_operands = 1,
    .about = "Codes every record of each gold file and prints the record pass rate,\n"
             "precision/recall/F1 and the failing records.",
    .groups = {{cli_dict_table, offsetof(eval_args, dicts)}, {eval_opts_table, 0}},
    .exit_status = "0 ok, 1 below a threshold, 2 usage/input error, 3 some records not coded",
};

int cmd_eval(int argc, char **argv)
{
    eval_args args = {.eo = {NULL, -1, 0, 0}, .min_pass = -1, .min_f1 = -1};
    dict_opts_init(&args.dicts);
    cli_operands ops;
    int st = cli_parse(&cli_cmd_eval, argc, argv, &args, &ops);
    if (st >= 0) return st;
    char **files = ops.v;
    int nfiles = ops.n;
    eval_opts eo = args.eo;
    double min_pass = args.min_pass, min_f1 = args.min_f1;
    tocsin_dict *d = dict_opts_load(&args.dicts);
    if (!d) { cli_operands_free(&ops); return 2; }
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        eval_result res;
        if (eval_run(d, files[i], &eo, stdout, &res) < 0) { status = 2; continue; }
        if (min_pass >= 0 && res.pass_rate < min_pass) {
            printf("BELOW THRESHOLD: pass rate %.3f < %.3f\n", res.pass_rate, min_pass);
            if (!status) status = 1;
        }
        if (min_f1 >= 0 && res.f1 < min_f1) {
            printf("BELOW THRESHOLD: F1 %.3f < %.3f\n", res.f1, min_f1);
            if (!status) status = 1;
        }
        if (res.errors && !status) status = 3;
    }
    tocsin_dict_free(d);
    cli_operands_free(&ops);
    return status;
}
