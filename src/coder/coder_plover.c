/*
 * coder_plover.c — the PLOVER event type, mode and context of a CAMEO code
 * (issue 12), from data/plover.tsv, embedded at build time (Makefile: build/gen/
 * plover_tsv.inc). The table is parsed once per process into static memory, so the
 * strings an event points to live as long as the program.
 */
#include "coder/coder_int.h"

#include <pthread.h>

static const char plover_tsv[] =
#include "plover_tsv.inc"
    ;

typedef struct plover_row {
    char code[8];
    char type[16], mode[24], context[32];
} plover_row;

static plover_row plover_rows[256];
static int plover_nrows;
/* code -> 1 + the first row with that code (0: empty slot), open addressing */
static unsigned short plover_slot[512];
static pthread_once_t plover_once = PTHREAD_ONCE_INIT;

/* Copies the tab-separated field at *p into out ("-" becomes "") and moves *p past it. */
static void plover_field(const char **p, char *out, size_t cap)
{
    size_t n = strcspn(*p, "\t\n");
    if (n == 1 && **p == '-') n = 0;
    if (n >= cap) n = cap - 1;
    memcpy(out, *p, n);
    out[n] = 0;
    *p += strcspn(*p, "\t\n");
    if (**p == '\t') (*p)++;
}

static void plover_parse(void)
{
    for (const char *p = plover_tsv; *p && plover_nrows < (int)(sizeof plover_rows / sizeof *plover_rows);) {
        const char *eol = strchr(p, '\n');
        if (*p >= '0' && *p <= '9') {
            plover_row *r = &plover_rows[plover_nrows++];
            plover_field(&p, r->code, sizeof r->code);
            plover_field(&p, r->type, sizeof r->type);
            plover_field(&p, r->mode, sizeof r->mode);
            plover_field(&p, r->context, sizeof r->context);
        }
        if (!eol) break;
        p = eol + 1;
    }
    for (int i = 0; i < plover_nrows; i++) {
        size_t h = hash_str(plover_rows[i].code) & 511;
        while (plover_slot[h] && strcmp(plover_rows[plover_slot[h] - 1].code, plover_rows[i].code)) h = (h + 1) & 511;
        if (!plover_slot[h]) plover_slot[h] = (unsigned short)(i + 1);
    }
}

void coder_plover(const char *code, const char **type, const char **mode, const char **context)
{
    pthread_once(&plover_once, plover_parse);
    *type = *mode = *context = "";
    char c[8];
    snprintf(c, sizeof c, "%s", code ? code : "");
    for (size_t l = strlen(c); l >= 2; l--) {
        c[l] = 0;
        for (size_t h = hash_str(c) & 511; plover_slot[h]; h = (h + 1) & 511) {
            const plover_row *r = &plover_rows[plover_slot[h] - 1];
            if (strcmp(r->code, c)) continue;
            *type = r->type;
            *mode = r->mode;
            *context = r->context;
            return;
        }
    }
}
