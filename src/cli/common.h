/*
 * common.h — helpers shared by the subcommands (their options are in opts.h).
 */
#ifndef TOCSIN_CLI_COMMON_H
#define TOCSIN_CLI_COMMON_H

#include "io/io.h"
#include "tocsin.h"

/* Seconds on a monotonic clock, for --stats figures. */
double cli_now(void);

/* Opens an event database read-only for a subcommand; prints "tocsin CMD: why"
 * and returns NULL when it cannot. */
struct store;
struct store *cli_open_store_readonly(const char *cmd, const char *path);

#endif
