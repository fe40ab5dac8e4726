/*
 * cmd_export.c — `tocsin export --db F --format gdelt|mentions|jsonl|csv
 * [--from YYYY-MM-DD] [--to YYYY-MM-DD] [-o FILE]`: the stored events as the GDELT
 * 2.0 event table, the GDELT 2.0 mentions table, JSON Lines or CSV (formats in
 * src/store/export.c and src/store/README.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "store/store.h"

static void export_usage(FILE *f)
{
    fprintf(f, "usage: tocsin export --db FILE --format gdelt|mentions|jsonl|csv [--from YYYY-MM-DD] "
               "[--to YYYY-MM-DD] [-o OUT]\n"
               "  gdelt     GDELT 2.0 event table: 61 tab-separated columns, no header\n"
               "  mentions  GDELT 2.0 mentions table: 16 tab-separated columns, no header\n"
               "  jsonl     one JSON object per event\n"
               "  csv       one row per event, with a header row\n"
               "  --from/--to select events by event date (inclusive)\n");
}

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *from = NULL, *to = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            export_usage(stdout);
            return 0;
        }
        const char **slot = !strcmp(a, "--db")       ? &db
                            : !strcmp(a, "--format") ? &format
                            : !strcmp(a, "--from")   ? &from
                            : !strcmp(a, "--to")     ? &to
                            : !strcmp(a, "-o")       ? &out
                                                     : NULL;
        if (!slot || i + 1 >= argc) {
            fprintf(stderr, "tocsin export: %s '%s'\n", slot ? "missing value for" : "unknown option", a);
            export_usage(stderr);
            return 2;
        }
        *slot = argv[++i];
    }
    if (!db) {
        fprintf(stderr, "tocsin export: --db is required\n");
        export_usage(stderr);
        return 2;
    }
    export_format fmt;
    if (!format || !strcmp(format, "gdelt")) fmt = EXPORT_GDELT;
    else if (!strcmp(format, "mentions")) fmt = EXPORT_MENTIONS;
    else if (!strcmp(format, "jsonl")) fmt = EXPORT_JSONL;
    else if (!strcmp(format, "csv")) fmt = EXPORT_CSV;
    else {
        fprintf(stderr, "tocsin export: unknown format '%s'\n", format);
        export_usage(stderr);
        return 2;
    }
    char err[512];
    store *s = cli_open_store_readonly("export", db);
    if (!s) return 2;
    FILE *f = stdout;
    if (out && !(f = fopen(out, "w"))) {
        perror(out);
        store_close(s);
        return 2;
    }
    long n = store_export(s, fmt, from, to, f, err, sizeof err);
    if (n < 0) fprintf(stderr, "tocsin export: %s\n", err);
    if (f != stdout && fclose(f) != 0) {
        perror(out);
        n = -1;
    } else if (f == stdout && fflush(stdout) != 0) {
        perror("stdout");
        n = -1;
    }
    store_close(s);
    if (n >= 0) fprintf(stderr, "tocsin export: %ld rows\n", n);
    return n < 0 ? 2 : 0;
}
