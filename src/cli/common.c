/*
 * common.c — option handling shared by the subcommands (see common.h).
 */
#include "cli/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/util.h"

static const char *need_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "tocsin: %s needs a value\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int cli_input_option(reader_opts *o, int argc, char **argv, int *i)
{
    const char *opt = argv[*i];
    if (!strcmp(opt, "--date")) {
        const char *v = need_value(argc, argv, i);
        int days;
        if (!v) return -1;
        if (date_parse(v, &days)) {
            fprintf(stderr, "tocsin: --date %s: want a date YYYY-MM-DD\n", v);
            return -1;
        }
        o->date = v;
        return 1;
    }
    if (!strcmp(opt, "--id")) {
        if (!(o->id = need_value(argc, argv, i))) return -1;
        return 1;
    }
    if (!strcmp(opt, "--input")) {
        const char *v = need_value(argc, argv, i);
        if (!v) return -1;
        static const struct { const char *name; input_format f; } names[] = {
            {"auto", IN_AUTO}, {"text", IN_TEXT}, {"jsonl", IN_JSONL}, {"html", IN_HTML}, {"warc", IN_WARC},
        };
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            if (!strcmp(v, names[k].name)) {
                o->format = names[k].f;
                return 1;
            }
        }
        fprintf(stderr, "tocsin: --input %s: want auto, text, jsonl, html or warc\n", v);
        return -1;
    }
    return 0;
}

int cli_int(const char *s)
{
    if (!s || !*s) return -1;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 1 << 20) return -1;
    return (int)v;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

store *cli_open_store_readonly(const char *cmd, const char *path)
{
    store_opts o;
    store_opts_default(&o);
    o.readonly = 1;
    char err[512];
    store *s = store_open(path, &o, err, sizeof err);
    if (!s) fprintf(stderr, "tocsin %s: %s\n", cmd, err);
    return s;
}
