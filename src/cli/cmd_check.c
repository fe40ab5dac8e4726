/*
 * cmd_check.c — `tocsin check --db F`: is an event store whole? Runs the
 * store's check (SQLite's integrity check and tocsin's invariants, see
 * src/store/check.c) and says what is wrong, one line per problem. Exit status:
 * 0 whole, 1 something is wrong, 2 usage or the database cannot be read.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/opts.h"
#include "store/store.h"

typedef struct check_args {
    const char *db;
} check_args;

static const cli_opt check_opts[] = {
    CLI_O_REQUIRED("--db", "FILE|URI", check_args, db, "the event database"),
    CLI_O_END,
};

const cli_cmd cli_cmd_check = {
    .name = "check",
    .run = cmd_check,
    .summary = "check that an event database is whole (integrity, counts, indexes)",
    .synopsis = "--db FILE",
    .about = "Runs SQLite's integrity check, then tocsin's invariants: every event has a mention,\n"
             "every document a story, the counts on events and stories agree with their mentions\n"
             "and documents, the indexes exist. Each problem is one line on standard output.",
    .groups = {{check_opts, 0}},
    .exit_status = "0 whole; 1 something is wrong (each problem on standard output); 2 usage or the "
                   "database cannot be read",
};

int cmd_check(int argc, char **argv)
{
    check_args args = {0};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_check, argc, argv, &args, &ops);
    if (st >= 0) return st;
    cli_operands_free(&ops);
    store *s = cli_open_store_readonly("check", args.db);
    if (!s) return 2;
    char err[512];
    long bad = store_check(s, stdout, err, sizeof err);
    store_close(s);
    if (bad < 0) {
        fprintf(stderr, "tocsin check: %s\n", err);
        return 2;
    }
    if (bad == 0) printf("%s: ok\n", args.db);
    fflush(stdout);
    return bad ? 1 : 0;
}
