/*
 * opts.h — the command line's one option table and parser.
 *
 * Every subcommand describes itself in one cli_cmd: a summary, a synopsis, a
 * description and tables of cli_opt rows. cli_parse() reads argv against them
 * (one message style, one integer parser, "--opt VALUE" and "--opt=VALUE"), and
 * the same tables print `--help` (cli_help) and the man page (cli_man, run by the
 * Makefile as the hidden `tocsin --man CMD`), so the two cannot drift apart.
 * Adding an option is one row; adding a command is one cli_cmd and one line in
 * main.c's list (src/cli/README.md).
 */
#ifndef TOCSIN_CLI_OPTS_H
#define TOCSIN_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

typedef enum cli_type {
    CLI_END = 0, /* ends a table */
    CLI_FLAG,    /* no value: the int field becomes 1 */
    CLI_STRING,  /* const char * field */
    CLI_INT,     /* int field: a whole number from lo to hi */
    CLI_NUMBER,  /* double field: a number */
    CLI_DATE,    /* const char * field: a date YYYY-MM-DD */
    CLI_CHOICE,  /* int field: the index of the value among `choices` ("jsonl|tsv") */
    CLI_CALL,    /* no field: call(args, opt, value, err) (repeatable options such as --dict) */
} cli_type;

struct cli_opt_s;
/* Returns 0, or -1 with a message (without the command's name) in err. */
typedef int (*cli_call_fn)(void *args, const struct cli_opt_s *opt, const char *value, char *err,
                           size_t errlen);

typedef struct cli_opt_s {
    const char *name;    /* "--threads", or a short "-o" / "-v" */
    cli_type type;
    const char *arg;     /* the value's name in help ("N", "FILE"); NULL for a flag */
    size_t off;          /* offsetof the field in the command's argument struct (or group) */
    long lo, hi;         /* CLI_INT: accepted range */
    const char *choices; /* CLI_CHOICE: the values, '|'-separated */
    cli_call_fn call;    /* CLI_CALL */
    int required;        /* must be given */
    const char *help;    /* what it does; '\n' separates lines of --help */
} cli_opt;

/* Rows, for a command's argument struct S. */
#define CLI_O_FLAG(name, S, field, help) {name, CLI_FLAG, NULL, offsetof(S, field), 0, 0, NULL, NULL, 0, help}
#define CLI_O_STRING(name, arg, S, field, help) \
    {name, CLI_STRING, arg, offsetof(S, field), 0, 0, NULL, NULL, 0, help}
#define CLI_O_REQUIRED(name, arg, S, field, help) \
    {name, CLI_STRING, arg, offsetof(S, field), 0, 0, NULL, NULL, 1, help}
#define CLI_O_INT(name, arg, S, field, lo, hi, help) \
    {name, CLI_INT, arg, offsetof(S, field), lo, hi, NULL, NULL, 0, help}
#define CLI_O_NUMBER(name, arg, S, field, help) \
    {name, CLI_NUMBER, arg, offsetof(S, field), 0, 0, NULL, NULL, 0, help}
#define CLI_O_DATE(name, S, field, help) \
    {name, CLI_DATE, "YYYY-MM-DD", offsetof(S, field), 0, 0, NULL, NULL, 0, help}
#define CLI_O_CHOICE(name, arg, S, field, choices, help) \
    {name, CLI_CHOICE, arg, offsetof(S, field), 0, 0, choices, NULL, 0, help}
#define CLI_O_CALL(name, arg, fn, help) {name, CLI_CALL, arg, 0, 0, 0, NULL, fn, 0, help}
#define CLI_O_END {NULL, CLI_END, NULL, 0, 0, 0, NULL, NULL, 0, NULL}

/* A table and where its fields sit in the command's argument struct. */
typedef struct cli_group {
    const cli_opt *opts;
    size_t base;
} cli_group;

typedef struct cli_cmd {
    const char *name;        /* "code" */
    int (*run)(int argc, char **argv);
    const char *summary;     /* one line: `tocsin --help` and the man page's NAME */
    const char *synopsis;    /* after "tocsin NAME "; '\n' between alternative forms */
    const char *operand;     /* operands' name in messages ("FILE"); NULL: none allowed */
    int min_operands;
    const char *about;       /* description; "\n\n" between paragraphs */
    cli_group groups[4];     /* option tables, in help order; {NULL} ends */
    const char *exit_status; /* the EXIT STATUS text */
} cli_cmd;

/* The files (or other operands) left after the options, in order. */
typedef struct cli_operands {
    char **v;
    int n;
} cli_operands;

/* Parses argv[1..argc-1] (argv[0] is the command's name) into args per the
 * command's tables. Returns -1 when the command should run; otherwise the exit
 * status to return at once: 0 after printing --help to standard output, 2 after
 * a usage error ("tocsin CMD: MESSAGE" and a pointer to --help on standard
 * error). ops is filled (free with cli_operands_free) only when -1 is returned. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *args, cli_operands *ops);
void cli_operands_free(cli_operands *ops);

/* The one integer parser: a whole number from lo to hi, nothing after it.
 * 0 and *out set, or -1. */
int cli_parse_int(const char *s, long lo, long hi, long *out);

/* Prints a usage error the one way: "tocsin CMD: MESSAGE" and a pointer to
 * --help, on standard error. Returns 2, the exit status of a usage error. */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints text word-wrapped at 79 columns, the cursor at column `col` and the
 * lines after the first indented by `indent` spaces; ends the line. */
void cli_wrap(FILE *f, const char *text, int indent, int col);

/* --help of a command, generated from its tables. */
void cli_help(const cli_cmd *cmd, FILE *f);
/* The command's man page (roff, man macros), from the same tables. */
void cli_man(const cli_cmd *cmd, FILE *f);

/* An environment variable the program reads, for `tocsin --help` and tocsin(1). */
typedef struct cli_env {
    const char *name;
    const char *help;
} cli_env;

/* The page tocsin(1): the commands, the environment, the files. */
void cli_man_index(const cli_cmd *const *cmds, size_t n, const cli_env *env, size_t nenv, FILE *f);

/* Groups shared by several commands: the input options (--date, --id, --input)
 * over a reader_opts, the dictionary options (--dict, --dict+) over a dict_opts. */
extern const cli_opt cli_input_table[];
extern const cli_opt cli_dict_table[];

#endif
