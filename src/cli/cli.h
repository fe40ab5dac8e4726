/*
 * cli.h — the command-line program: one subcommand per cmd_<name>.c, each
 * described by a cli_cmd (its option tables, help and man page: cli/opts.h) and
 * run by a function that parses argv with cli_parse(). main.c only dispatches;
 * the work is in the library.
 */
#ifndef TOCSIN_CLI_H
#define TOCSIN_CLI_H

#include "cli/opts.h"

/* Each subcommand: argv[0] is the command's name, the rest its options and operands
 * as cli_cmd_NAME's table describes them. Returns the process's exit status: 0 all
 * processed, 1 some records failed (each reported on stderr), 2 a usage error or an
 * input, dictionary or database that could not be opened. */
int cmd_code(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_places(int argc, char **argv);

extern const cli_cmd cli_cmd_code, cli_cmd_eval, cli_cmd_extract, cli_cmd_ingest, cli_cmd_export,
    cli_cmd_stories, cli_cmd_watch, cli_cmd_serve, cli_cmd_check, cli_cmd_places;

#endif
