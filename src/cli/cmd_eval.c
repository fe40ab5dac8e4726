/*
 * cmd_eval.c — `tocsin eval [--dict DIR]... [--dict+ DIR]... [--plover FILE]
 * [--failures N] [--min-pass RATE] [--min-f1 F1] GOLD.jsonl...`: scores the coder
 * against human-coded gold files (the work is in src/eval). The --min-* options
 * turn the run into a check. Exit status: 0 fine, 1 a file fell below a --min-*
 * threshold, 2 bad usage or unreadable input, 3 some records could not be coded
 * (each is reported on stderr; the field's suites contain deliberately bad ones).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "dict/dict.h"
#include "eval/eval.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tocsin eval [options] GOLD.jsonl...\n"
            "Codes every record of each gold file and prints the record pass rate,\n"
            "precision/recall/F1 and the failing records.\n"
            DICT_OPTS_HELP
            "  --plover FILE  CAMEO->PLOVER table for PLOVER-labelled gold (default: next to the gold file)\n"
            "  --failures N   list at most N failures (default: all; 0 for none)\n"
            "  --min-pass R   exit 1 if the record pass rate is below R (0..1)\n"
            "  --min-f1 F     exit 1 if F1 is below F (0..1)\n"
            "  --forward      TABARI's FORWARD: a record numbered as the next sentence of the\n"
            "                 previous record's story (ids \"X-045-002\" after \"X-045-001\") continues\n"
            "                 it, so that a pronoun opening it refers back\n"
            "  -v             also list passing records\n"
            "exit status: 0 ok, 1 below a threshold, 2 usage/input error, 3 some records not coded\n");
}

int cmd_eval(int argc, char **argv)
{
    dict_opts dopts;
    dict_opts_init(&dopts);
    eval_opts eo = { NULL, -1, 0, 0 };
    double min_pass = -1, min_f1 = -1;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        int r = dict_opts_parse(&dopts, argc, argv, &i);
        if (r < 0) { free(files); return 2; }
        if (r > 0) continue;
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); free(files); return 0; }
        if (!strcmp(a, "-v")) { eo.verbose = 1; continue; }
        if (!strcmp(a, "--forward")) { eo.forward = 1; continue; }
        if ((!strcmp(a, "--plover") || !strcmp(a, "--failures") || !strcmp(a, "--min-pass") ||
             !strcmp(a, "--min-f1")) && i + 1 >= argc) {
            fprintf(stderr, "tocsin eval: %s needs a value\n", a);
            free(files);
            return 2;
        }
        if (!strcmp(a, "--plover")) { eo.plover_table = argv[++i]; continue; }
        if (!strcmp(a, "--failures")) { eo.max_failures = atoi(argv[++i]); continue; }
        if (!strcmp(a, "--min-pass")) { min_pass = atof(argv[++i]); continue; }
        if (!strcmp(a, "--min-f1")) { min_f1 = atof(argv[++i]); continue; }
        if (a[0] == '-' && a[1]) { fprintf(stderr, "tocsin eval: unknown option %s\n", a); usage(stderr); free(files); return 2; }
        files[nfiles++] = argv[i];
    }
    if (!nfiles) { usage(stderr); free(files); return 2; }
    tocsin_dict *d = dict_opts_load(&dopts);
    if (!d) { free(files); return 2; }
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
    free(files);
    return status;
}
