/*
 * app.c — the smallest program on libtocsin, using only the installed header and
 * pkg-config:
 *
 *     cc app.c $(pkg-config --cflags --libs tocsin) -o app
 *     ./app 2022-01-02 < article.txt
 *
 * Reads one plain-text document from standard input, codes it with the built-in
 * dictionaries and prints one line per event: sentence, date, source, CAMEO code,
 * target, the verb as written, and where it happened (the gazetteer's name of the
 * place, or "-" when tocsin has no gazetteer). Exit status: 0 coded, 1 the document could not be
 * coded, 2 usage or no dictionaries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tocsin.h>

static void print_event(const tocsin_event *ev, void *user)
{
    int *n = user;
    (*n)++;
    printf("%d\t%s\t%s\t%s\t%s\t%.*s\t%s\n", ev->sentence, ev->date, ev->source.code, ev->code, ev->target.code,
           (int)ev->verb_len, ev->verb_text, ev->action_geo.type ? ev->action_geo.name : "-");
}

/* Reads all of standard input; NULL when out of memory. */
static char *read_all(size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    for (size_t k; s && (k = fread(s + n, 1, cap - n, stdin)) > 0;) {
        n += k;
        if (n == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) free(s);
            s = t;
        }
    }
    *len = n;
    return s;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s YYYY-MM-DD < document.txt\n", argv[0]);
        return 2;
    }
    tocsin_dict *dict = tocsin_dict_new();
    if (tocsin_dict_add(dict, "builtin") < 0) {
        fprintf(stderr, "%s: the built-in dictionaries cannot be read (set TOCSIN_DATA)\n", argv[0]);
        tocsin_dict_free(dict);
        return 2;
    }
    tocsin_dict_finish(dict);
    size_t len = 0;
    char *text = read_all(&len);
    tocsin_doc doc = {.id = "stdin", .date = argv[1], .text = text ? text : "", .text_len = len};
    tocsin_coder *coder = tocsin_coder_new(dict);
    int events = 0;
    int rc = tocsin_code(coder, &doc, print_event, &events);
    if (rc < 0) fprintf(stderr, "%s: %s\n", argv[0], tocsin_coder_error(coder));
    else fprintf(stderr, "%s: %d events (tocsin %s)\n", argv[0], events, TOCSIN_VERSION);
    tocsin_coder_free(coder);
    tocsin_dict_free(dict);
    free(text);
    return rc < 0 ? 1 : 0;
}
