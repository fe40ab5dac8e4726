/*
 * cmd_export.c — `tocsin export --db F --format gdelt|mentions|jsonl|csv
 * [--from YYYY-MM-DD] [--to YYYY-MM-DD] [-o FILE]`: the stored events as the GDELT
 * 2.0 event table, the GDELT 2.0 mentions table, JSON Lines or CSV (formats in
 * src/store/export.c and src/store/README.md).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/opts.h"
#include "store/store.h"

typedef struct export_args {
    const char *db, *from, *to, *out;
    int format; /* index in "gdelt|mentions|jsonl|csv", the order of export_format */
} export_args;

static const cli_opt export_opts[] = {
    CLI_O_REQUIRED("--db", "FILE", export_args, db, "the event database"),
    CLI_O_CHOICE("--format", "FORMAT", export_args, format, "gdelt|mentions|jsonl|csv",
                 "gdelt (default): GDELT 2.0 event table, 61 tab-separated columns, no header\n"
                 "mentions: GDELT 2.0 mentions table, 16 tab-separated columns, no header\n"
                 "jsonl: one JSON object per event\n"
                 "csv: one row per event, with a header row"),
    CLI_O_STRING("--from", "YYYY-MM-DD", export_args, from, "only events on or after this event date"),
    CLI_O_STRING("--to", "YYYY-MM-DD", export_args, to, "only events on or before this event date"),
    CLI_O_STRING("-o", "OUT", export_args, out, "write to OUT instead of standard output"),
    CLI_O_END,
};

const cli_cmd cli_cmd_export = {
    .name = "export",
    .run = cmd_export,
    .summary = "export stored events (GDELT 2.0, mentions, JSON Lines, CSV)",
    .synopsis = "--db FILE [--format gdelt|mentions|jsonl|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [-o OUT]",
    .about = "The formats are described in src/store/README.md. The number of rows written is\n"
             "reported on standard error.",
    .groups = {{export_opts, 0}},
    .exit_status = "0 exported; 2 usage error, or the database could not be read or the output written",
};

int cmd_export(int argc, char **argv)
{
    export_args args = {0};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_export, argc, argv, &args, &ops);
    if (st >= 0) return st;
    cli_operands_free(&ops);
    static const export_format formats[] = {EXPORT_GDELT, EXPORT_MENTIONS, EXPORT_JSONL, EXPORT_CSV};
    export_format fmt = formats[args.format];
    const char *db = args.db, *from = args.from, *to = args.to, *out = args.out;
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
