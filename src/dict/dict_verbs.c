/*
 * dict_verbs.c — verbs files, both dialects: PETRARCH's "--- NAME [CODE] ---"
 * blocks and TABARI's roots, verb lines with their irregular and multiword forms
 * ("{HELD HOLDS}", "+CORDON_OFF", "WIRE_+TAP") and their codes, synset
 * definitions, PETRARCH's transformations, and the dispatch of pattern lines to
 * dict_patterns.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dict/dict_int.h"

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
        dict_bad_line(f, "bad verb code", in);
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
        if (strchr(s, ']')) { dict_bad_line(f, "missing '['", s); return -1; }
        return 0;
    }
    char *be = strchr(br, ']');
    if (!be) { dict_bad_line(f, "missing ']'", s); return -1; }
    *be = 0;
    int r = parse_verb_code(f, br + 1, vc);
    *br = 0;
    return r < 0 ? -1 : 1;
}

/* Regular verb forms of a base word (lower case). */
int dict_verb_forms(const char *w, size_t n, char out[4][72])
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
    int n = dict_lex_pattern(spec, lx, 16);
    if (n == 0) return;
    int vi = 0;
    for (int i = 0; i < n; i++)
        if (lx[i].text[0] == '+' && lx[i].text[1]) { vi = i; memmove(lx[i].text, lx[i].text + 1, strlen(lx[i].text)); break; }
    verb_form vf;
    memset(&vf, 0, sizeof vf);
    vf.block = block;
    if (own) { vf.code = *own; vf.has_code = 1; }
    vf.pre0 = (uint32_t)d->words.n;
    for (int i = 0; i < vi; i++) dict_add_word(d, lx[i].text, strlen(lx[i].text), 0);
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
    vf.word = dict_add_word(d, vw, vl, stem ? DW_STEM | ADD_TABARI : endings ? DW_ENDINGS : 0);
    vf.post0 = (uint32_t)d->words.n;
    /* TABARI: a blank (not '_') lets other words stand between ("DEATH TOLL
     * RISEN": "death toll has risen") */
    for (int i = vi + 1; i < n; i++) dict_add_word(d, lx[i].text, strlen(lx[i].text), f->tabari && !lx[i].adj ? DW_GAP : 0);
    vf.npost = (uint8_t)(n - vi - 1);
    *(verb_form *)dict_vec_push(&d->forms) = vf;
    uint32_t id = (uint32_t)(d->forms.n - 1);
    unsigned prio = (unsigned)(vf.npre + vf.npost) * 4 + (vf.has_code ? 1 : 0);
    if (stem && vl < 4) stem = 0;   /* see add_word: short stems are whole words */
    if ((stem || (endings && vl >= 4)) && vl < 64) {   /* candidates by prefix, verified by the word */
        dict_add_key(d, IX_VERB_STEM, dict_stem_key(vw, vl), id, prio);
        d->stem_lens |= (uint64_t)1 << vl;
        if (vl < 4) d->short_stems = 1;
        uint32_t b = dict_prefix_bit(dict_prefix_key(vw, vl));
        d->stem_prefix_bits[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    dict_add_key(d, IX_VERB, util_hash_bytes(vw, vl), id, prio);
    if (gen_forms && !noend) {
        char forms[4][72];
        int k = dict_verb_forms(vw, vl, forms);
        for (int i = 0; i < k; i++) dict_add_key(d, IX_VERB, hash_str(forms[i]), id, prio);
    }
}

static uint32_t new_block(tocsin_dict *d, const verb_code *vc)
{
    verb_block *b = dict_vec_push(&d->blocks);
    if (vc) b->code = *vc;
    return (uint32_t)(d->blocks.n - 1);
}

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

/* A verb line: "VERB {irregular forms}" (its code already cut off). */
static void add_verb_line(src_file *f, uint32_t block, char *s, const verb_code *own)
{
    char *cb = strchr(s, '{');
    char irregular[512] = "";
    int has_irr = 0;
    if (cb) {
        char *ce = strchr(cb, '}');
        if (!ce) { dict_bad_line(f, "missing '}'", s); return; }
        size_t n = (size_t)(ce - cb - 1);
        if (n >= sizeof irregular) n = sizeof irregular - 1;
        memcpy(irregular, cb + 1, n);
        irregular[n] = 0;
        has_irr = 1;
        *cb = 0;
    }
    char *v = dict_trim(s);
    if (!*v) { dict_bad_line(f, "missing verb", s); return; }
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
        dict_bad_line(f, "bad transformation", line);
        return;
    }
    transform *t = dict_vec_push(&f->d->transforms);
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

void dict_load_verbs(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    dict_lines it;
    dict_lines_init(&it, f, text, len, f->tabari ? DL_HASH_SEMI : DL_HASH, 1);
    uint32_t block = UINT32_MAX;
    uint32_t syn = UINT32_MAX;
    int syn_plural = 1;
    int in_time = 0;
    uint32_t last_verb_block = UINT32_MAX;
    char *s;
    while ((s = dict_lines_next(&it))) {
        join_contractions(s);
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
                if (!be) { dict_bad_line(f, "missing ']'", s); block = UINT32_MAX; continue; }
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
            syn = dict_new_synset(d);
            pending_key *p = dict_vec_push(&d->synset_names);
            char tmp[64];
            size_t k = n < sizeof tmp ? n : sizeof tmp - 1;
            for (size_t i = 0; i < k; i++) tmp[i] = (char)toupper((unsigned char)s[i]);
            syn_plural = !(k > 1 && tmp[k - 1] == '_');
            while (k > 1 && tmp[k - 1] == '_') k--;
            p->key = util_hash_bytes(tmp, k);
            p->id = syn;
            continue;
        }
        if (s[0] == '+' && syn != UINT32_MAX) {
            dict_add_synset_member(f, syn, s + 1, syn_plural);
            continue;
        }
        syn = UINT32_MAX;
        if (s[0] == '-') {
            uint32_t b = block != UINT32_MAX ? block : last_verb_block;
            if (b == UINT32_MAX) { dict_bad_line(f, "pattern before any verb", s); continue; }
            verb_code vc;
            memset(&vc, 0, sizeof vc);
            int r = take_code(f, s, &vc);
            if (r < 0) continue;
            if (r == 0) { dict_bad_line(f, "pattern without [code]", s); continue; }
            dict_add_pattern(f, b, s + 1, &vc);
            continue;
        }
        if (s[0] == '{') {
            /* TABARI irregular forms of the preceding verb */
            if (last_verb_block == UINT32_MAX) { dict_bad_line(f, "verb forms before any verb", s); continue; }
            char *e = strchr(s, '}');
            if (!e) { dict_bad_line(f, "missing '}'", s); continue; }
            *e = 0;
            add_verb_forms(f, last_verb_block, s + 1, NULL);
            continue;
        }
        /* a verb line; "* (TO QUESTION) [110]" is a pattern that lost its '-' (the
         * UD-PETRARCH validation verbs have one): no verb is named '*' */
        if (s[0] == '*') { dict_bad_line(f, "pattern line without '-'", s); continue; }
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
