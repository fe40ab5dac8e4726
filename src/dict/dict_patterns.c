/*
 * dict_patterns.c — verb patterns and synsets: the lexer of pattern text, named
 * synsets ("&CURRENCY" with "+PHRASE" members, nested ones expanded), TABARI's
 * alternatives "{ a | b }" as anonymous synsets, and a pattern line
 * "- pre * post [code]" read into pattern elements with its TABARI length and
 * the prefilter keys the coder tests before trying it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dict/dict_int.h"

static uint32_t synset_by_name(tocsin_dict *d, const char *name, size_t n)
{
    char tmp[64];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)toupper((unsigned char)name[i]);
    /* the trailing '_' of a label only switches plurals off */
    while (n > 1 && tmp[n - 1] == '_') n--;
    uint64_t h = util_hash_bytes(tmp, n);
    for (size_t i = 0; i < d->synset_names.n; i++) {
        pending_key *p = &VEC_AT(d->synset_names, pending_key, i);
        if (p->key == h) return p->id;
    }
    return UINT32_MAX;
}

int dict_lex_pattern(const char *s, lexeme *out, int max)
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

uint32_t dict_new_synset(tocsin_dict *d)
{
    synset *sy = dict_vec_push(&d->synsets);
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
            if (id == UINT32_MAX) { dict_bad_line(f, "undefined synset", lx[i].text); return; }
            synset sy = VEC_AT(d->synsets, synset, id);
            for (uint32_t p = 0; p < sy.nph; p++) {
                syn_phrase sp = VEC_AT(d->syn_phrases, syn_phrase, sy.ph0 + p);
                lexeme tmp[32];
                int m = 0;
                for (int j = 0; j < i && m < 32; j++) tmp[m++] = lx[j];
                for (uint16_t w = 0; w < sp.nw && m < 32; w++) {
                    dict_word *dw = dict_word_at(d, sp.w0 + w);
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
    syn_phrase *sp = dict_vec_push(&d->syn_phrases);
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
        uint32_t wid = dict_add_word(d, t, l, fl | (f->tabari ? ADD_TABARI : 0));
        if (f->tabari && (fl & DW_STEM) && i > 0 && l < 4) dict_word_at(d, wid)->flags = (uint8_t)(fl | DW_STEM);
        total += (unsigned)l;
    }
    sp->nw = (uint16_t)n;
    sp->len = (uint16_t)total;
    VEC_AT(d->synsets, synset, into).nph++;
}

/* Synset member line "+PHRASE" (words joined by '_' or ' ', consecutive). */
void dict_add_synset_member(src_file *f, uint32_t sid, const char *s, int plural_ok)
{
    lexeme lx[32];
    int n = dict_lex_pattern(s, lx, 32);
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
    if (sid != f->d->synsets.n - 1) { dict_bad_line(f, "synset member out of place", s); return; }
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

/* A pattern line being read: its lexemes, its elements so far (in text order,
 * '*' among them), its TABARI length and what the next element inherits. */
typedef struct pat_build {
    src_file *f;
    const char *s;          /* the pattern text, for reports */
    lexeme lx[96];
    int n;
    pat_elem tmp[96];       /* the elements; the verb '*' is kind 255 */
    int nt, star;           /* elements so far; index of '*' (-1: none yet) */
    unsigned length;        /* literal characters (TABARI's rank) */
    int pending_adj_next;   /* the next element must follow directly ("}_WORD", "WORD~") */
    int pp_open;            /* the previous lexeme opened a PETRARCH "(PP)" */
    int np_start;           /* PETRARCH-2 {NP}: its first element, -1 outside one */
} pat_build;

/* PETRARCH-2 parse-based constructs, marked on their punctuation x: "(PP)" makes
 * the set a phrase-pattern one; at the '}' of {A B HEAD} the modifier nearest the
 * head is the word before it ("new economic trade relations" is no
 * {NEW &TIETYPES RELATIONS}). */
static void pat_np_marks(pat_build *b, const lexeme *x)
{
    if (x->punct == '(') b->f->d->np_patterns = 1;
    else if (x->punct == '}' && b->np_start >= 0) {
        pat_elem *last = &b->tmp[b->nt - 1];
        if (b->nt - b->np_start >= 2 && last->kind == PE_WORD && !last->adj) last->adj = 1;
        b->np_start = -1;
    }
}

/* The '{' at lexeme i: TABARI alternatives { a | b } become one anonymous synset
 * element; a PETRARCH noun phrase {A B} (no '|') is read as its words. Returns the
 * lexeme to go on after (i itself for a noun phrase, its '}' for alternatives),
 * -1 when the '}' is missing (reported), -2 when the pattern has no room left. */
static int pat_alternatives(pat_build *b, int i)
{
    src_file *f = b->f;
    tocsin_dict *d = f->d;
    const lexeme *lx = b->lx;
    int n = b->n;
    int j = i + 1, bars = 0;
    while (j < n && lx[j].punct != '}') { if (lx[j].punct == '|') bars++; j++; }
    if (j == n) { dict_bad_line(f, "missing '}'", b->s); return -1; }
    if (bars == 0) {  /* NP: its words are read as plain words */
        if (!f->tabari && !d->loading_builtin) { b->np_start = b->nt; d->np_patterns = 1; }
        return i;
    }
    uint32_t sid = dict_new_synset(d);
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
    if (b->nt >= 96) return -2;
    pat_elem *e = &b->tmp[b->nt++];
    e->kind = PE_SYNSET;
    e->ref = sid;
    e->adj = lx[i].adj;
    b->length += f->tabari ? min_len : synset_maxlen(d, sid);
    /* "}_WORD": the next element must follow directly */
    b->pending_adj_next = (j + 1 < n && lx[j + 1].adj);
    return j;
}

/* The word lexeme i (a dictionary word, '*', $ + % ^ or a synset reference) as
 * the next element. Returns 0, or -1 for an undefined synset (reported). */
static int pat_element(pat_build *b, int i)
{
    src_file *f = b->f;
    tocsin_dict *d = f->d;
    const lexeme *x = &b->lx[i];
    pat_elem *e = &b->tmp[b->nt];
    e->adj = (uint8_t)(x->adj || b->pending_adj_next);
    /* TABARI does not hold a word to follow a synset reference directly:
     * "MOST_CERTAINLY_&NEGATVAUXVRB_EVER" matches "really did not even ever"
     * (the validation records) */
    if (f->tabari && i > 0 && b->lx[i - 1].text[0] == '&' && !b->lx[i - 1].punct) e->adj = 0;
    e->prep = (uint8_t)b->pp_open;
    b->pp_open = 0;
    b->pending_adj_next = 0;
    const char *t = x->text;
    if (!strcmp(t, "*")) { b->star = b->nt; e->kind = 255; b->nt++; return 0; }
    if (!strcmp(t, "$")) e->kind = PE_SRC;
    else if (!strcmp(t, "+")) e->kind = PE_TGT;
    else if (!strcmp(t, "%")) e->kind = PE_CMP;
    else if (!strcmp(t, "^")) e->kind = PE_SKIP;
    else if (t[0] == '&') {
        uint32_t id = synset_by_name(d, t, strlen(t));
        if (id == UINT32_MAX) { dict_bad_line(f, "undefined synset in pattern", b->s); return -1; }
        e->kind = PE_SYNSET;
        e->ref = id;
        /* TABARI ranks a pattern by its own words: a synset adds none ("* DOLLAR"
         * is tried before "* &CURRENCY") */
        if (!f->tabari) b->length += synset_maxlen(d, id);
    } else {
        size_t l = strlen(t);
        unsigned fl = 0;
        int exact = 0;
        if (l > 1 && t[l - 1] == '=') { l--; exact = 2; }
        while (l > 1 && t[l - 1] == '_') { l--; exact = 1; }
        if (x->us_after && f->tabari) exact = 1;   /* "* RESOLUTION_" is no "resolutions" (manual 5.2.2) */
        if (l > 1 && t[l - 1] == '~') { l--; fl |= DW_STEM; b->pending_adj_next = 1; }
        else if (f->tabari && !exact) fl |= DW_STEM;
        /* TABARI: "RESOLUTION_" ends there, no "resolutions" (manual 5.2.2) */
        else if (f->tabari) fl |= 0;
        /* PETRARCH: a pattern's words take plural endings only ("* MEET" is no
         * "meeting") */
        else if (exact != 2) fl |= DW_ENDINGS | (d->loading_builtin ? 0u : (unsigned)DW_NOUNEND);
        e->kind = PE_WORD;
        e->ref = dict_add_word(d, t, l, fl | (f->tabari ? ADD_TABARI : 0));
        b->length += (unsigned)l;
    }
    b->nt++;
    return 0;
}

/* The pattern's prefilter: the longest literal word (lemma matches share its
 * first bytes only when the word is a base form, so words of 4+ letters use 4),
 * a second one, and the first synset it needs. */
static void pat_prefilter(tocsin_dict *d, const pat_build *b, verb_pattern *pat)
{
    size_t best = 0, second = 0;
    pat->req_syn = UINT32_MAX;
    for (int i = 0; i < b->nt; i++) {
        if (i == b->star) continue;
        const pat_elem *e = &b->tmp[i];
        if (e->kind == PE_SYNSET && pat->req_syn == UINT32_MAX) pat->req_syn = e->ref;
        if (e->kind != PE_WORD) continue;
        const dict_word *w = &VEC_AT(d->words, dict_word, e->ref);
        if (w->len < 4) continue;
        uint64_t k = dict_prefix_key(dict_str(d, w->str), w->len);
        if (w->len > best) {
            if (pat->req_key && pat->req_key != k) { pat->req_key2 = pat->req_key; second = best; }
            best = w->len;
            pat->req_key = k;
        } else if (w->len > second && k != pat->req_key) {
            second = w->len;
            pat->req_key2 = k;
        }
    }
}

/* Stores the finished pattern b with code vc as the next pattern of verb block
 * `block`: its elements before and after '*' go to d->elems. */
static void pat_store(tocsin_dict *d, const pat_build *b, uint32_t block, const verb_code *vc)
{
    verb_pattern pat;
    memset(&pat, 0, sizeof pat);
    pat.code = *vc;
    int star = b->star, nt = b->nt;
    pat.pre0 = (uint32_t)d->elems.n;
    for (int i = 0; i < star; i++) *(pat_elem *)dict_vec_push(&d->elems) = b->tmp[i];
    pat.npre = (uint16_t)star;
    pat.post0 = (uint32_t)d->elems.n;
    /* the adjacency flag of the element after '*' says whether it touches the verb */
    for (int i = star + 1; i < nt; i++) *(pat_elem *)dict_vec_push(&d->elems) = b->tmp[i];
    pat.npost = (uint16_t)(nt - star - 1);
    pat.verb_adj_pre = star > 0 && b->tmp[star].adj;  /* "WORD_*" */
    pat.verb_adj_post = star + 1 < nt && b->tmp[star + 1].adj; /* "*_WORD" */
    pat.length = (uint16_t)(b->length > 65535 ? 65535 : b->length);
    pat.order = (uint32_t)d->patterns.n;
    pat_prefilter(d, b, &pat);
    pat.cmp_both = (uint8_t)b->f->tabari;
    *(verb_pattern *)dict_vec_push(&d->patterns) = pat;
    verb_block *vb = &VEC_AT(d->blocks, verb_block, block);
    if (vb->np == 0) vb->p0 = (uint32_t)(d->patterns.n - 1);
    vb->np++;
}

void dict_add_pattern(src_file *f, uint32_t block, char *s, const verb_code *vc)
{
    tocsin_dict *d = f->d;
    /* TABARI reads a hyphen in a dictionary phrase as an underscore ("ANTI- + *"
     * is "anti" joined to the actor after it; manual 5.1) */
    if (f->tabari)
        for (char *p = s; *p; p++)
            if (*p == '-' && p > s && isalpha((unsigned char)p[-1])) *p = '_';
    pat_build b;
    memset(&b, 0, sizeof b);
    b.f = f;
    b.s = s;
    b.n = dict_lex_pattern(s, b.lx, 96);
    b.star = -1;
    b.np_start = -1;
    for (int i = 0; i < b.n; i++) {
        const lexeme *x = &b.lx[i];
        if (!f->tabari && !d->loading_builtin && x->punct) pat_np_marks(&b, x);
        if (x->punct == '{') {
            int r = pat_alternatives(&b, i);
            if (r == -1) return;
            if (r == -2) break;
            i = r;
            continue;
        }
        if (x->punct) { b.pp_open = x->punct == '('; continue; }   /* '(' ')' '}' of NPs/PPs, stray '|' */
        if (b.nt >= 96) break;
        if (pat_element(&b, i) < 0) return;
    }
    if (b.star < 0) { dict_bad_line(f, "pattern without '*'", s); return; }
    pat_store(d, &b, block, vc);
}
