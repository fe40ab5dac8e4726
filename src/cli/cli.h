/*
 * cli.h — the command-line program: one function per subcommand, each in its
 * own cmd_<name>.c. main.c only dispatches; the work is in the library.
 */
#ifndef TOCSIN_CLI_H
#define TOCSIN_CLI_H

int cmd_code(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_places(int argc, char **argv);

#endif
