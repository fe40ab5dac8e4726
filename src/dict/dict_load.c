/*
 * dict_load.c — reads dictionary directories into a tocsin_dict: TABARI
 * (tabari-manual.txt chapters 5-6) and PETRARCH-2 (petrarch2-dictionary-formats.rst)
 * actors, agents, verbs (synsets, patterns), discards and issues files, plus
 * tocsin's CAMEO event table (data/dict/cameo.tsv).
 *
 * Why one reader for both dialects: the two syntaxes share most of their
 * constructs and differ in a few places (TABARI stems vs PETRARCH exact words,
 * per-root patterns vs "--- BLOCK ---" verb blocks, alternatives "{a | b}" vs
 * noun phrases "{NP}" and "(PP)"). The dialect of each file is decided from its
 * content, and each construct is translated into the same in-memory form. Every
 * malformed line is reported with file:line through report() and skipped.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dict/dict.h"
#include "text/text.h"

/* ---- vec ---- */

void vec_init(vec *v, size_t size)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->size = size;
}

void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->data = xrealloc(v->data, v->cap * v->size);
    }
    void *p = (char *)v->data + v->n * v->size;
    memset(p, 0, v->size);
    v->n++;
    return p;
}

void vec_free(vec *v)
{
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

/* build-time index entries */
enum { IX_ACTOR, IX_ACTOR_STEM, IX_AGENT, IX_AGENT_STEM, IX_VERB, IX_VERB_STEM,
       IX_DISCARD, IX_DISCARD_STEM, IX_ISSUE, IX_PERSON, IX_SYN_FIRST, IX_SYN_LAST, IX_N };

typedef struct pending_key {
    uint64_t key;
    uint32_t id;
    uint16_t ix;
    uint16_t prio;     /* larger first within a key */
    uint32_t seq;      /* later-loaded first among equals */
} pending_key;

static void add_key(tocsin_dict *d, int ix, uint64_t key, uint32_t id, unsigned prio)
{
    pending_key *p = vec_push(&d->pending);
    p->key = key;
    p->id = id;
    p->ix = (uint16_t)ix;
    p->prio = (uint16_t)(prio > 65535 ? 65535 : prio);
    p->seq = (uint32_t)d->pending.n;
}

tocsin_dict *tocsin_dict_new(void)
{
    tocsin_dict *d = xcalloc(1, sizeof *d);
    buf_init(&d->strings);
    buf_addc(&d->strings, '\0');   /* offset 0 is the empty string */
    vec_init(&d->words, sizeof(dict_word));
    vec_init(&d->tabari_nouns, sizeof(uint32_t));
    vec_init(&d->tabari_adjs, sizeof(uint32_t));
    vec_init(&d->actors, sizeof(actor_phrase));
    vec_init(&d->groups, sizeof(actor_group));
    vec_init(&d->codes, sizeof(actor_code));
    vec_init(&d->agents, sizeof(agent_phrase));
    vec_init(&d->forms, sizeof(verb_form));
    vec_init(&d->blocks, sizeof(verb_block));
    vec_init(&d->patterns, sizeof(verb_pattern));
    vec_init(&d->elems, sizeof(pat_elem));
    vec_init(&d->synsets, sizeof(synset));
    vec_init(&d->syn_phrases, sizeof(syn_phrase));
    vec_init(&d->discards, sizeof(plain_phrase));
    vec_init(&d->issues, sizeof(plain_phrase));
    vec_init(&d->cameo, sizeof(cameo_entry));
    vec_init(&d->pico, sizeof(pico_entry));
    vec_init(&d->transforms, sizeof(transform));
    vec_init(&d->pending, sizeof(pending_key));
    vec_init(&d->synset_names, sizeof(pending_key));
    return d;
}

static void index_free(dict_index *ix)
{
    free(ix->slots);
    free(ix->ids);
    free(ix->filter);
    memset(ix, 0, sizeof *ix);
}

void tocsin_dict_free(tocsin_dict *d)
{
    if (!d) return;
    if (d->lm) lemmatizer_free(d->lm);
    buf_free(&d->strings);
    vec *vs[] = { &d->words, &d->actors, &d->groups, &d->codes, &d->agents, &d->forms,
                  &d->blocks, &d->patterns, &d->elems, &d->synsets, &d->syn_phrases,
                  &d->discards, &d->issues, &d->cameo, &d->pending, &d->synset_names, &d->pico,
                  &d->transforms, &d->tabari_nouns, &d->tabari_adjs };
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) vec_free(vs[i]);
    dict_index *ixs[] = { &d->actor_idx, &d->actor_stem_idx, &d->agent_idx, &d->agent_stem_idx,
                          &d->verb_idx, &d->verb_stem_idx, &d->discard_idx, &d->discard_stem_idx,
                          &d->issue_idx, &d->cameo_idx, &d->person_idx, &d->syn_first_idx, &d->syn_last_idx };
    for (size_t i = 0; i < sizeof ixs / sizeof ixs[0]; i++) index_free(ixs[i]);
    free(d);
}

/* ---- strings and words ---- */

static uint32_t add_string(tocsin_dict *d, const char *s, size_t n)
{
    uint32_t off = (uint32_t)d->strings.len;
    buf_add(&d->strings, s, n);
    buf_addc(&d->strings, '\0');
    return off;
}

/* Adds one dictionary word (already split from its connectors); lower-cases it. */
/* add_word flag: the word comes from a TABARI file, where even a stem of one to
 * three letters is one ("ENT" matches "Entian", "IN *" "inching": manual 5.2.2;
 * the validation records rely on it; "OF_" is how TABARI writes the whole word) */
#define ADD_TABARI 0x100u

static uint32_t add_word(tocsin_dict *d, const char *s, size_t n, unsigned flags)
{
    /* an explicit stem ("UN~") of one to three letters elsewhere would match far
     * too many words: it is read as a whole word with regular endings instead */
    if ((flags & DW_STEM) && n < 4 && !(flags & ADD_TABARI)) flags = (flags & ~(unsigned)DW_STEM) | DW_ENDINGS;
    flags &= 0xffu;
    char tmp[256];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)tolower((unsigned char)s[i]);
    tmp[n] = 0;
    dict_word *w = vec_push(&d->words);
    w->hash = hash_bytes(tmp, n);
    w->str = add_string(d, tmp, n);
    w->len = (uint16_t)n;
    w->flags = (uint8_t)flags;
    w->pad = (uint8_t)tmp[0];   /* first byte: a cheap reject before any string work */
    if ((flags & DW_STEM) && n < 64) {
        d->stem_lens |= (uint64_t)1 << n;
        if (n < 4) d->short_stems = 1;
        uint32_t b = dict_prefix_bit(dict_prefix_key(tmp, n));
        d->stem_prefix_bits[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    return (uint32_t)(d->words.n - 1);
}

static dict_word *word_at(tocsin_dict *d, uint32_t i) { return &VEC_AT(d->words, dict_word, i); }

/* ---- line handling ---- */

typedef struct src_file {
    const char *path;
    int line;
    int tabari;        /* dialect: 1 TABARI, 0 PETRARCH-2 */
    int gaps;          /* blanks in phrases allow words between (agents, both dialects) */
    tocsin_dict *d;
} src_file;

static void bad_line(src_file *f, const char *what, const char *text)
{
    char snip[80];
    size_t n = strlen(text);
    if (n > sizeof snip - 1) n = sizeof snip - 1;
    memcpy(snip, text, n);
    snip[n] = 0;
    report("%s:%d: %s: %s", f->path, f->line, what, snip);
    f->d->nerrors++;
}

/* Removes a comment (from '#' or ';' outside [...] and {...}) in place. */
static void strip_comment(char *s, int semicolon)
{
    int depth = 0;
    const char *stops = semicolon ? "#;[]" : "#[]";
    for (char *p = s + strcspn(s, stops); *p; p += 1 + strcspn(p + 1, stops)) {
        if (*p == '[') depth++;
        else if (*p == ']' && depth > 0) depth--;
        else if (depth == 0 && (*p == '#' || (semicolon && *p == ';'))) {
            *p = 0;
            return;
        }
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

/* Iterates the lines of a file buffer, removing <!-- ... --> comments. */
typedef struct line_iter {
    char *p, *end;
    int in_html_comment;
} line_iter;

static char *next_line(line_iter *it, src_file *f)
{
    while (it->p < it->end) {
        char *line = it->p;
        char *nl = memchr(line, '\n', (size_t)(it->end - line));
        if (nl) { *nl = 0; it->p = nl + 1; } else it->p = it->end;
        f->line++;
        /* HTML-style comments, possibly over several lines */
        char *s = line;
        if (!it->in_html_comment && !strchr(s, '<')) return line;
        for (;;) {
            if (it->in_html_comment) {
                char *e = strstr(s, "-->");
                if (!e) { *s = 0; break; }
                memmove(s, e + 3, strlen(e + 3) + 1);
                it->in_html_comment = 0;
            }
            char *b = strstr(s, "<!--");
            if (!b) break;
            char *e = strstr(b + 4, "-->");
            if (e) memmove(b, e + 3, strlen(e + 3) + 1);
            else { *b = 0; it->in_html_comment = 1; break; }
        }
        return line;
    }
    return NULL;
}

/* ---- phrases ---- */

/* Splits a phrase string on blanks and underscores into words; returns the index
 * of the first word and sets *nw. `ending_last`: allow regular endings on the
 * last word. TABARI words without a trailing '_' are stems. */
static uint32_t add_phrase_words(src_file *f, const char *s, size_t n, int ending_last, uint16_t *nw)
{
    tocsin_dict *d = f->d;
    uint32_t first = (uint32_t)d->words.n;
    int count = 0;
    size_t i = 0;
    /* TABARI reads a hyphen in a phrase as '_' (manual 7.3: "BARAD-DUR" is
     * BARAD_DUR; the text's hyphens are blanks) */
#define PHRASE_JOIN(ch) ((ch) == '_' || (f->tabari && (ch) == '-'))
    while (i < n) {
        while (i < n && (s[i] == ' ' || PHRASE_JOIN(s[i]) || s[i] == '\t')) i++;
        size_t st = i;
        while (i < n && s[i] != ' ' && !PHRASE_JOIN(s[i]) && s[i] != '\t') i++;
        if (i == st) break;
        size_t wl = i - st;
        int exact = (i < n && s[i] == '_') || i == n;  /* see below */
        (void)exact;
        unsigned fl = 0;
        int ends_underscore = i < n && PHRASE_JOIN(s[i]);
        int no_endings = wl > 1 && s[st + wl - 1] == '=';
        if (no_endings) wl--;
        if (s[st + wl - 1] == '~' && wl > 1) { wl--; fl |= DW_STEM; }
        int last = 1;
        for (size_t j = i; j < n; j++)
            if (s[j] != ' ' && !PHRASE_JOIN(s[j]) && s[j] != '\t') { last = 0; break; }
        if (f->tabari && !ends_underscore && !no_endings) fl |= DW_STEM;
        if (last && ending_last && !no_endings) fl |= DW_ENDINGS;
        /* TABARI: a blank (not '_') before a word lets other words stand between */
        if ((f->tabari || f->gaps) && count > 0 && st > 0 && (s[st - 1] == ' ' || s[st - 1] == '\t')) fl |= DW_GAP;
        add_word(d, s + st, wl, fl | (f->tabari ? ADD_TABARI : 0));
        count++;
    }
    *nw = (uint16_t)count;
    return first;
#undef PHRASE_JOIN
}

static void index_phrase_first(tocsin_dict *d, int ix, int ix_stem, uint32_t w0, uint16_t nw,
                               uint32_t id, unsigned prio)
{
    dict_word *w = word_at(d, w0);
    const char *s = dict_str(d, w->str);
    /* token filters: a token can start a phrase only if its prefix key is set */
    {
        uint64_t *bits = ix == IX_DISCARD ? d->discard_bits : (ix == IX_ACTOR || ix == IX_AGENT) ? d->start_bits : NULL;
        if (bits) {
            uint32_t b = dict_prefix_bit(dict_prefix_key(s, w->len));
            bits[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
    if (w->flags & DW_STEM) {
        add_key(d, ix_stem, dict_stem_key(s, w->len), id, prio);
        return;
    }
    if (nw >= 2 && !(word_at(d, w0 + 1)->flags & (DW_STEM | DW_GAP))) {
        /* multiword phrases are found by their first two words: far fewer candidates
         * to verify than all the phrases sharing a first word ("president ...") */
        dict_word *w2 = word_at(d, w0 + 1);
        add_key(d, ix, dict_pair_key(w->hash, w2->hash), id, prio);
        if (nw == 2 && (w2->flags & DW_ENDINGS) && w2->len < 120) {
            char tmp[128];
            const char *s2 = dict_str(d, w2->str);
            size_t n = w2->len;
            memcpy(tmp, s2, n);
            memcpy(tmp + n, "s", 1);
            add_key(d, ix, dict_pair_key(w->hash, hash_bytes(tmp, n + 1)), id, prio);
            memcpy(tmp + n, "es", 2);
            add_key(d, ix, dict_pair_key(w->hash, hash_bytes(tmp, n + 2)), id, prio);
            if (n > 1 && s2[n - 1] == 'y') {
                memcpy(tmp + n - 1, "ies", 3);
                add_key(d, ix, dict_pair_key(w->hash, hash_bytes(tmp, n + 2)), id, prio);
            }
        }
        return;
    }
    add_key(d, ix, w->hash, id, prio);
    if (nw == 1 && (w->flags & DW_ENDINGS) && w->len < 120) {
        /* a single-word phrase is also reachable from its regular plural forms */
        char tmp[128];
        size_t n = w->len;
        memcpy(tmp, s, n);
        memcpy(tmp + n, "s", 1);
        add_key(d, ix, hash_bytes(tmp, n + 1), id, prio);
        memcpy(tmp + n, "es", 2);
        add_key(d, ix, hash_bytes(tmp, n + 2), id, prio);
        if (n > 1 && s[n - 1] == 'y') {
            memcpy(tmp + n - 1, "ies", 3);
            add_key(d, ix, hash_bytes(tmp, n + 2), id, prio);
        }
    }
}

/* ---- codes in [...] ---- */

int dict_parse_date6(const char *s, size_t n, int *days)
{
    if (n != 6 && n != 8) return -1;
    for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)s[i])) return -1;
    int y, m, dd;
    if (n == 6) {
        y = (s[0] - '0') * 10 + (s[1] - '0');
        y += y <= 30 ? 2000 : 1900;
        m = (s[2] - '0') * 10 + (s[3] - '0');
        dd = (s[4] - '0') * 10 + (s[5] - '0');
    } else {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        m = (s[4] - '0') * 10 + (s[5] - '0');
        dd = (s[6] - '0') * 10 + (s[7] - '0');
    }
    if (!date_valid_ymd(y, m, dd)) return -1;
    *days = date_from_ymd(y, m, dd);
    return 0;
}

int dict_parse_restriction(const char *s, int *from, int *to)
{
    char t[64];
    size_t n = 0;
    for (; *s && n < sizeof t - 1; s++) if (*s != ' ' && *s != '\t') t[n++] = *s;
    t[n] = 0;
    *from = INT_MIN;
    *to = INT_MAX;
    if (n == 0) return 0;
    if (t[0] == '<') return dict_parse_date6(t + 1, n - 1, to);
    if (t[0] == '>') return dict_parse_date6(t + 1, n - 1, from);
    char *dash = strchr(t, '-');
    if (!dash) return -1;
    if (dict_parse_date6(t, (size_t)(dash - t), from) < 0) return -1;
    return dict_parse_date6(dash + 1, strlen(dash + 1), to);
}

/* Parses every [CODE restriction] block of s into the codes of group g.
 * Returns the number of codes added, -1 on a malformed block (reported). */
static int parse_actor_codes(src_file *f, const char *s, uint32_t g)
{
    tocsin_dict *d = f->d;
    int added = 0;
    const char *p = s;
    while ((p = strchr(p, '['))) {
        const char *e = strchr(p, ']');
        if (!e) { bad_line(f, "missing ']'", s); return -1; }
        char in[128];
        size_t n = (size_t)(e - p - 1);
        if (n >= sizeof in) { bad_line(f, "code block too long", s); return -1; }
        memcpy(in, p + 1, n);
        in[n] = 0;
        char *c = trim(in);
        p = e + 1;
        /* the null code may be written "- - -" */
        char nospace[128];
        size_t k = 0;
        for (char *q = c; *q; q++) if (*q != ' ') nospace[k++] = *q;
        nospace[k] = 0;
        if (!strcmp(nospace, "---")) c = nospace;
        char *sp = c;
        while (*sp && *sp != ' ' && *sp != '\t' && *sp != '<' && *sp != '>') sp++;
        char code[40];
        size_t cl = (size_t)(sp - c);
        if (cl == 0 || cl >= sizeof code) { bad_line(f, "bad actor code", s); return -1; }
        memcpy(code, c, cl);
        code[cl] = 0;
        if (isdigit((unsigned char)code[0]) && strchr(code, '-')) {
            bad_line(f, "code block without a code", s);
            return -1;
        }
        int from, to;
        if (dict_parse_restriction(sp, &from, &to) < 0) {
            bad_line(f, "bad date restriction", s);
            continue;
        }
        if (g == UINT32_MAX) { bad_line(f, "code without an actor", s); return -1; }
        actor_group *gr = &VEC_AT(d->groups, actor_group, g);
        /* codes of a group must be contiguous: groups are filled in file order */
        actor_code *ac = vec_push(&d->codes);
        if (gr->nc == 0) gr->c0 = (uint32_t)(d->codes.n - 1);
        gr->nc++;
        memcpy(ac->code, code, cl + 1);   /* cl < sizeof code <= sizeof ac->code */
        ac->from = from;
        ac->to = to;
        added++;
    }
    return added;
}

const char *dict_actor_code(const tocsin_dict *d, uint32_t group, int day)
{
    const actor_group *g = &VEC_AT(d->groups, actor_group, group);
    const actor_code *dflt = NULL;
    for (uint32_t i = 0; i < g->nc; i++) {
        const actor_code *c = &VEC_AT(d->codes, actor_code, g->c0 + i);
        if (c->from == INT_MIN && c->to == INT_MAX) {
            if (!dflt) dflt = c;
            continue;
        }
        if (day >= c->from && day <= c->to) return c->code;
    }
    return dflt ? dflt->code : "";
}

/* ---- actors ---- */

static int is_person_like(tocsin_dict *d, uint32_t w0, uint16_t nw)
{
    if (nw < 2 || nw > 4) return 0;
    for (uint16_t i = 0; i < nw; i++) {
        dict_word *w = word_at(d, w0 + i);
        const char *s = dict_str(d, w->str);
        if (w->len < 2 && !(w->len == 2 && s[1] == '.')) return 0;
        for (uint16_t k = 0; k < w->len; k++)
            if (!isalpha((unsigned char)s[k]) && s[k] != '.' && s[k] != '-' && s[k] != '\'') return 0;
    }
    return 1;
}

static void add_actor_phrase(src_file *f, const char *s, size_t n, uint32_t g)
{
    tocsin_dict *d = f->d;
    uint16_t nw;
    /* PETRARCH-2: a phrase ending in '_' ends there, without plural endings
     * ("USA_" must not match "uses", nor "HAMA_" "Hamas"); TABARI reads '_' as
     * "a whole word", which keeps its regular endings */
    int closed = !f->tabari && n > 0 && s[n - 1] == '_';
    /* PETRARCH-2's actor phrases are TABARI's (formats doc: "similar to those used in
     * TABARI"): a blank lets words stand between, "ITHILEN TELEVISION" is "Ithilen
     * state-run television"; TABARI files get the same from f->tabari */
    f->gaps = !f->tabari;
    uint32_t w0 = add_phrase_words(f, s, n, !closed, &nw);
    f->gaps = 0;
    if (nw == 0) { bad_line(f, "empty actor phrase", s); return; }
    actor_phrase *a = vec_push(&d->actors);
    a->w0 = w0;
    a->nw = nw;
    a->group = g;
    a->person = (uint16_t)is_person_like(d, w0, nw);
    uint32_t id = (uint32_t)(d->actors.n - 1);
    index_phrase_first(d, IX_ACTOR, IX_ACTOR_STEM, w0, nw, id, nw);
    if (a->person) {
        /* fuzzy-match index: initials of the first and last word, length of
         * the last, number of words (the coder's candidates must match all four) */
        const char *fw = dict_str(d, word_at(d, w0)->str);
        const char *lw = dict_str(d, word_at(d, w0 + nw - 1)->str);
        uint16_t lwl = word_at(d, w0 + nw - 1)->len;
        char key[4] = { fw[0], lw[0], (char)(lwl > 60 ? 60 : lwl), (char)nw };
        add_key(d, IX_PERSON, hash_bytes(key, 4), id, 0);
    }
}

static void load_actors(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    line_iter it = { text, text + len, 0 };
    uint32_t g = UINT32_MAX;
    int in_section = 0;  /* <NOUN>, <ADJECTIVE>: uncoded words, not actors */
    char *line;
    while ((line = next_line(&it, f))) {
        int indented = line[0] == ' ' || line[0] == '\t';
        strip_comment(line, 1);
        char *s = trim(line);
        if (!*s) continue;
        if (!strncmp(s, "~FINISH", 7) || !strncmp(s, "~~FINISH", 8)) break;   /* TABARI end mark, may carry a date */
        if (s[0] == '<') {
            /* TABARI <NOUN> and <ADJECTIVE> sections hold uncoded words; any other
             * tag-like line (e.g. a malformed "<! -- ... -->" comment) is skipped */
            if (!strncasecmp(s, "<NOUN>", 6)) in_section = 1;
            else if (!strncasecmp(s, "<ADJECTIVE>", 11)) in_section = 2;
            else if (!strncasecmp(s, "</NOUN>", 7) || !strncasecmp(s, "</ADJECTIVE>", 12)) in_section = 0;
            continue;
        }
        if (in_section) {
            /* kept for compound noun and adjective phrases ("sheep and evil goats",
             * "awful and evil": TABARI manual 7.5.1), single words only; a word is a
             * stem unless it ends in '_' */
            size_t wl = strcspn(s, " \t;");
            int exact = wl > 0 && s[wl - 1] == '_';
            if (exact) wl--;
            if (wl && !memchr(s, '_', wl)) {
                uint32_t *id = vec_push(in_section == 1 ? &d->tabari_nouns : &d->tabari_adjs);
                *id = add_word(d, s, wl, exact ? 0 : DW_STEM);
            }
            continue;
        }
        if (s[0] == '/') continue;   /* TABARI comment line */
        if (indented && s[0] == '[') {
            if (g == UINT32_MAX) { bad_line(f, "code line without an actor", s); continue; }
            parse_actor_codes(f, s, g);
            continue;
        }
        int synonym = s[0] == '+';
        if (synonym) s++;
        char *br = strchr(s, '[');
        size_t plen = br ? (size_t)(br - s) : strlen(s);
        while (plen && (s[plen - 1] == ' ' || s[plen - 1] == '\t')) plen--;
        if (plen == 0) { bad_line(f, "missing actor phrase", s); continue; }
        if (strchr(s, ']') && !br) { bad_line(f, "missing '['", s); continue; }
        if (!synonym || g == UINT32_MAX) {
            actor_group *gr = vec_push(&d->groups);
            gr->file_line = (uint32_t)f->line;
            g = (uint32_t)(d->groups.n - 1);
        }
        if (br && parse_actor_codes(f, br, g) < 0) continue;
        add_actor_phrase(f, s, plen, g);
    }
}

/* ---- agents ---- */

typedef struct subst {
    char name[32];
    char items[16][48];
    int n;
} subst;

static void add_agent(src_file *f, const char *phrase, size_t plen, const char *plurals, int has_plurals,
                      const char *code, int prefix)
{
    tocsin_dict *d = f->d;
    /* the phrase itself, then its plural forms */
    char forms[12][160];
    int nforms = 0;
    if (plen >= 150) { bad_line(f, "agent phrase too long", phrase); return; }
    memcpy(forms[nforms], phrase, plen);
    forms[nforms++][plen] = 0;
    if (has_plurals) {
        const char *p = plurals;
        while (*p && nforms < 12) {
            while (*p == ' ' || *p == '\t') p++;
            const char *st = p;
            while (*p && *p != ' ' && *p != '\t') p++;
            size_t n = (size_t)(p - st);
            if (n && n < 150) { memcpy(forms[nforms], st, n); forms[nforms++][n] = 0; }
        }
    } else {
        /* regular plural of the last word */
        size_t n = plen;
        while (n && phrase[n - 1] == '_') n--;
        if (n && n < 140) {
            char *pl = forms[nforms++];
            memcpy(pl, phrase, n);
            char last = (char)toupper((unsigned char)phrase[n - 1]);
            char prev = n > 1 ? (char)toupper((unsigned char)phrase[n - 2]) : 0;
            if (last == 'Y' && prev && !strchr("AEIOU", prev)) strcpy(pl + n - 1, "IES");
            else if (last == 'S' || last == 'X' || (last == 'H' && (prev == 'C' || prev == 'S'))) strcpy(pl + n, "ES");
            else strcpy(pl + n, "S");
        }
    }
    for (int i = 0; i < nforms; i++) {
        uint16_t nw;
        f->gaps = 1;   /* agents: "a blank means additional words can occur" */
        uint32_t w0 = add_phrase_words(f, forms[i], strlen(forms[i]), i == 0 && !has_plurals, &nw);
        f->gaps = 0;
        if (!nw) continue;
        agent_phrase *a = vec_push(&d->agents);
        a->w0 = w0;
        a->nw = nw;
        a->prefix = (uint8_t)prefix;
        snprintf(a->code, sizeof a->code, "%s", code);
        index_phrase_first(d, IX_AGENT, IX_AGENT_STEM, w0, nw, (uint32_t)(d->agents.n - 1), nw);
    }
}

static void load_agents(src_file *f, char *text, size_t len)
{
    line_iter it = { text, text + len, 0 };
    subst subs[16];
    int nsubs = 0;
    char *line;
    while ((line = next_line(&it, f))) {
        strip_comment(line, 1);
        char *s = trim(line);
        if (!*s || s[0] == '/' || s[0] == '<') continue;
        if (!strncmp(s, "~FINISH", 7) || !strncmp(s, "~~FINISH", 8)) break;   /* TABARI end mark, may carry a date */
        /* substitution marker definition: !PERSON! = MAN, MEN */
        if (s[0] == '!' && strchr(s, '=')) {
            char *e = strchr(s + 1, '!');
            if (!e || nsubs == 16) { bad_line(f, "bad substitution marker", s); continue; }
            subst *sb = &subs[nsubs];
            size_t n = (size_t)(e - s + 1);
            if (n >= sizeof sb->name) { bad_line(f, "bad substitution marker", s); continue; }
            memcpy(sb->name, s, n);
            sb->name[n] = 0;
            sb->n = 0;
            char *p = strchr(e, '=') + 1;
            while (*p && sb->n < 16) {
                char *c = strchr(p, ',');
                size_t il = c ? (size_t)(c - p) : strlen(p);
                char item[48];
                size_t k = 0;
                for (size_t j = 0; j < il && k < sizeof item - 1; j++) if (p[j] != ' ') item[k++] = p[j];
                item[k] = 0;
                if (k) strcpy(sb->items[sb->n++], item);
                if (!c) break;
                p = c + 1;
            }
            nsubs++;
            continue;
        }
        char *br = strchr(s, '[');
        char *be = br ? strchr(br, ']') : NULL;
        if (!br || !be) { bad_line(f, "agent without [code]", s); continue; }
        char codebuf[64];
        size_t k = 0;
        for (char *p = br + 1; p < be && k < sizeof codebuf - 1; p++) if (*p != ' ' && *p != '\t') codebuf[k++] = *p;
        codebuf[k] = 0;
        int prefix;
        char code[16];
        const char *cstart;
        if (codebuf[0] == '~') { prefix = 0; cstart = codebuf + 1; }
        else if (k && codebuf[k - 1] == '~') { prefix = 1; codebuf[k - 1] = 0; cstart = codebuf; }
        else { bad_line(f, "agent code without '~'", s); continue; }
        if (strlen(cstart) >= sizeof code) { bad_line(f, "agent code too long", s); continue; }
        strcpy(code, cstart);
        if (!code[0]) { bad_line(f, "empty agent code", s); continue; }
        *br = 0;
        char *cb = strchr(s, '{');
        int has_plurals = 0;
        char plur[256] = "";
        if (cb) {
            char *ce = strchr(cb, '}');
            if (!ce) { bad_line(f, "missing '}'", s); continue; }
            has_plurals = 1;
            size_t n = (size_t)(ce - cb - 1);
            if (n >= sizeof plur) n = sizeof plur - 1;
            memcpy(plur, cb + 1, n);
            plur[n] = 0;
            *cb = 0;
        }
        char *phrase = trim(s);
        if (!*phrase) { bad_line(f, "missing agent phrase", line); continue; }
        /* expand substitution markers */
        char *m1 = strchr(phrase, '!');
        if (m1) {
            char *m2 = strchr(m1 + 1, '!');
            subst *sb = NULL;
            if (m2) {
                size_t n = (size_t)(m2 - m1 + 1);
                for (int i = 0; i < nsubs; i++)
                    if (strlen(subs[i].name) == n && !strncmp(subs[i].name, m1, n)) sb = &subs[i];
            }
            if (!sb) { bad_line(f, "undefined substitution marker", phrase); continue; }
            for (int i = 0; i < sb->n; i++) {
                char ex[256];
                snprintf(ex, sizeof ex, "%.*s%s%s", (int)(m1 - phrase), phrase, sb->items[i], m2 + 1);
                add_agent(f, ex, strlen(ex), "", 1, code, prefix);
            }
            continue;
        }
        add_agent(f, phrase, strlen(phrase), plur, has_plurals, code, prefix);
    }
}

/* ---- verbs ---- */

static int parse_verb_code(src_file *f, const char *in, verb_code *vc)
{
    char t[64];
    size_t k = 0;
    for (; *in && k < sizeof t - 1; in++) if (*in != ' ' && *in != '\t') t[k++] = *in;
    t[k] = 0;
    memset(vc, 0, sizeof *vc);
    vc->flags = VC_SET;
    if (k && t[k - 1] == '?') { vc->flags |= VC_SUBORD; t[--k] = 0; }
    if (k && t[k - 1] == '!') { vc->flags |= VC_DOMINANT; t[--k] = 0; }
    if (!strcmp(t, "---")) { vc->flags |= VC_NULL; return 0; }
    if (!strcmp(t, "###")) { vc->flags |= VC_DISCARD; return 0; }
    if (!strcmp(t, "+++")) { vc->flags |= VC_COMPLEX; return 0; }
    char *colon = strchr(t, ':');
    if (colon) *colon = 0;
    /* "[:173]": no event in the active direction, 173 in the reverse one */
    if ((!t[0] && !colon) || strlen(t) >= sizeof vc->code || (colon && (!colon[1] || strlen(colon + 1) >= sizeof vc->pair))) {
        bad_line(f, "bad verb code", in);
        return -1;
    }
    strcpy(vc->code, t);
    if (colon) {
        if (!strcmp(colon + 1, "---")) vc->pair[0] = 0;
        else strcpy(vc->pair, colon + 1);
    }
    return 0;
}

/* Finds "[...]" at the end of s, parses it into vc and cuts it off. Returns 1 if
 * a code was found, 0 if none, -1 if malformed. */
static int take_code(src_file *f, char *s, verb_code *vc)
{
    char *br = strrchr(s, '[');
    if (!br) {
        if (strchr(s, ']')) { bad_line(f, "missing '['", s); return -1; }
        return 0;
    }
    char *be = strchr(br, ']');
    if (!be) { bad_line(f, "missing ']'", s); return -1; }
    *be = 0;
    int r = parse_verb_code(f, br + 1, vc);
    *br = 0;
    return r < 0 ? -1 : 1;
}

static uint32_t synset_by_name(tocsin_dict *d, const char *name, size_t n)
{
    char tmp[64];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)toupper((unsigned char)name[i]);
    /* the trailing '_' of a label only switches plurals off */
    while (n > 1 && tmp[n - 1] == '_') n--;
    uint64_t h = hash_bytes(tmp, n);
    for (size_t i = 0; i < d->synset_names.n; i++) {
        pending_key *p = &VEC_AT(d->synset_names, pending_key, i);
        if (p->key == h) return p->id;
    }
    return UINT32_MAX;
}

/* Lexer for pattern text: words, connectors and punctuation. */
typedef struct lexeme {
    char text[64];
    uint8_t adj;      /* joined to the previous lexeme by '_' */
    uint8_t us_after; /* a word directly followed by '_': TABARI reads it as a whole word */
    char punct;       /* '{' '}' '(' ')' '|' or 0 for a word */
} lexeme;

static int lex_pattern(const char *s, lexeme *out, int max)
{
    int n = 0;
    int adj = 0;
    while (*s && n < max) {
        if (*s == ' ' || *s == '\t') { adj = 0; s++; continue; }
        if (*s == '_') { adj = 1; s++; continue; }
        if (strchr("{}()|", *s)) {
            out[n].punct = *s;
            out[n].text[0] = *s;
            out[n].text[1] = 0;
            out[n].adj = (uint8_t)adj;
            out[n].us_after = 0;
            /* a '}' or ')' followed directly by '_' makes the next element adjacent */
            n++;
            s++;
            adj = 0;
            continue;
        }
        const char *st = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '_' && !strchr("{}()|", *s)) s++;
        size_t l = (size_t)(s - st);
        if (l >= sizeof out[n].text) l = sizeof out[n].text - 1;
        memcpy(out[n].text, st, l);
        out[n].text[l] = 0;
        out[n].punct = 0;
        out[n].adj = (uint8_t)adj;
        out[n].us_after = *s == '_';
        n++;
        adj = 0;
    }
    return n;
}

static uint32_t new_synset(tocsin_dict *d)
{
    synset *sy = vec_push(&d->synsets);
    sy->ph0 = (uint32_t)d->syn_phrases.n;
    return (uint32_t)(d->synsets.n - 1);
}

/* Adds the phrases of an alternative (a word sequence that may contain synset
 * references) to synset `into`, expanding nested synsets. */
static void add_syn_phrase_expanded(src_file *f, uint32_t into, lexeme *lx, int n, int plural_ok)
{
    tocsin_dict *d = f->d;
    /* find the first synset reference */
    for (int i = 0; i < n; i++) {
        if (lx[i].text[0] == '&' && !lx[i].punct) {
            uint32_t id = synset_by_name(d, lx[i].text, strlen(lx[i].text));
            if (id == UINT32_MAX) { bad_line(f, "undefined synset", lx[i].text); return; }
            synset sy = VEC_AT(d->synsets, synset, id);
            for (uint32_t p = 0; p < sy.nph; p++) {
                syn_phrase sp = VEC_AT(d->syn_phrases, syn_phrase, sy.ph0 + p);
                lexeme tmp[32];
                int m = 0;
                for (int j = 0; j < i && m < 32; j++) tmp[m++] = lx[j];
                for (uint16_t w = 0; w < sp.nw && m < 32; w++) {
                    dict_word *dw = word_at(d, sp.w0 + w);
                    snprintf(tmp[m].text, sizeof tmp[m].text, "%s%s", dict_str(d, dw->str),
                             (dw->flags & DW_STEM) ? "" : "_");
                    tmp[m].adj = (uint8_t)(w == 0 ? lx[i].adj : 1);
                    tmp[m].punct = 0;
                    m++;
                }
                for (int j = i + 1; j < n && m < 32; j++) tmp[m++] = lx[j];
                add_syn_phrase_expanded(f, into, tmp, m, 0);
            }
            return;
        }
    }
    /* a plain word sequence: words of a synset phrase are consecutive */
    int src_after = 0;
    if (f->tabari && n > 1 && !strcmp(lx[n - 1].text, "$")) { src_after = 1; n--; }   /* "PESO_$" */
    if (n == 0) return;
    syn_phrase *sp = vec_push(&d->syn_phrases);
    sp->src_after = (uint8_t)src_after;
    sp->w0 = (uint32_t)d->words.n;
    unsigned total = 0;
    for (int i = 0; i < n; i++) {
        const char *t = lx[i].text;
        size_t l = strlen(t);
        unsigned fl = 0;
        int exact = 0;
        while (l > 1 && t[l - 1] == '_') { l--; exact = 1; }
        if (l > 1 && t[l - 1] == '$') l--;  /* stray "$" after a phrase in the demo files */
        if (l > 1 && t[l - 1] == '~') { l--; fl |= DW_STEM; }
        if (f->tabari && !exact && i == n - 1) fl |= DW_STEM;
        if (f->tabari && i > 0 && lx[i].adj == 2) fl |= DW_GAP;
        if (!f->tabari && i == n - 1 && plural_ok && !exact) fl |= DW_ENDINGS;
        /* TABARI applies no endings in synsets (manual 5.6): "KRONER_" is no
         * "kroneren"; a short stem after another word is safe ("JAVANESE_YEN" is
         * "Javanese yener") */
        uint32_t wid = add_word(d, t, l, fl | (f->tabari ? ADD_TABARI : 0));
        if (f->tabari && (fl & DW_STEM) && i > 0 && l < 4) word_at(d, wid)->flags = (uint8_t)(fl | DW_STEM);
        total += (unsigned)l;
    }
    sp->nw = (uint16_t)n;
    sp->len = (uint16_t)total;
    VEC_AT(d->synsets, synset, into).nph++;
}

/* Synset member line "+PHRASE" (words joined by '_' or ' ', consecutive). */
static void add_synset_member(src_file *f, uint32_t sid, const char *s, int plural_ok)
{
    lexeme lx[32];
    int n = lex_pattern(s, lx, 32);
    /* TABARI: a blank between words of a synset phrase lets other words stand
     * between ("+AUSTRIAN FLORIN" is "austrian gold florin"): adj 2 */
    for (int i = 0; i < n; i++) lx[i].adj = (uint8_t)(i == 0 ? 0 : (f->tabari && !lx[i].adj && !lx[i].punct) ? 2 : 1);
    /* the lexer drops a closing '_' ("KRONER_"): it makes the last word exact */
    {
        size_t sl = strlen(s);
        while (sl && (s[sl - 1] == ' ' || s[sl - 1] == '\t')) sl--;
        size_t tl = n > 0 ? strlen(lx[n - 1].text) : 0;
        if (sl && s[sl - 1] == '_' && n > 0 && tl + 1 < sizeof lx[n - 1].text && !lx[n - 1].punct) {
            lx[n - 1].text[tl] = '_';
            lx[n - 1].text[tl + 1] = 0;
        }
    }
    /* synset phrases must be contiguous in syn_phrases: only the newest synset grows */
    if (sid != f->d->synsets.n - 1) { bad_line(f, "synset member out of place", s); return; }
    add_syn_phrase_expanded(f, sid, lx, n, plural_ok);
}

static unsigned synset_maxlen(tocsin_dict *d, uint32_t sid)
{
    synset sy = VEC_AT(d->synsets, synset, sid);
    unsigned m = 0;
    for (uint32_t i = 0; i < sy.nph; i++) {
        syn_phrase *sp = &VEC_AT(d->syn_phrases, syn_phrase, sy.ph0 + i);
        if (sp->len > m) m = sp->len;
    }
    return m;
}

/* Parses "- pre * post" (without the code) into a pattern of block b. */
static void add_pattern(src_file *f, uint32_t block, char *s, const verb_code *vc)
{
    tocsin_dict *d = f->d;
    /* TABARI reads a hyphen in a dictionary phrase as an underscore ("ANTI- + *"
     * is "anti" joined to the actor after it; manual 5.1) */
    if (f->tabari)
        for (char *p = s; *p; p++)
            if (*p == '-' && p > s && isalpha((unsigned char)p[-1])) *p = '_';
    lexeme lx[96];
    int n = lex_pattern(s, lx, 96);
    verb_pattern pat;
    memset(&pat, 0, sizeof pat);
    pat.code = *vc;
    /* elements are appended to d->elems in two passes: pre then post */
    pat_elem tmp[96];
    memset(tmp, 0, sizeof tmp);
    int nt = 0, star = -1;
    unsigned length = 0;
    int pending_adj_next = 0;
    int pp_open = 0;   /* the previous lexeme opened a PETRARCH "(PP)" */
    int np_start = -1;   /* PETRARCH-2 {NP}: its first element */
    for (int i = 0; i < n; i++) {
        lexeme *x = &lx[i];
        if (!f->tabari && !d->loading_builtin && x->punct) {
            /* PETRARCH-2 parse-based constructs. {A B HEAD}: the modifier nearest the
             * head is the word before it ("new economic trade relations" is no
             * {NEW &TIETYPES RELATIONS}) */
            if (x->punct == '(') d->np_patterns = 1;
            else if (x->punct == '}' && np_start >= 0) {
                if (nt - np_start >= 2 && tmp[nt - 1].kind == PE_WORD && !tmp[nt - 1].adj) tmp[nt - 1].adj = 1;
                np_start = -1;
            }
        }
        if (x->punct == '{') {
            /* alternatives { a | b } (TABARI) or a noun phrase {A B} (PETRARCH) */
            int j = i + 1, bars = 0;
            while (j < n && lx[j].punct != '}') { if (lx[j].punct == '|') bars++; j++; }
            if (j == n) { bad_line(f, "missing '}'", s); return; }
            if (bars == 0) {  /* NP: its words are read as plain words */
                if (!f->tabari && !d->loading_builtin) { np_start = nt; d->np_patterns = 1; }
                continue;
            }
            uint32_t sid = new_synset(d);
            int st = i + 1;
            /* TABARI (manual 5.7.1) ranks a pattern with alternatives by the
             * alternative it actually matched; patterns are ranked here before
             * matching, so by the shortest one, the least it can match */
            unsigned min_len = UINT32_MAX, cur = 0;
            for (int q = i + 1; q <= j; q++) {
                if (lx[q].punct == '|' || lx[q].punct == '}') {
                    if (cur < min_len) min_len = cur;
                    cur = 0;
                } else if (!lx[q].punct) cur += (unsigned)strlen(lx[q].text);
            }
            if (min_len == UINT32_MAX) min_len = 0;
            for (int k = i + 1; k <= j; k++) {
                if (lx[k].punct == '|' || lx[k].punct == '}') {
                    lexeme alt[32];
                    int m = 0;
                    /* TABARI: a blank inside an alternative lets words stand between
                     * ("{ LOUDLY INCLUDED | ...}" is "loudly boldly included"): adj 2 */
                    for (int q = st; q < k && m < 32; q++) {
                        alt[m] = lx[q];
                        alt[m].adj = (uint8_t)(m == 0 ? 0 : lx[q].adj ? 1 : f->tabari ? 2 : 0);
                        m++;
                    }
                    add_syn_phrase_expanded(f, sid, alt, m, 0);
                    st = k + 1;
                }
            }
            if (nt >= 96) break;
            tmp[nt].kind = PE_SYNSET;
            tmp[nt].ref = sid;
            tmp[nt].adj = x->adj;
            nt++;
            length += f->tabari ? min_len : synset_maxlen(d, sid);
            /* "}_WORD": the next element must follow directly */
            i = j;
            pending_adj_next = (j + 1 < n && lx[j + 1].adj);
            continue;
        }
        if (x->punct) { pp_open = x->punct == '('; continue; }   /* '(' ')' '}' of NPs/PPs, stray '|' */
        if (nt >= 96) break;
        pat_elem *e = &tmp[nt];
        e->adj = (uint8_t)(x->adj || pending_adj_next);
        /* TABARI does not hold a word to follow a synset reference directly:
         * "MOST_CERTAINLY_&NEGATVAUXVRB_EVER" matches "really did not even ever"
         * (the validation records) */
        if (f->tabari && i > 0 && lx[i - 1].text[0] == '&' && !lx[i - 1].punct) e->adj = 0;
        e->prep = (uint8_t)pp_open;
        pp_open = 0;
        pending_adj_next = 0;
        const char *t = x->text;
        if (!strcmp(t, "*")) { star = nt; e->kind = 255; nt++; continue; }
        if (!strcmp(t, "$")) e->kind = PE_SRC;
        else if (!strcmp(t, "+")) e->kind = PE_TGT;
        else if (!strcmp(t, "%")) e->kind = PE_CMP;
        else if (!strcmp(t, "^")) e->kind = PE_SKIP;
        else if (t[0] == '&') {
            uint32_t id = synset_by_name(d, t, strlen(t));
            if (id == UINT32_MAX) { bad_line(f, "undefined synset in pattern", s); return; }
            e->kind = PE_SYNSET;
            e->ref = id;
            /* TABARI ranks a pattern by its own words: a synset adds none ("* DOLLAR"
             * is tried before "* &CURRENCY") */
            if (!f->tabari) length += synset_maxlen(d, id);
        } else {
            size_t l = strlen(t);
            unsigned fl = 0;
            int exact = 0;
            if (l > 1 && t[l - 1] == '=') { l--; exact = 2; }
            while (l > 1 && t[l - 1] == '_') { l--; exact = 1; }
            if (x->us_after && f->tabari) exact = 1;   /* "* RESOLUTION_" is no "resolutions" (manual 5.2.2) */
            if (l > 1 && t[l - 1] == '~') { l--; fl |= DW_STEM; pending_adj_next = 1; }
            else if (f->tabari && !exact) fl |= DW_STEM;
            /* TABARI: "RESOLUTION_" ends there, no "resolutions" (manual 5.2.2) */
            else if (f->tabari) fl |= 0;
            /* PETRARCH: a pattern's words take plural endings only ("* MEET" is no
             * "meeting") */
            else if (exact != 2) fl |= DW_ENDINGS | (f->d->loading_builtin ? 0u : (unsigned)DW_NOUNEND);
            e->kind = PE_WORD;
            e->ref = add_word(d, t, l, fl | (f->tabari ? ADD_TABARI : 0));
            length += (unsigned)l;
        }
        nt++;
    }
    if (star < 0) { bad_line(f, "pattern without '*'", s); return; }
    pat.pre0 = (uint32_t)d->elems.n;
    for (int i = 0; i < star; i++) *(pat_elem *)vec_push(&d->elems) = tmp[i];
    pat.npre = (uint16_t)star;
    pat.post0 = (uint32_t)d->elems.n;
    /* the adjacency flag of the element after '*' says whether it touches the verb */
    for (int i = star + 1; i < nt; i++) *(pat_elem *)vec_push(&d->elems) = tmp[i];
    pat.npost = (uint16_t)(nt - star - 1);
    pat.verb_adj_pre = star > 0 && tmp[star].adj;  /* "WORD_*" */
    pat.verb_adj_post = star + 1 < nt && tmp[star + 1].adj; /* "*_WORD" */
    pat.length = (uint16_t)(length > 65535 ? 65535 : length);
    pat.order = (uint32_t)d->patterns.n;
    /* prefilter: the longest literal word (lemma matches share its first bytes
     * only when the word is a base form, so words of 4+ letters use 4) */
    {
        size_t best = 0, second = 0;
        pat.req_syn = UINT32_MAX;
        for (int i = 0; i < nt; i++) {
            if (i == star) continue;
            if (tmp[i].kind == PE_SYNSET && pat.req_syn == UINT32_MAX) pat.req_syn = tmp[i].ref;
            if (tmp[i].kind != PE_WORD) continue;
            const dict_word *w = &VEC_AT(d->words, dict_word, tmp[i].ref);
            if (w->len < 4) continue;
            uint64_t k = dict_prefix_key(dict_str(d, w->str), w->len);
            if (w->len > best) {
                if (pat.req_key && pat.req_key != k) { pat.req_key2 = pat.req_key; second = best; }
                best = w->len;
                pat.req_key = k;
            } else if (w->len > second && k != pat.req_key) {
                second = w->len;
                pat.req_key2 = k;
            }
        }
    }
    pat.cmp_both = (uint8_t)f->tabari;
    *(verb_pattern *)vec_push(&d->patterns) = pat;
    verb_block *b = &VEC_AT(d->blocks, verb_block, block);
    if (b->np == 0) b->p0 = (uint32_t)(d->patterns.n - 1);
    b->np++;
}

/* Regular verb forms of a base word (lower case). */
static int verb_forms(const char *w, size_t n, char out[4][72])
{
    if (n == 0 || n > 60) return 0;
    int k = 0;
    char last = w[n - 1], prev = n > 1 ? w[n - 2] : 0;
    int vowel_prev = prev && strchr("aeiou", prev);
    /* third person */
    memcpy(out[k], w, n);
    if (last == 'y' && !vowel_prev) strcpy(out[k] + n - 1, "ies");
    else if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) strcpy(out[k] + n, "es");
    else strcpy(out[k] + n, "s");
    k++;
    /* past */
    memcpy(out[k], w, n);
    if (last == 'e') strcpy(out[k] + n, "d");
    else if (last == 'y' && !vowel_prev) strcpy(out[k] + n - 1, "ied");
    else strcpy(out[k] + n, "ed");
    k++;
    /* gerund */
    memcpy(out[k], w, n);
    if (last == 'e' && prev != 'e' && n > 2) strcpy(out[k] + n - 1, "ing");
    else strcpy(out[k] + n, "ing");
    k++;
    return k;
}

/* One verb-form spec "WORD", "+CORDON_OFF", "WIRE_+TAP": adds a verb_form and its keys. */
static void add_verb_spec(src_file *f, uint32_t block, const char *spec, const verb_code *own, int gen_forms)
{
    tocsin_dict *d = f->d;
    lexeme lx[16];
    int n = lex_pattern(spec, lx, 16);
    if (n == 0) return;
    int vi = 0;
    for (int i = 0; i < n; i++)
        if (lx[i].text[0] == '+' && lx[i].text[1]) { vi = i; memmove(lx[i].text, lx[i].text + 1, strlen(lx[i].text)); break; }
    verb_form vf;
    memset(&vf, 0, sizeof vf);
    vf.block = block;
    if (own) { vf.code = *own; vf.has_code = 1; }
    vf.pre0 = (uint32_t)d->words.n;
    for (int i = 0; i < vi; i++) add_word(d, lx[i].text, strlen(lx[i].text), 0);
    vf.npre = (uint8_t)vi;
    /* the verb word */
    char vw[64];
    size_t vl = strlen(lx[vi].text);
    memcpy(vw, lx[vi].text, vl + 1);
    int stem = 0, noend = 0;
    while (vl > 1 && (vw[vl - 1] == '_' || vw[vl - 1] == '=')) { if (vw[vl - 1] == '=') noend = 1; vw[--vl] = 0; }
    /* "BREAK_" is the whole word (the lexer took the '_'): no "breakdown" */
    if (f->tabari && lx[vi].text[strlen(lx[vi].text) - 1] != '_' && !lx[vi].us_after && !noend) stem = 1;
    for (size_t i = 0; i < vl; i++) vw[i] = (char)tolower((unsigned char)vw[i]);
    /* ...but takes the regular endings of a verb ("DEPART_": "departes", "departen") */
    int endings = f->tabari && !stem && lx[vi].us_after && !noend;
    vf.word = add_word(d, vw, vl, stem ? DW_STEM | ADD_TABARI : endings ? DW_ENDINGS : 0);
    vf.post0 = (uint32_t)d->words.n;
    /* TABARI: a blank (not '_') lets other words stand between ("DEATH TOLL
     * RISEN": "death toll has risen") */
    for (int i = vi + 1; i < n; i++) add_word(d, lx[i].text, strlen(lx[i].text), f->tabari && !lx[i].adj ? DW_GAP : 0);
    vf.npost = (uint8_t)(n - vi - 1);
    *(verb_form *)vec_push(&d->forms) = vf;
    uint32_t id = (uint32_t)(d->forms.n - 1);
    unsigned prio = (unsigned)(vf.npre + vf.npost) * 4 + (vf.has_code ? 1 : 0);
    if (stem && vl < 4) stem = 0;   /* see add_word: short stems are whole words */
    if ((stem || (endings && vl >= 4)) && vl < 64) {   /* candidates by prefix, verified by the word */
        add_key(d, IX_VERB_STEM, dict_stem_key(vw, vl), id, prio);
        d->stem_lens |= (uint64_t)1 << vl;
        if (vl < 4) d->short_stems = 1;
        uint32_t b = dict_prefix_bit(dict_prefix_key(vw, vl));
        d->stem_prefix_bits[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    add_key(d, IX_VERB, hash_bytes(vw, vl), id, prio);
    if (gen_forms && !noend) {
        char forms[4][72];
        int k = verb_forms(vw, vl, forms);
        for (int i = 0; i < k; i++) add_key(d, IX_VERB, hash_str(forms[i]), id, prio);
    }
}

static uint32_t new_block(tocsin_dict *d, const verb_code *vc)
{
    verb_block *b = vec_push(&d->blocks);
    if (vc) b->code = *vc;
    return (uint32_t)(d->blocks.n - 1);
}

/* A verb line: "VERB {irregular forms} [code]" */
/* Adds each blank-separated form of a list ("{HELD HOLDS}") as it is written. */
static void add_verb_forms(src_file *f, uint32_t block, const char *list, const verb_code *own)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t') p++;
        const char *st = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (p > st) {
            char tmp[128];
            size_t n = (size_t)(p - st);
            if (n >= sizeof tmp) n = sizeof tmp - 1;
            memcpy(tmp, st, n);
            tmp[n] = 0;
            add_verb_spec(f, block, tmp, own, 0);
        }
    }
}

static void add_verb_line(src_file *f, uint32_t block, char *s, const verb_code *own)
{
    char *cb = strchr(s, '{');
    char irregular[512] = "";
    int has_irr = 0;
    if (cb) {
        char *ce = strchr(cb, '}');
        if (!ce) { bad_line(f, "missing '}'", s); return; }
        size_t n = (size_t)(ce - cb - 1);
        if (n >= sizeof irregular) n = sizeof irregular - 1;
        memcpy(irregular, cb + 1, n);
        irregular[n] = 0;
        has_irr = 1;
        *cb = 0;
    }
    char *v = trim(s);
    if (!*v) { bad_line(f, "missing verb", s); return; }
    add_verb_spec(f, block, v, own, !(has_irr && !irregular[0]));
    if (has_irr) add_verb_forms(f, block, irregular, own);
}

/* "~ a (a b ATTACK) SAY = a b 015" */
static void add_transform(src_file *f, const char *line)
{
    char top[4], is[4], it[4], v2[64], v1[64], os[4], ot[4], code[16];
    char buf[256];
    size_t k = 0;
    /* put blanks around the parentheses so sscanf sees words */
    for (const char *p = line + 1; *p && k < sizeof buf - 3; p++) {
        if (*p == '(' || *p == ')' || *p == '=') { buf[k++] = ' '; buf[k++] = *p; buf[k++] = ' '; }
        else buf[k++] = *p;
    }
    buf[k] = 0;
    if (sscanf(buf, " %3s ( %3s %3s %63s ) %63s = %3s %3s %15s", top, is, it, v2, v1, os, ot, code) != 8 ||
        strlen(code) >= 8) {
        bad_line(f, "bad transformation", line);
        return;
    }
    transform *t = vec_push(&f->d->transforms);
    t->top = top[0];
    t->inner_src = is[0];
    t->inner_tgt = it[0];
    t->out_src = os[0];
    t->out_tgt = ot[0];
    for (char *p = v1; *p; p++) *p = (char)tolower((unsigned char)*p);
    for (char *p = v2; *p; p++) *p = (char)tolower((unsigned char)*p);
    t->top_word = hash_str(v1);
    t->inner_word = !strcmp(v2, "q") ? 0 : hash_str(v2);
    t->top_block = t->inner_block = UINT32_MAX;
    strcpy(t->code, code);
}

/* PETRARCH's dictionaries write contractions as the Penn Treebank splits them
 * ("DID N'T", "CA N'T"); tocsin's tokenizer keeps "didn't" one word, so the
 * phrase is joined back ("DIDN'T"). In place. */
static void join_contractions(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if ((*r == ' ' || *r == '_') && r > s && isalpha((unsigned char)r[-1]) &&
            (r[1] == 'N' || r[1] == 'n') && r[2] == '\'' && (r[3] == 'T' || r[3] == 't') &&
            !isalnum((unsigned char)r[4]) && r[4] != '\'')
            continue;
        *w++ = *r;
    }
    *w = 0;
}

static void load_verbs(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    line_iter it = { text, text + len, 0 };
    uint32_t block = UINT32_MAX;
    uint32_t syn = UINT32_MAX;
    int syn_plural = 1;
    int in_time = 0;
    uint32_t last_verb_block = UINT32_MAX;
    char *line;
    while ((line = next_line(&it, f))) {
        strip_comment(line, f->tabari);
        char *s = trim(line);
        if (!*s) continue;
        join_contractions(s);
        if (!strncmp(s, "~FINISH", 7) || !strncmp(s, "~~FINISH", 8)) break;   /* TABARI end mark, may carry a date */
        if (s[0] == '<') {
            if (!strncasecmp(s, "<TIME>", 6)) in_time = 1;
            else if (!strncasecmp(s, "</TIME>", 7)) in_time = 0;
            continue;
        }
        if (in_time) continue;
        if (s[0] == '~') { add_transform(f, s); continue; }   /* PETRARCH transformation */
        if (s[0] == '/') continue;   /* TABARI comment */
        if (!strncmp(s, "---", 3)) {
            /* PETRARCH block header "--- NAME [CODE] ---" */
            verb_code vc;
            memset(&vc, 0, sizeof vc);
            char *br = strchr(s, '[');
            if (br) {
                char *be = strchr(br, ']');
                if (!be) { bad_line(f, "missing ']'", s); block = UINT32_MAX; continue; }
                *be = 0;
                if (parse_verb_code(f, br + 1, &vc) < 0) { block = UINT32_MAX; continue; }
            }
            block = new_block(d, &vc);
            syn = UINT32_MAX;
            continue;
        }
        if (s[0] == '&') {
            char *e = s;
            while (*e && *e != ' ' && *e != '\t') e++;
            size_t n = (size_t)(e - s);
            syn = new_synset(d);
            pending_key *p = vec_push(&d->synset_names);
            char tmp[64];
            size_t k = n < sizeof tmp ? n : sizeof tmp - 1;
            for (size_t i = 0; i < k; i++) tmp[i] = (char)toupper((unsigned char)s[i]);
            syn_plural = !(k > 1 && tmp[k - 1] == '_');
            while (k > 1 && tmp[k - 1] == '_') k--;
            p->key = hash_bytes(tmp, k);
            p->id = syn;
            continue;
        }
        if (s[0] == '+' && syn != UINT32_MAX) {
            add_synset_member(f, syn, s + 1, syn_plural);
            continue;
        }
        syn = UINT32_MAX;
        if (s[0] == '-') {
            uint32_t b = block != UINT32_MAX ? block : last_verb_block;
            if (b == UINT32_MAX) { bad_line(f, "pattern before any verb", s); continue; }
            verb_code vc;
            memset(&vc, 0, sizeof vc);
            int r = take_code(f, s, &vc);
            if (r < 0) continue;
            if (r == 0) { bad_line(f, "pattern without [code]", s); continue; }
            add_pattern(f, b, s + 1, &vc);
            continue;
        }
        if (s[0] == '{') {
            /* TABARI irregular forms of the preceding verb */
            if (last_verb_block == UINT32_MAX) { bad_line(f, "verb forms before any verb", s); continue; }
            char *e = strchr(s, '}');
            if (!e) { bad_line(f, "missing '}'", s); continue; }
            *e = 0;
            add_verb_forms(f, last_verb_block, s + 1, NULL);
            continue;
        }
        /* a verb line; "* (TO QUESTION) [110]" is a pattern that lost its '-' (the
         * UD-PETRARCH validation verbs have one): no verb is named '*' */
        if (s[0] == '*') { bad_line(f, "pattern line without '-'", s); continue; }
        verb_code vc;
        memset(&vc, 0, sizeof vc);
        int r = take_code(f, s, &vc);
        if (r < 0) continue;
        if (f->tabari || block == UINT32_MAX) {
            /* TABARI: each root owns its patterns (the ones that follow belong to it) */
            block = new_block(d, r ? &vc : NULL);
            last_verb_block = block;
            add_verb_line(f, block, s, NULL);
        } else {
            last_verb_block = block;
            add_verb_line(f, block, s, r ? &vc : NULL);
        }
    }
}

/* ---- discards and issues ---- */

static void load_discards(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    line_iter it = { text, text + len, 0 };
    char *line;
    while ((line = next_line(&it, f))) {
        strip_comment(line, 0);
        char *s = trim(line);
        if (!*s) continue;
        int story = s[0] == '+';
        if (story) s = trim(s + 1);
        if (!*s) { bad_line(f, "empty discard", line); continue; }
        /* discards are stems unless they end with '_' */
        src_file g = *f;
        g.tabari = 1;
        uint16_t nw;
        uint32_t w0 = add_phrase_words(&g, s, strlen(s), 0, &nw);
        if (!nw) continue;
        plain_phrase *p = vec_push(&d->discards);
        p->w0 = w0;
        p->nw = nw;
        p->kind = (uint8_t)story;
        /* only the last word may be a stem: earlier words are whole words */
        for (uint16_t i = 0; i + 1 < nw; i++) word_at(d, w0 + i)->flags &= (uint8_t)~DW_STEM;
        if (story) d->has_story_discards = 1;
        index_phrase_first(d, IX_DISCARD, IX_DISCARD_STEM, w0, nw, (uint32_t)(d->discards.n - 1), nw);
    }
    f->line = 0;
}

static void add_issue_variant(src_file *f, const char *phrase, uint32_t code, int ignore)
{
    tocsin_dict *d = f->d;
    uint16_t nw;
    src_file g = *f;
    g.tabari = 0;
    uint32_t w0 = add_phrase_words(&g, phrase, strlen(phrase), 0, &nw);
    if (!nw) return;
    plain_phrase *p = vec_push(&d->issues);
    p->w0 = w0;
    p->nw = nw;
    p->kind = (uint8_t)ignore;
    p->code = code;
    add_key(d, IX_ISSUE, word_at(d, w0)->hash, (uint32_t)(d->issues.n - 1), nw);
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
        int k = verb_forms(base, strlen(base), forms);
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

static void load_issues(src_file *f, char *text, size_t len)
{
    line_iter it = { text, text + len, 0 };
    char *line;
    char category[64] = "";
    while ((line = next_line(&it, f))) {
        strip_comment(line, 0);
        char *s = trim(line);
        if (!*s) continue;
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
            if (!be) { bad_line(f, "missing ']'", s); continue; }
            code = add_string(f->d, br + 1, (size_t)(be - br - 1));
            *br = 0;
        } else if (!ignore && category[0]) {
            code = add_string(f->d, category, strlen(category));
        } else if (!ignore) { bad_line(f, "issue without [code]", s); continue; }
        char *p = trim(s);
        if (!*p) { bad_line(f, "empty issue phrase", line); continue; }
        for (char *q = p; *q; q++) *q = (char)tolower((unsigned char)*q);
        expand_issue(f, p, code, ignore, 0);
    }
}

/* ---- PETRARCH's internal coding ontology ---- */

static void load_ontology(src_file *f, char *text, size_t len)
{
    line_iter it = { text, text + len, 0 };
    char *line;
    while ((line = next_line(&it, f))) {
        strip_comment(line, 0);
        char *s = trim(line);
        if (!*s) continue;
        char *colon = strchr(s, ':');
        if (!colon || colon == s || colon - s >= 8) { bad_line(f, "expected CODE:VALUE", s); continue; }
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
        if (!ok || !terms) { bad_line(f, "bad ontology value", s); continue; }
        pico_entry *e = vec_push(&f->d->pico);
        memcpy(e->code, s, (size_t)(colon - s));
        e->code[colon - s] = 0;
        e->value = (int)v;
    }
}

int dict_pico(const tocsin_dict *d, const char *code, int *value)
{
    for (size_t i = 0; i < d->pico.n; i++) {
        const pico_entry *e = &VEC_AT(d->pico, pico_entry, i);
        if (!strcmp(e->code, code)) { *value = e->value; return 0; }
    }
    return -1;
}

int dict_combine_codes(const tocsin_dict *d, const char *upper, const char *lower, char out[8])
{
    int a, b;
    if (dict_pico(d, upper, &a) < 0 || dict_pico(d, lower, &b) < 0) return -1;
    int r;
    if (b < 0) r = a + b;
    else if (a >= 0x1000 && b >= 0x1000) r = b;   /* both carry a top-level category: the lower verb's */
    else r = a + b;
    static const int masks[] = { 0xFFFF, 0xFFF0, 0xFF00, 0xF000 };
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++) {
        int want = r >= 0 ? (r & masks[m]) : r;
        for (size_t i = 0; i < d->pico.n; i++) {
            const pico_entry *e = &VEC_AT(d->pico, pico_entry, i);
            if (e->value == want) { snprintf(out, 8, "%s", e->code); return 0; }
        }
        if (r < 0) break;
    }
    return -1;
}

int dict_negate_code(const tocsin_dict *d, const char *code, char out[8])
{
    int v;
    if (dict_pico(d, code, &v) < 0) return -1;
    /* PICO writes an act's opposite as the act's value less 0xFFFF (011 decline
     * comment = 010 - 0xFFFF; 110 disapprove = 050 + 0xFFFF): negating subtracts
     * it. An opposite the table lacks falls back to the nearest more general one
     * with the same sign, as dict_combine_codes does. */
    int r = v - 0xFFFF;
    int base = r < 0 ? r + 0xFFFF : r;
    int high = r < 0 ? -0xFFFF : 0;
    static const int masks[] = { 0xFFFFF, 0xFFF0, 0xFF00, 0xF000, 0 };
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++) {
        int want = high + (base & masks[m]);
        if (m > 0 && r >= 0) want = (base & ~0xFFFF) | (base & masks[m]);
        for (size_t i = 0; i < d->pico.n; i++) {
            const pico_entry *e = &VEC_AT(d->pico, pico_entry, i);
            if (e->value == want) { snprintf(out, 8, "%s", e->code); return 0; }
        }
    }
    return -1;
}

/* ---- the CAMEO table ---- */

static void load_cameo(tocsin_dict *d, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) { report("%s: cannot read the CAMEO event table: %s", path, strerror(errno)); return; }
    src_file f = { .path = path, .line = 0, .tabari = 0, .d = d };
    line_iter it = { text, text + len, 0 };
    char *line;
    while ((line = next_line(&it, &f))) {
        if (line[0] == '#' || !line[0]) continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        char *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
        if (!t3 || t1 - line >= 8 || t1 == line) { bad_line(&f, "expected code<TAB>goldstein<TAB>quad_class<TAB>label", line); continue; }
        *t1 = *t2 = *t3 = 0;
        char *end;
        double g = strtod(t1 + 1, &end);
        if (*end) { bad_line(&f, "bad Goldstein value", t1 + 1); continue; }
        int q = atoi(t2 + 1);
        if (q < 1 || q > 4) { bad_line(&f, "bad QuadClass", t2 + 1); continue; }
        cameo_entry *c = vec_push(&d->cameo);
        snprintf(c->code, sizeof c->code, "%s", line);
        c->goldstein = g;
        c->quad_class = q;
        c->label = add_string(d, t3 + 1, strlen(trim(t3 + 1)));
    }
    free(text);
}

/* ---- directories ---- */

enum { F_NONE, F_ACTORS, F_AGENTS, F_VERBS, F_DISCARDS, F_ISSUES, F_ONTOLOGY };

static int contains_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) if (!strncasecmp(s, w, n)) return 1;
    return 0;
}

static int classify(const char *name, const char *text)
{
    if (name[0] == '.' || contains_ci(name, "license") || contains_ci(name, "readme") ||
        contains_ci(name, "options") || !strcasecmp(name, "cameo.tsv") ||
        contains_ci(name, ".md") || contains_ci(name, "~"))
        return F_NONE;
    if (contains_ci(name, "ontology")) return F_ONTOLOGY;
    if (contains_ci(name, "discard")) return F_DISCARDS;
    if (contains_ci(name, "issue")) return F_ISSUES;
    if (contains_ci(name, "agent")) return F_AGENTS;
    if (contains_ci(name, "actor")) return F_ACTORS;
    if (contains_ci(name, "verb")) return F_VERBS;
    /* by content */
    if (strstr(text, "\n---") || !strncmp(text, "---", 3)) return F_VERBS;
    if (strstr(text, "[~") || strstr(text, "~]")) return F_AGENTS;
    if (strstr(text, "<ISSUE")) return F_ISSUES;
    if (strchr(text, '[')) return F_ACTORS;
    return -1;
}

static int is_tabari(int kind, const char *text)
{
    if (strstr(text, "<NOUN>") || strstr(text, "<ADJECTIVE>") || strstr(text, "<SYNSETS>") ||
        strstr(text, "<TIME>") || strstr(text, "~FINISH"))
        return 1;
    if (kind == F_VERBS && !strstr(text, "\n---") && strncmp(text, "---", 3)) return 1;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_file(tocsin_dict *d, const char *path, const char *name)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) { report("%s: cannot read: %s", path, strerror(errno)); d->nerrors++; return -1; }
    int kind = classify(name, text);
    if (kind == F_NONE) { free(text); return 0; }
    if (kind < 0) {
        report("%s: not a dictionary file tocsin recognises (skipped)", path);
        free(text);
        return 0;
    }
    if (memchr(text, '\0', len)) {
        report("%s: binary data in a dictionary file (skipped)", path);
        d->nerrors++;
        free(text);
        return 0;
    }
    src_file f = { .path = path, .line = 0, .tabari = is_tabari(kind, text), .d = d };
    switch (kind) {
    case F_ACTORS: load_actors(&f, text, len); break;
    case F_AGENTS: load_agents(&f, text, len); break;
    case F_VERBS:
        load_verbs(&f, text, len);
        if (d->loading_builtin) d->cameo_conventions = 1;
        else { d->field_verbs = 1; if (f.tabari) d->tabari_verbs = 1; }
        break;
    case F_DISCARDS: load_discards(&f, text, len); break;
    case F_ISSUES: load_issues(&f, text, len); break;
    case F_ONTOLOGY: load_ontology(&f, text, len); break;
    }
    d->nloaded++;
    free(text);
    return 0;
}

int tocsin_dict_add(tocsin_dict *d, const char *dir)
{
    if (d->finished) { report("dictionary set already finished: cannot add %s", dir); return -1; }
    char pathbuf[4096];
    d->loading_builtin = !strcmp(dir, "builtin");
    if (d->loading_builtin) {
        snprintf(pathbuf, sizeof pathbuf, "%s/dict", data_dir());
        dir = pathbuf;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        /* a single file is accepted too */
        size_t len;
        char *t = read_file(dir, &len);
        if (!t) { report("%s: cannot read dictionary directory: %s", dir, strerror(errno)); return -1; }
        free(t);
        const char *base = strrchr(dir, '/');
        return load_file(d, dir, base ? base + 1 : dir);
    }
    char *names[1024];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < 1024) {
        if (e->d_name[0] == '.') continue;
        names[n++] = xstrdup(e->d_name);
    }
    while (e && e->d_name[0] == '.') e = readdir(dh);
    if (e) { /* never drop files silently */
        report("%s: more than 1024 files; only 1024 of them are read", dir);
        d->nerrors++;
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    char *dircopy = xstrdup(dir);
    /* synsets are per directory: verbs files refer to their own sets */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dircopy, names[i]);
            /* verbs last, so that nothing depends on file order within a directory */
            size_t len = 0;
            (void)len;
            int is_verbs = contains_ci(names[i], "verb") || contains_ci(names[i], "cameo.2");
            if ((pass == 0) == is_verbs) continue;
            load_file(d, path, names[i]);
        }
    }
    for (int i = 0; i < n; i++) free(names[i]);
    free(dircopy);
    return 0;
}

/* ---- finishing: build the indexes ---- */

static inline size_t slot_of(uint64_t key, uint32_t mask)
{
    return (size_t)((key ^ (key >> 29)) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
}

/* Zeroed memory for a big read-only table, on transparent huge pages when it is
 * 1 MB or more: the coder probes the actor index at random for every token, and
 * with 4 KB pages (worse under virtualisation) the TLB misses cost more than the
 * cache misses (Phoenix: 31k -> 43k sentences/s). Freed with free(). */
static void *huge_calloc(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < ((size_t)1 << 20)) return xcalloc(1, bytes);
    size_t rounded = (bytes + huge - 1) & ~(huge - 1);
    void *p = aligned_alloc(huge, rounded);
    if (!p) return xcalloc(1, bytes);
    madvise(p, rounded, MADV_HUGEPAGE);   /* a hint: failure only costs speed */
    memset(p, 0, rounded);
    return p;
}

/* The filter word and bits of a key (see dict_index.filter). */
static inline uint64_t filter_bits(uint64_t key, uint32_t filter_mask, size_t *word)
{
    uint64_t h = (key ^ (key >> 31)) * 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    *word = (size_t)(h >> 12) & filter_mask;
    return ((uint64_t)1 << (h & 63)) | ((uint64_t)1 << ((h >> 6) & 63));
}

/* Builds one index from its pending (key, id, prio, seq) entries in linear time:
 * count per key, prefix sums, fill, then order each (short) run by priority,
 * later-loaded first among equals, dropping repeated ids. */
static void build_index(dict_index *ix, const pending_key *p, size_t n)
{
    memset(ix, 0, sizeof *ix);
    if (n == 0) return;
    size_t size = 16;
    while (size < n * 2) size *= 2;
    ix->mask = (uint32_t)(size - 1);
    ix->slots = huge_calloc(size * sizeof *ix->slots);
    uint32_t *slot_of_entry = xmalloc(n * sizeof *slot_of_entry);
    for (size_t i = 0; i < n; i++) {
        size_t h = slot_of(p[i].key, ix->mask);
        while (ix->slots[h].count && ix->slots[h].key != p[i].key) h = (h + 1) & ix->mask;
        ix->slots[h].key = p[i].key;
        ix->slots[h].count++;
        slot_of_entry[i] = (uint32_t)h;
    }
    size_t nkeys = 0;
    for (size_t h = 0; h < size; h++) nkeys += ix->slots[h].count != 0;
    size_t words = 1;
    while (words * 4 < nkeys) words *= 2;      /* 16-32 bits per key: ~1% false positives */
    ix->filter_mask = (uint32_t)(words - 1);
    ix->filter = xcalloc(words, sizeof *ix->filter);
    for (size_t h = 0; h < size; h++) {
        if (!ix->slots[h].count) continue;
        size_t w;
        uint64_t bits = filter_bits(ix->slots[h].key, ix->filter_mask, &w);
        ix->filter[w] |= bits;
    }
    uint32_t total = 0;
    for (size_t h = 0; h < size; h++) {
        ix->slots[h].start = total;
        total += ix->slots[h].count;
        ix->slots[h].count = 0;
    }
    ix->ids = xmalloc(n * sizeof *ix->ids);
    const pending_key **ord = xmalloc(n * sizeof *ord);
    for (size_t i = 0; i < n; i++) {
        dict_slot *sl = &ix->slots[slot_of_entry[i]];
        ord[sl->start + sl->count++] = &p[i];
    }
    for (size_t h = 0; h < size; h++) {
        dict_slot *sl = &ix->slots[h];
        if (!sl->count) continue;
        const pending_key **run = ord + sl->start;
        /* insertion sort: prio desc, then seq desc */
        for (uint32_t i = 1; i < sl->count; i++) {
            const pending_key *v = run[i];
            uint32_t j = i;
            while (j > 0 && (run[j - 1]->prio < v->prio || (run[j - 1]->prio == v->prio && run[j - 1]->seq < v->seq))) {
                run[j] = run[j - 1];
                j--;
            }
            run[j] = v;
        }
        uint32_t out = 0;
        for (uint32_t i = 0; i < sl->count; i++) {
            int seen = 0;
            for (uint32_t q = 0; q < out && !seen; q++) seen = ix->ids[sl->start + q] == run[i]->id;
            if (!seen) ix->ids[sl->start + out++] = run[i]->id;
        }
        sl->count = out;
    }
    free(ord);
    free(slot_of_entry);
}

const uint32_t *dict_index_get(const dict_index *ix, uint64_t key, uint32_t *n)
{
    if (!ix->mask) { *n = 0; return NULL; }
    size_t w;
    uint64_t bits = filter_bits(key, ix->filter_mask, &w);
    if ((ix->filter[w] & bits) != bits) { *n = 0; return NULL; }
    size_t h = slot_of(key, ix->mask);
    for (;;) {
        const dict_slot *sl = &ix->slots[h];
        if (!sl->count) break;
        if (sl->key == key) { *n = sl->count; return ix->ids + sl->start; }
        h = (h + 1) & ix->mask;
    }
    *n = 0;
    return NULL;
}

static int cmp_pattern(const void *a, const void *b)
{
    const verb_pattern *x = a, *y = b;
    if (x->length != y->length) return x->length > y->length ? -1 : 1;
    unsigned ex = (unsigned)x->npre + x->npost, ey = (unsigned)y->npre + y->npost;
    if (ex != ey) return ex > ey ? -1 : 1;
    /* equal patterns: the later line wins, as in PETRARCH's pattern trie; TABARI
     * tries a verb's patterns in file order (cmp_both marks TABARI patterns) */
    if (x->order != y->order) return (x->order > y->order) != (x->cmp_both && y->cmp_both) ? -1 : 1;
    return 0;
}

int tocsin_dict_finish(tocsin_dict *d)
{
    if (d->finished) return 0;
    d->lm = lemmatizer_load(NULL);
    if (d->field_verbs) d->cameo_conventions = 0;
    d->dialect = d->cameo_conventions ? DICT_CAMEO
               : !d->field_verbs     ? DICT_NONE
               : d->tabari_verbs     ? DICT_TABARI
               : d->np_patterns      ? DICT_PETR_NP
                                     : DICT_PETR;
    /* the event table always comes from the built-in data */
    char path[4096];
    snprintf(path, sizeof path, "%s/dict/cameo.tsv", data_dir());
    load_cameo(d, path);
    for (size_t i = 0; i < d->cameo.n; i++) {
        cameo_entry *c = &VEC_AT(d->cameo, cameo_entry, i);
        pending_key *p = vec_push(&d->pending);
        p->ix = IX_N;
        p->key = hash_str(c->code);
        p->id = (uint32_t)i;
    }
    /* synset phrases by the prefix of their first and last words */
    for (size_t sid = 0; sid < d->synsets.n; sid++) {
        const synset *sy = &VEC_AT(d->synsets, synset, sid);
        for (uint32_t q = 0; q < sy->nph; q++) {
            uint32_t pid = sy->ph0 + q;
            const syn_phrase *sp = &VEC_AT(d->syn_phrases, syn_phrase, pid);
            for (int end = 0; end < 2; end++) {
                const dict_word *w = &VEC_AT(d->words, dict_word, sp->w0 + (end ? sp->nw - 1 : 0));
                uint64_t pk = w->len >= 4 ? dict_prefix_key(dict_str(d, w->str), w->len) : 0;
                add_key(d, end ? IX_SYN_LAST : IX_SYN_FIRST, dict_syn_key((uint32_t)sid, pk), pid, 0);
                synset *sm = &VEC_AT(d->synsets, synset, sid);
                uint64_t *sig = end ? &sm->last_sig : &sm->first_sig;
                *sig |= pk ? (uint64_t)1 << (dict_prefix_bit(pk) & 63) : ~(uint64_t)0;
            }
        }
    }
    /* patterns: longest first within each block (stable: qsort + index tiebreak is
     * not needed for correctness, equal lengths are interchangeable in TABARI) */
    for (size_t b = 0; b < d->blocks.n; b++) {
        verb_block *bl = &VEC_AT(d->blocks, verb_block, b);
        if (bl->np > 1)
            qsort(&VEC_AT(d->patterns, verb_pattern, bl->p0), bl->np, sizeof(verb_pattern), cmp_pattern);
    }
    /* partition the pending keys by index (counting sort, stable) */
    size_t n = d->pending.n;
    size_t counts[IX_N + 2] = {0};
    const pending_key *src = d->pending.data;
    for (size_t i = 0; i < n; i++) counts[src[i].ix + 1]++;
    for (int i = 1; i <= IX_N + 1; i++) counts[i] += counts[i - 1];
    pending_key *p = xmalloc((n ? n : 1) * sizeof *p);
    {
        size_t fill[IX_N + 2];
        memcpy(fill, counts, sizeof fill);
        for (size_t i = 0; i < n; i++) p[fill[src[i].ix]++] = src[i];
    }
    dict_index *targets[IX_N + 1] = {
        &d->actor_idx, &d->actor_stem_idx, &d->agent_idx, &d->agent_stem_idx, &d->verb_idx,
        &d->verb_stem_idx, &d->discard_idx, &d->discard_stem_idx, &d->issue_idx, &d->person_idx,
        &d->syn_first_idx, &d->syn_last_idx, &d->cameo_idx };
    size_t i = 0;
    for (int ix = 0; ix <= IX_N; ix++) {
        size_t j = i;
        while (j < n && p[j].ix == ix) j++;
        build_index(targets[ix], p + i, j - i);
        i = j;
    }
    free(p);
    vec_free(&d->pending);
    for (size_t t = 0; t < d->transforms.n; t++) {
        transform *tr = &VEC_AT(d->transforms, transform, t);
        uint32_t cnt;
        const uint32_t *ids = dict_index_get(&d->verb_idx, tr->top_word, &cnt);
        if (ids) tr->top_block = VEC_AT(d->forms, verb_form, ids[0]).block;
        if (tr->inner_word) {
            ids = dict_index_get(&d->verb_idx, tr->inner_word, &cnt);
            if (ids) tr->inner_block = VEC_AT(d->forms, verb_form, ids[0]).block;
        }
    }
    d->finished = 1;
    return 0;
}

const cameo_entry *dict_cameo(const tocsin_dict *d, const char *code)
{
    uint32_t n;
    const uint32_t *ids = dict_index_get(&d->cameo_idx, hash_str(code), &n);
    for (uint32_t i = 0; i < n; i++) {
        const cameo_entry *c = &VEC_AT(d->cameo, cameo_entry, ids[i]);
        if (!strcmp(c->code, code)) return c;
    }
    return NULL;
}

int dict_word_match(const tocsin_dict *d, const dict_word *w, const char *lower, size_t len,
                    uint64_t hash, uint64_t lemma_hash)
{
    if (w->hash == hash || w->hash == lemma_hash) return 1;
    if (!(w->flags & (DW_STEM | DW_ENDINGS)) || len <= w->len) return 0;
    const char *s = dict_str(d, w->str);
    if ((w->flags & DW_ENDINGS) && w->len > 1 && s[w->len - 1] == 'y' && len == (size_t)w->len + 2 &&
        !memcmp(lower, s, w->len - 1u) && !memcmp(lower + w->len - 1, "ies", 3))
        return 1;
    if (memcmp(lower, s, w->len)) return 0;
    if (w->flags & DW_STEM) return 1;
    const char *suf = lower + w->len;
    size_t sl = len - w->len;
    static const char *const endings[] = { "s", "es", "'s", "'", "ed", "d", "en", "ing", "n", "ns" };
    size_t nend = (w->flags & DW_NOUNEND) ? 4 : sizeof endings / sizeof endings[0];
    for (size_t i = 0; i < nend; i++)
        if (strlen(endings[i]) == sl && !memcmp(suf, endings[i], sl)) {
            /* English spelling: "-es" follows s, x, z, ch, sh or o ("departes" is
             * no form of DEPART), "-d" follows e */
            char last = s[w->len - 1];
            if (d->tabari_verbs) return 1;   /* TABARI's endings are blind: "departes" is DEPART_ */
            if (!strcmp(endings[i], "es") && !strchr("sxzho", last)) return 0;
            if (!strcmp(endings[i], "d") && last != 'e') return 0;
            return 1;
        }
    return 0;
}
