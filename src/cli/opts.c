/*
 * opts.c — the one option parser of the command line and the --help and man page
 * writers that read the same tables (see opts.h).
 */
#include "cli/opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"
#include "io/io.h"
#include "tocsin.h"
#include "util/util.h"

/* ---- the shared groups ---- */

static int set_input(void *args, const cli_opt *opt, const char *v, char *err, size_t errlen)
{
    static const char *const names[] = {"auto", "text", "jsonl", "html", "warc"};
    static const input_format formats[] = {IN_AUTO, IN_TEXT, IN_JSONL, IN_HTML, IN_WARC};
    (void)opt;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        if (!strcmp(v, names[k])) {
            ((reader_opts *)args)->format = formats[k];
            return 0;
        }
    }
    snprintf(err, errlen, "--input wants auto, text, jsonl, html or warc, not '%s'", v);
    return -1;
}

static int add_dict(void *args, const cli_opt *opt, const char *v, char *err, size_t errlen)
{
    dict_opts *o = args;
    if (!*v) {
        snprintf(err, errlen, "%s needs a directory", opt->name);
        return -1;
    }
    if (dict_opts_add(o, !strcmp(opt->name, "--dict"), v)) {
        snprintf(err, errlen, "too many --dict options (at most %d)", (int)(sizeof o->dirs / sizeof o->dirs[0]));
        return -1;
    }
    return 0;
}

const cli_opt cli_input_table[] = {
    CLI_O_DATE("--date", reader_opts, date, "publication date for documents that carry none (plain text)"),
    CLI_O_STRING("--id", "ID", reader_opts, id, "document id for a plain-text file (default: file name)"),
    CLI_O_CALL("--input", "FORMAT", set_input, "auto (default: by extension and content), text, jsonl, html, warc"),
    CLI_O_END,
};

const cli_opt cli_dict_table[] = {
    CLI_O_CALL("--dict", "DIR", add_dict,
               "use the dictionaries in DIR instead of the built-in ones\n(\"builtin\" names them)"),
    CLI_O_CALL("--dict+", "DIR", add_dict, "add the dictionaries in DIR (repeatable; order matters)"),
    CLI_O_FLAG("--dyadic", dict_opts, dyadic,
               "two-sided events only, as TABARI codes (default with TABARI's and Phoenix's\n"
               "dictionaries; the built-in ones also code one-sided events: target null)"),
    CLI_O_END,
};

/* ---- parsing ---- */

int cli_parse_int(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "tocsin %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\ntocsin %s: see 'tocsin %s --help'\n", cmd->name, cmd->name);
    va_end(ap);
    return 2;
}

/* The row named `name` (which may end at `len`), and its group's base. */
static const cli_opt *find_opt(const cli_cmd *cmd, const char *name, size_t len, size_t *base)
{
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++) {
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++) {
            if (strlen(o->name) == len && !strncmp(o->name, name, len)) {
                *base = g->base;
                return o;
            }
        }
    }
    return NULL;
}

/* "a, b or c" from "a|b|c". */
static void choice_list(const char *choices, char *out, size_t n)
{
    size_t k = 0;
    out[0] = 0;
    for (const char *p = choices; *p && k + 8 < n;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (k) k += (size_t)snprintf(out + k, n - k, "%s", bar ? ", " : " or ");
        if (k + len + 1 >= n) break;
        memcpy(out + k, p, len);
        k += len;
        out[k] = 0;
        p += len + (bar != NULL);
    }
}

/* Index of v among choices, or -1. */
static int choice_index(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    int i = 0;
    for (const char *p = choices;; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == vl && !strncmp(p, v, len)) return i;
        if (!bar) return -1;
        p = bar + 1;
    }
}

/* Stores one option's value; 0, or -1 with the message in err. */
static int apply(const cli_opt *o, void *field_base, const char *v, char *err, size_t errlen)
{
    void *field = (char *)field_base + o->off;
    switch (o->type) {
    case CLI_FLAG:
        *(int *)field = 1;
        return 0;
    case CLI_STRING:
        *(const char **)field = v;
        return 0;
    case CLI_INT: {
        long x;
        if (cli_parse_int(v, o->lo, o->hi, &x)) {
            snprintf(err, errlen, "%s wants a whole number from %ld to %ld, not '%s'", o->name, o->lo, o->hi, v);
            return -1;
        }
        *(int *)field = (int)x;
        return 0;
    }
    case CLI_NUMBER: {
        char *end;
        errno = 0;
        double x = strtod(v, &end);
        if (errno || end == v || *end) {
            snprintf(err, errlen, "%s wants a number, not '%s'", o->name, v);
            return -1;
        }
        *(double *)field = x;
        return 0;
    }
    case CLI_DATE: {
        int days;
        if (util_date_parse(v, &days)) {
            snprintf(err, errlen, "%s wants a date YYYY-MM-DD, not '%s'", o->name, v);
            return -1;
        }
        *(const char **)field = v;
        return 0;
    }
    case CLI_CHOICE: {
        int k = choice_index(o->choices, v);
        if (k < 0) {
            char list[256];
            choice_list(o->choices, list, sizeof list);
            snprintf(err, errlen, "%s wants %s, not '%s'", o->name, list, v);
            return -1;
        }
        *(int *)field = k;
        return 0;
    }
    case CLI_CALL:
        return o->call(field_base, o, v, err, errlen);
    case CLI_END:
        break;
    }
    return -1;
}

/* What a value-taking option was missing, for the message. */
static void need_value(const cli_opt *o, char *err, size_t errlen)
{
    if (o->type == CLI_CHOICE) {
        char list[256];
        choice_list(o->choices, list, sizeof list);
        snprintf(err, errlen, "%s needs a value: %s", o->name, list);
    } else {
        snprintf(err, errlen, "%s needs a value: %s", o->name, o->arg ? o->arg : "VALUE");
    }
}

/* Checks every required option was given; 0 or -1 with err. */
static int check_required(const cli_cmd *cmd, const unsigned char *seen, char *err, size_t errlen)
{
    int k = 0;
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++) {
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++, k++) {
            if (o->required && !seen[k]) {
                snprintf(err, errlen, "%s %s is required", o->name, o->arg ? o->arg : "");
                return -1;
            }
        }
    }
    return 0;
}

/* Position of a row among all the command's rows (for `seen`). */
static int row_index(const cli_cmd *cmd, const cli_opt *row)
{
    int k = 0;
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++)
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++, k++)
            if (o == row) return k;
    return -1;
}

/* One argument at argv[*i]: an option (with its value) or an operand. 0 done;
 * 1 --help was printed; -1 error in err. */
static int parse_one(const cli_cmd *cmd, int argc, char **argv, int *i, void *args, cli_operands *ops,
                     unsigned char *seen, int *only_operands, char *err, size_t errlen)
{
    const char *a = argv[*i];
    if (*only_operands || a[0] != '-' || !a[1]) {
        if (!cmd->operand) {
            snprintf(err, errlen, "unexpected argument '%s'", a);
            return -1;
        }
        ops->v[ops->n++] = argv[*i];
        return 0;
    }
    if (!strcmp(a, "--")) {
        *only_operands = 1;
        return 0;
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
        cli_help(cmd, stdout);
        return 1;
    }
    const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
    size_t base = 0;
    const cli_opt *o = find_opt(cmd, a, eq ? (size_t)(eq - a) : strlen(a), &base);
    if (!o) {
        snprintf(err, errlen, "unknown option '%s'", a);
        return -1;
    }
    seen[row_index(cmd, o)] = 1;
    if (o->type == CLI_FLAG) {
        if (eq) {
            snprintf(err, errlen, "%s takes no value", o->name);
            return -1;
        }
        return apply(o, (char *)args + base, NULL, err, errlen);
    }
    const char *v = eq ? eq + 1 : NULL;
    if (!eq) {
        /* the next argument is the value, unless there is none or it is another option */
        size_t b2;
        const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
        if (!next || (next[0] == '-' && next[1] == '-' &&
                      find_opt(cmd, next, strchr(next, '=') ? (size_t)(strchr(next, '=') - next) : strlen(next), &b2))) {
            need_value(o, err, errlen);
            return -1;
        }
        v = argv[++*i];
    }
    return apply(o, (char *)args + base, v, err, errlen);
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *args, cli_operands *ops)
{
    char err[512];
    int nrows = 0, only_operands = 0;
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++)
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++) nrows++;
    unsigned char *seen = util_xcalloc((size_t)nrows + 1, 1);
    ops->v = util_xcalloc((size_t)argc + 1, sizeof *ops->v);
    ops->n = 0;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++)
        rc = parse_one(cmd, argc, argv, &i, args, ops, seen, &only_operands, err, sizeof err);
    if (rc == 0 && check_required(cmd, seen, err, sizeof err)) rc = -1;
    if (rc == 0 && ops->n < cmd->min_operands) {
        snprintf(err, sizeof err, "no %s given", cmd->operand);
        rc = -1;
    }
    free(seen);
    if (rc == 0) return -1;
    cli_operands_free(ops);
    if (rc == 1) return 0;
    return cli_usage_error(cmd, "%s", err);
}

void cli_operands_free(cli_operands *ops)
{
    free(ops->v);
    ops->v = NULL;
    ops->n = 0;
}

/* ---- --help ---- */

void cli_wrap(FILE *f, const char *text, int indent, int col)
{
    int at = col;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        size_t w = strcspn(p, " ");
        if (!w) break;
        if (at > indent && at + 1 + (int)w > 79) {
            fprintf(f, "\n%*s", indent, "");
            at = indent;
        } else if (at > indent) {
            fputc(' ', f);
            at++;
        }
        fwrite(p, 1, w, f);
        at += (int)w;
        p += w;
    }
    fputc('\n', f);
}

/* "--name ARG" as help shows it. */
static void opt_label(const cli_opt *o, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* Prints text with each line after the first indented by `indent` spaces. */
static void put_indented(FILE *f, const char *text, int indent)
{
    for (const char *p = text; *p; p++) {
        fputc(*p, f);
        if (*p == '\n' && p[1]) fprintf(f, "%*s", indent, "");
    }
    fputc('\n', f);
}

void cli_help(const cli_cmd *cmd, FILE *f)
{
    int width = 0;
    char label[128];
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++) {
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++) {
            opt_label(o, label, sizeof label);
            int w = (int)strlen(label);
            if (w > width && w <= 20) width = w;
        }
    }
    const char *syn = cmd->synopsis;
    for (int first = 1; *syn; first = 0) {
        const char *nl = strchr(syn, '\n');
        int len = nl ? (int)(nl - syn) : (int)strlen(syn);
        if (*syn == ' ') /* a continuation of the form above */
            fprintf(f, "%*s%.*s\n", (int)strlen(cmd->name) + 15, "", len - 1, syn + 1);
        else fprintf(f, "%s tocsin %s %.*s\n", first ? "usage:" : "      ", cmd->name, len, syn);
        syn += len + (nl != NULL);
    }
    fprintf(f, "%s.\n", cmd->summary);
    if (cmd->about) fprintf(f, "\n%s\n", cmd->about);
    fprintf(f, "\noptions:\n");
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++) {
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++) {
            opt_label(o, label, sizeof label);
            if ((int)strlen(label) > width) fprintf(f, "  %s\n  %*s  ", label, width, "");
            else fprintf(f, "  %-*s  ", width, label);
            put_indented(f, o->help, width + 4);
        }
    }
    fprintf(f, "  %-*s  %s\n", width, "-h, --help", "print this help and exit");
    if (cmd->exit_status) fprintf(f, "\nexit status: %s\n", cmd->exit_status);
}

/* ---- man pages ---- */

/* Writes text as roff: backslashes and hyphens escaped, no line starting with a
 * control character; "\n\n" starts a new paragraph, a line starting with spaces
 * stays a line of its own, and with `breaks` every line does. */
static void roff_text_br(FILE *f, const char *s, int breaks)
{
    int bol = 1;
    for (const char *p = s; *p; p++) {
        if (bol && (*p == '.' || *p == '\'')) fputs("\\&", f);
        if (p[0] == '\n' && p[1] == '\n') {
            fputs("\n.PP\n", f);
            p++;
            bol = 1;
            continue;
        }
        if (bol && *p == ' ') {
            fputs(".br\n", f);
            while (p[1] == ' ') p++;
            continue;
        }
        bol = 0;
        switch (*p) {
        case '\\': fputs("\\e", f); break;
        case '-': fputs("\\-", f); break;
        case '\n': fputs(breaks && p[1] ? "\n.br\n" : "\n", f); bol = 1; break;
        default: fputc(*p, f);
        }
    }
    if (!bol) fputc('\n', f);
}

static void roff_text(FILE *f, const char *s)
{
    roff_text_br(f, s, 0);
}

/* One word of a tagged line: backslashes and hyphens escaped. */
static void roff_word(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') fputs("\\e", f);
        else if (*s == '-') fputs("\\-", f);
        else fputc(*s, f);
    }
}

static void man_header(FILE *f, const char *title, const char *name_line)
{
    fprintf(f, ".\\\" Generated by `tocsin --man`: edit the option tables in src/cli, not this file.\n");
    fprintf(f, ".TH %s 1 \"\" \"tocsin %s\" \"tocsin manual\"\n.SH NAME\n", title, TOCSIN_VERSION);
    roff_text(f, name_line);
}

void cli_man(const cli_cmd *cmd, FILE *f)
{
    char title[64], line[512];
    size_t k = 0;
    for (const char *p = "TOCSIN\\-"; *p; p++) title[k++] = *p;
    for (const char *p = cmd->name; *p && k + 2 < sizeof title; p++) title[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    title[k] = 0;
    snprintf(line, sizeof line, "tocsin-%s - %s", cmd->name, cmd->summary);
    man_header(f, title, line);
    fprintf(f, ".SH SYNOPSIS\n");
    for (const char *syn = cmd->synopsis; *syn;) {
        const char *nl = strchr(syn, '\n');
        int len = nl ? (int)(nl - syn) : (int)strlen(syn);
        snprintf(line, sizeof line, "%.*s", len, syn);
        if (*syn == ' ') { /* a continuation of the form above */
            roff_text(f, line + 1);
        } else {
            if (syn != cmd->synopsis) fputs(".br\n", f);
            fprintf(f, ".B tocsin %s\n", cmd->name);
            roff_text(f, line);
        }
        syn += len + (nl != NULL);
    }
    fprintf(f, ".SH DESCRIPTION\n");
    snprintf(line, sizeof line, "%s.", cmd->summary);
    roff_text(f, line);
    if (cmd->about) {
        fputs(".PP\n", f);
        roff_text(f, cmd->about);
    }
    fprintf(f, ".SH OPTIONS\n");
    for (const cli_group *g = cmd->groups; g < cmd->groups + 4 && g->opts; g++) {
        for (const cli_opt *o = g->opts; o->type != CLI_END; o++) {
            fputs(".TP\n\\fB", f);
            roff_word(f, o->name);
            fputs("\\fR", f);
            if (o->arg) {
                fputs(" \\fI", f);
                roff_word(f, o->arg);
                fputs("\\fR", f);
            }
            fputc('\n', f);
            roff_text_br(f, o->help, 1); /* the lines of --help stay lines */
        }
    }
    fputs(".TP\n.B \\-h, \\-\\-help\nprint this help and exit\n", f);
    if (cmd->exit_status) {
        fputs(".SH EXIT STATUS\n", f);
        roff_text(f, cmd->exit_status);
    }
    fputs(".SH SEE ALSO\n.BR tocsin (1)\n", f);
}

void cli_man_index(const cli_cmd *const *cmds, size_t n, const cli_env *env, size_t nenv, FILE *f)
{
    man_header(f, "TOCSIN", "tocsin - code news into CAMEO political events, store, de-duplicate and watch them");
    fputs(".SH SYNOPSIS\n.B tocsin\n.I COMMAND\n[options] [FILE...]\n.br\n.B tocsin \\-\\-version\n"
          ".br\n.B tocsin \\-\\-help\n.SH DESCRIPTION\n",
          f);
    roff_text(f, "tocsin turns news (plain text, JSON Lines, HTML pages, WARC archives) into political "
                 "events coded in CAMEO: who did what to whom, when. Every command reads files or - "
                 "(standard input) and writes to standard output, so they compose in pipes. "
                 "`tocsin COMMAND --help` and the page tocsin-COMMAND(1) describe a command's options.");
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, ".TP\n.BR tocsin\\-%s (1)\n", cmds[i]->name);
        roff_text(f, cmds[i]->summary);
    }
    fputs(".SH OPTIONS\n.TP\n.B \\-\\-version\nprint the version and the built-in dictionary set, and exit\n"
          ".TP\n.B \\-h, \\-\\-help\nlist the commands and exit\n",
          f);
    fputs(".SH ENVIRONMENT\n", f);
    for (size_t i = 0; i < nenv; i++) {
        fprintf(f, ".TP\n.B %s\n", env[i].name);
        roff_text(f, env[i].help);
    }
    fputs(".SH FILES\n.TP\n.I PREFIX/share/tocsin/dict\nthe built-in dictionaries, found relative to the "
          "installed program (BIN/../share/tocsin) unless\n.B TOCSIN_DATA\nsays otherwise\n"
          ".TP\n.I PREFIX/share/tocsin/web\nthe dashboard served by\n.BR tocsin\\-serve (1)\n",
          f);
    fputs(".SH EXIT STATUS\n", f);
    roff_text(f, "0: everything was processed; 1: some records were bad (each is reported on standard error "
                 "naming the file, line and record id, and the rest was processed); 2: a usage error or an "
                 "input that could not be opened.");
    fputs(".SH SEE ALSO\n", f);
    for (size_t i = 0; i < n; i++) fprintf(f, ".BR tocsin\\-%s (1)%s\n", cmds[i]->name, i + 1 < n ? "," : "");
}
