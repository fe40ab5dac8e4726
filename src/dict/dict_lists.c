/*
 * dict_lists.c — the dictionary files that are lists of phrases or codes:
 * discards (sentence and "+story" phrases), issues (with TABARI's n:, v: and +
 * expansions and <ISSUE CATEGORY=...> sections), PETRARCH's internal coding
 * ontology (CODE:0xVALUE), and tocsin's CAMEO event table (data/dict/cameo.tsv).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict_int.h"

/* ---- discards and issues ---- */

/* Appends phrase s to `list` (d->discards or d->issues) with `kind`, its words read
 * as in a TABARI file (stems unless '_') or not; NULL when s has no word. */
static plain_phrase *add_plain_phrase(src_file *f, vec *list, const char *s, int tabari, uint8_t kind)
{
    src_file g = *f;
    g.tabari = tabari;
    uint16_t nw;
    uint32_t w0 = dict_add_phrase_words(&g, s, strlen(s), 0, &nw);
    if (!nw) return NULL;
    plain_phrase *p = dict_vec_push(list);
    p->w0 = w0;
    p->nw = nw;
    p->kind = kind;
    return p;
}

void dict_load_discards(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    dict_lines it;
    dict_lines_init(&it, f, text, len, DL_HASH, 0);
    char *s;
    while ((s = dict_lines_next(&it))) {
        int story = s[0] == '+';
        if (story) s = dict_trim(s + 1);
        if (!*s) { dict_bad_line(f, "empty discard", it.raw); continue; }
        /* discards are stems unless they end with '_' */
        plain_phrase *p = add_plain_phrase(f, &d->discards, s, 1, (uint8_t)story);
        if (!p) continue;
        uint32_t w0 = p->w0;
        uint16_t nw = p->nw;
        /* only the last word may be a stem: earlier words are whole words */
        for (uint16_t i = 0; i + 1 < nw; i++) dict_word_at(d, w0 + i)->flags &= (uint8_t)~DW_STEM;
        if (story) d->has_story_discards = 1;
        dict_index_phrase(d, IX_DISCARD, IX_DISCARD_STEM, w0, nw, (uint32_t)(d->discards.n - 1), nw);
    }
}

static void add_issue_variant(src_file *f, const char *phrase, uint32_t code, int ignore)
{
    tocsin_dict *d = f->d;
    plain_phrase *p = add_plain_phrase(f, &d->issues, phrase, 0, (uint8_t)ignore);
    if (!p) return;
    p->code = code;
    dict_add_key(d, IX_ISSUE, dict_word_at(d, p->w0)->hash, (uint32_t)(d->issues.n - 1), p->nw);
}

/* Expands n:, v: and + in an issue phrase (one expansion at a time, recursively). */
static void expand_issue(src_file *f, const char *phrase, uint32_t code, int ignore, int depth)
{
    if (depth > 6) return;
    const char *m;
    char out[512];
    if ((m = strstr(phrase, "n:")) && (m == phrase || m[-1] == ' ' || m[-1] == '+')) {
        const char *w = m + 2;
        size_t wl = strcspn(w, " ");
        size_t pre = (size_t)(m - phrase);
        snprintf(out, sizeof out, "%.*s%.*s%s", (int)pre, phrase, (int)wl, w, w + wl);
        expand_issue(f, out, code, ignore, depth + 1);
        const char *suf = (wl && w[wl - 1] == 'y') ? "ies" : (wl && (w[wl - 1] == 's' || w[wl - 1] == 'x')) ? "es" : "s";
        size_t keep = (wl && w[wl - 1] == 'y') ? wl - 1 : wl;
        snprintf(out, sizeof out, "%.*s%.*s%s%s", (int)pre, phrase, (int)keep, w, suf, w + wl);
        expand_issue(f, out, code, ignore, depth + 1);
        return;
    }
    if ((m = strstr(phrase, "v:")) && (m == phrase || m[-1] == ' ' || m[-1] == '+')) {
        const char *w = m + 2;
        size_t wl = strcspn(w, " ");
        size_t pre = (size_t)(m - phrase);
        char forms[4][72];
        char base[72];
        snprintf(base, sizeof base, "%.*s", (int)(wl < 70 ? wl : 70), w);
        int k = dict_verb_forms(base, strlen(base), forms);
        snprintf(out, sizeof out, "%.*s%s%s", (int)pre, phrase, base, w + wl);
        expand_issue(f, out, code, ignore, depth + 1);
        for (int i = 0; i < k; i++) {
            snprintf(out, sizeof out, "%.*s%s%s", (int)pre, phrase, forms[i], w + wl);
            expand_issue(f, out, code, ignore, depth + 1);
        }
        return;
    }
    if ((m = strchr(phrase, '+'))) {
        size_t pre = (size_t)(m - phrase);
        snprintf(out, sizeof out, "%.*s %s", (int)pre, phrase, m + 1);
        expand_issue(f, out, code, ignore, depth + 1);
        snprintf(out, sizeof out, "%.*s-%s", (int)pre, phrase, m + 1);
        expand_issue(f, out, code, ignore, depth + 1);
        return;
    }
    add_issue_variant(f, phrase, code, ignore);
}

void dict_load_issues(src_file *f, char *text, size_t len)
{
    dict_lines it;
    dict_lines_init(&it, f, text, len, DL_HASH, 0);
    char *s;
    char category[64] = "";
    while ((s = dict_lines_next(&it))) {
        if (s[0] == '<') {
            /* <ISSUE CATEGORY="X">: lines without a code take the category */
            char *cat = strstr(s, "CATEGORY=\"");
            category[0] = 0;
            if (cat) {
                cat += 10;
                size_t n = strcspn(cat, "\"");
                if (n < sizeof category) { memcpy(category, cat, n); category[n] = 0; }
            }
            continue;
        }
        int ignore = 0;
        while (*s == '~') { ignore = 1; s++; }
        uint32_t code = 0;
        char *br = strchr(s, '[');
        if (br) {
            char *be = strchr(br, ']');
            if (!be) { dict_bad_line(f, "missing ']'", s); continue; }
            code = dict_add_string(f->d, br + 1, (size_t)(be - br - 1));
            *br = 0;
        } else if (!ignore && category[0]) {
            code = dict_add_string(f->d, category, strlen(category));
        } else if (!ignore) { dict_bad_line(f, "issue without [code]", s); continue; }
        char *p = dict_trim(s);
        if (!*p) { dict_bad_line(f, "empty issue phrase", it.raw); continue; }
        for (char *q = p; *q; q++) *q = (char)tolower((unsigned char)*q);
        expand_issue(f, p, code, ignore, 0);
    }
}

/* ---- PETRARCH's internal coding ontology ---- */

void dict_load_ontology(src_file *f, char *text, size_t len)
{
    dict_lines it;
    dict_lines_init(&it, f, text, len, DL_HASH, 0);
    char *s;
    while ((s = dict_lines_next(&it))) {
        char *colon = strchr(s, ':');
        if (!colon || colon == s || colon - s >= 8) { dict_bad_line(f, "expected CODE:VALUE", s); continue; }
        /* the value is a sum of signed hexadecimal terms: 0x3070, -0xFFFF+0x0070 */
        long v = 0;
        int ok = 1, terms = 0;
        const char *p = colon + 1;
        while (*p && ok) {
            while (*p == ' ') p++;
            if (!*p) break;
            int sign = 1;
            if (*p == '+' || *p == '-') { sign = *p == '-' ? -1 : 1; p++; }
            while (*p == ' ') p++;
            char *end;
            long t = strtol(p, &end, 16);
            if (end == p) { ok = 0; break; }
            v += sign * t;
            terms++;
            p = end;
        }
        if (!ok || !terms) { dict_bad_line(f, "bad ontology value", s); continue; }
        pico_entry *e = dict_vec_push(&f->d->pico);
        memcpy(e->code, s, (size_t)(colon - s));
        e->code[colon - s] = 0;
        e->value = (int)v;
    }
}

/* ---- the CAMEO table ---- */

void dict_load_cameo(tocsin_dict *d, const char *path)
{
    size_t len;
    char *text = util_read_file(path, &len);
    if (!text) { util_report("%s: cannot read the CAMEO event table: %s", path, strerror(errno)); return; }
    src_file f = { .path = path, .line = 0, .tabari = 0, .d = d };
    dict_lines it;
    dict_lines_init(&it, &f, text, len, DL_RAW, 0);
    char *line;
    while ((line = dict_lines_next(&it))) {
        if (line[0] == '#' || !line[0]) continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        char *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
        if (!t3 || t1 - line >= 8 || t1 == line) { dict_bad_line(&f, "expected code<TAB>goldstein<TAB>quad_class<TAB>label", line); continue; }
        *t1 = *t2 = *t3 = 0;
        char *end;
        double g = strtod(t1 + 1, &end);
        if (*end) { dict_bad_line(&f, "bad Goldstein value", t1 + 1); continue; }
        int q = atoi(t2 + 1);
        if (q < 1 || q > 4) { dict_bad_line(&f, "bad QuadClass", t2 + 1); continue; }
        cameo_entry *c = dict_vec_push(&d->cameo);
        snprintf(c->code, sizeof c->code, "%s", line);
        c->goldstein = g;
        c->quad_class = q;
        c->label = dict_add_string(d, t3 + 1, strlen(dict_trim(t3 + 1)));
    }
    free(text);
}
