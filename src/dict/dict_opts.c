/*
 * dict_opts.c — the --dict / --dict+ options every subcommand shares, so that
 * `tocsin code`, `tocsin eval` and the rest agree on what they mean:
 * --dict DIR replaces the built-in dictionaries, --dict+ DIR adds to them, and
 * "builtin" names the shipped set (so `--dict mine --dict+ builtin` layers them).
 */
#include <string.h>

#include "dict/dict.h"

void dict_opts_init(dict_opts *o)
{
    memset(o, 0, sizeof *o);
}

int dict_opts_add(dict_opts *o, int replace, const char *dir)
{
    if (!dir || !*dir || o->ndirs >= (int)(sizeof o->dirs / sizeof o->dirs[0])) return -1;
    if (replace) o->replace = 1;
    o->dirs[o->ndirs++] = dir;
    return 0;
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
