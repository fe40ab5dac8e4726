/*
 * cmd_check.c — `tocsin check --db F`: is an event store whole? Runs the
 * store's check (SQLite's integrity check and tocsin's invariants, see
 * src/store/check.c) and says what is wrong, one line per problem. Exit status:
 * 0 whole, 1 something is wrong, 2 usage or the database cannot be read.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "store/store.h"

static void check_usage(FILE *f)
{
    fprintf(f, "usage: tocsin check --db FILE\n"
               "  checks an event store: SQLite's integrity check, then tocsin's invariants (every event\n"
               "  has a mention, every document a story, counts agree, the indexes exist)\n"
               "exit status: 0 whole; 1 something is wrong (each problem on standard output); 2 usage or\n"
               "  the database cannot be read\n");
}

int cmd_check(int argc, char **argv)
{
    const char *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            check_usage(stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
            continue;
        }
        fprintf(stderr, "tocsin check: %s '%s'\n", strcmp(argv[i], "--db") ? "unknown option" : "missing value for",
                argv[i]);
        check_usage(stderr);
        return 2;
    }
    if (!db) {
        fprintf(stderr, "tocsin check: --db is required\n");
        check_usage(stderr);
        return 2;
    }
    store *s = cli_open_store_readonly("check", db);
    if (!s) return 2;
    char err[512];
    long bad = store_check(s, stdout, err, sizeof err);
    store_close(s);
    if (bad < 0) {
        fprintf(stderr, "tocsin check: %s\n", err);
        return 2;
    }
    if (bad == 0) printf("%s: ok\n", db);
    fflush(stdout);
    return bad ? 1 : 0;
}
