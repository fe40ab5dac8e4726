/*
 * dict_opts.c — the --dict / --dict+ options every subcommand shares, so that
 * `tocsin code`, `tocsin eval` and the rest agree on what they mean:
 * --dict DIR replaces the built-in dictionaries, --dict+ DIR adds to them, and
 * "builtin" names the shipped set (so `--dict mine --dict+ builtin` layers them).
 */
#include <stdio.h>
#include <string.h>

#include "dict/dict.h"

void dict_opts_init(dict_opts *o)
{
    memset(o, 0, sizeof *o);
}

int dict_opts_parse(dict_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int plus;
    const char *val = NULL;
    if (!strcmp(a, "--dict") || !strcmp(a, "--dict+")) {
        plus = a[6] == '+';
        if (*i + 1 >= argc) {
            fprintf(stderr, "tocsin: %s needs a directory\n", a);
            return -1;
        }
        val = argv[++*i];
    } else if (!strncmp(a, "--dict=", 7)) {
        plus = 0;
        val = a + 7;
    } else if (!strncmp(a, "--dict+=", 8)) {
        plus = 1;
        val = a + 8;
    } else {
        return 0;
    }
    if (!*val) {
        fprintf(stderr, "tocsin: %s needs a directory\n", a);
        return -1;
    }
    if (o->ndirs >= (int)(sizeof o->dirs / sizeof o->dirs[0])) {
        fprintf(stderr, "tocsin: too many --dict options\n");
        return -1;
    }
    if (!plus) o->replace = 1;
    o->dirs[o->ndirs++] = val;
    return 1;
}

tocsin_dict *dict_opts_load(const dict_opts *o)
{
    tocsin_dict *d = tocsin_dict_new();
    int failed = 0;
    if (!o->replace && tocsin_dict_add(d, "builtin") < 0) failed = 1;
    for (int i = 0; i < o->ndirs && !failed; i++)
        if (tocsin_dict_add(d, o->dirs[i]) < 0) failed = 1;
    if (failed) {
        tocsin_dict_free(d);
        return NULL;
    }
    tocsin_dict_finish(d);
    d->dyadic = o->dyadic;
    return d;
}
