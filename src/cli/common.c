/*
 * common.c — helpers shared by the subcommands (see common.h).
 */
#include "cli/common.h"

#include <stdio.h>
#include <time.h>

#include "store/store.h"

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
