/*
 * common.h — option handling shared by the subcommands, so that `code`,
 * `ingest` and `eval` accept the same dictionary and input options.
 */
#ifndef TOCSIN_CLI_COMMON_H
#define TOCSIN_CLI_COMMON_H

#include "io/io.h"
#include "tocsin.h"

/* Handles --date, --id and --input at argv[*i]; same return values. */
int cli_input_option(reader_opts *o, int argc, char **argv, int *i);

/* Seconds on a monotonic clock, for --stats figures. */
double cli_now(void);

/* Opens an event database read-only for a subcommand; prints "tocsin CMD: why"
 * and returns NULL when it cannot. */
struct store;
struct store *cli_open_store_readonly(const char *cmd, const char *path);

/* Parses a positive integer option value; -1 when it is not one. */
int cli_int(const char *s);

#endif
