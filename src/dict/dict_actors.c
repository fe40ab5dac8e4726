/*
 * dict_actors.c — actors and agents files, both dialects: actor phrases with
 * their codes ("PHRASE [CODE]", synonyms "+PHRASE", codes on indented lines,
 * date restrictions "[CODE <YYMMDD]"), TABARI's <NOUN> and <ADJECTIVE> words,
 * and agents ("PHRASE {PLURALS} [~CODE]", substitution markers "!PERSON!").
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dict/dict_int.h"

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
    if (!util_date_valid_ymd(y, m, dd)) return -1;
    *days = util_date_from_ymd(y, m, dd);
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
        if (!e) { dict_bad_line(f, "missing ']'", s); return -1; }
        char in[128];
        size_t n = (size_t)(e - p - 1);
        if (n >= sizeof in) { dict_bad_line(f, "code block too long", s); return -1; }
        memcpy(in, p + 1, n);
        in[n] = 0;
        char *c = dict_trim(in);
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
        if (cl == 0 || cl >= sizeof code) { dict_bad_line(f, "bad actor code", s); return -1; }
        memcpy(code, c, cl);
        code[cl] = 0;
        if (isdigit((unsigned char)code[0]) && strchr(code, '-')) {
            dict_bad_line(f, "code block without a code", s);
            return -1;
        }
        int from, to;
        if (dict_parse_restriction(sp, &from, &to) < 0) {
            dict_bad_line(f, "bad date restriction", s);
            continue;
        }
        if (g == UINT32_MAX) { dict_bad_line(f, "code without an actor", s); return -1; }
        actor_group *gr = &VEC_AT(d->groups, actor_group, g);
        /* codes of a group must be contiguous: groups are filled in file order */
        actor_code *ac = dict_vec_push(&d->codes);
        if (gr->nc == 0) gr->c0 = (uint32_t)(d->codes.n - 1);
        gr->nc++;
        memcpy(ac->code, code, cl + 1);   /* cl < sizeof code <= sizeof ac->code */
        ac->from = from;
        ac->to = to;
        added++;
    }
    return added;
}

/* ---- actors ---- */

static int is_person_like(tocsin_dict *d, uint32_t w0, uint16_t nw)
{
    if (nw < 2 || nw > 4) return 0;
    for (uint16_t i = 0; i < nw; i++) {
        dict_word *w = dict_word_at(d, w0 + i);
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
    uint32_t w0 = dict_add_phrase_words(f, s, n, !closed, &nw);
    f->gaps = 0;
    if (nw == 0) { dict_bad_line(f, "empty actor phrase", s); return; }
    actor_phrase *a = dict_vec_push(&d->actors);
    a->w0 = w0;
    a->nw = nw;
    a->group = g;
    a->person = (uint16_t)is_person_like(d, w0, nw);
    uint32_t id = (uint32_t)(d->actors.n - 1);
    dict_index_phrase(d, IX_ACTOR, IX_ACTOR_STEM, w0, nw, id, nw);
    if (a->person) {
        /* fuzzy-match index: initials of the first and last word, length of
         * the last, number of words (the coder's candidates must match all four) */
        const char *fw = dict_str(d, dict_word_at(d, w0)->str);
        const char *lw = dict_str(d, dict_word_at(d, w0 + nw - 1)->str);
        uint16_t lwl = dict_word_at(d, w0 + nw - 1)->len;
        char key[4] = { fw[0], lw[0], (char)(lwl > 60 ? 60 : lwl), (char)nw };
        dict_add_key(d, IX_PERSON, util_hash_bytes(key, 4), id, 0);
    }
}

void dict_load_actors(src_file *f, char *text, size_t len)
{
    tocsin_dict *d = f->d;
    dict_lines it;
    dict_lines_init(&it, f, text, len, DL_HASH_SEMI, 1);
    uint32_t g = UINT32_MAX;
    int in_section = 0;  /* <NOUN>, <ADJECTIVE>: uncoded words, not actors */
    char *s;
    while ((s = dict_lines_next(&it))) {
        int indented = it.indented;
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
                uint32_t *id = dict_vec_push(in_section == 1 ? &d->tabari_nouns : &d->tabari_adjs);
                *id = dict_add_word(d, s, wl, exact ? 0 : DW_STEM);
            }
            continue;
        }
        if (s[0] == '/') continue;   /* TABARI comment line */
        if (indented && s[0] == '[') {
            if (g == UINT32_MAX) { dict_bad_line(f, "code line without an actor", s); continue; }
            parse_actor_codes(f, s, g);
            continue;
        }
        int synonym = s[0] == '+';
        if (synonym) s++;
        char *br = strchr(s, '[');
        size_t plen = br ? (size_t)(br - s) : strlen(s);
        while (plen && (s[plen - 1] == ' ' || s[plen - 1] == '\t')) plen--;
        if (plen == 0) { dict_bad_line(f, "missing actor phrase", s); continue; }
        if (strchr(s, ']') && !br) { dict_bad_line(f, "missing '['", s); continue; }
        if (!synonym || g == UINT32_MAX) {
            actor_group *gr = dict_vec_push(&d->groups);
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
    if (plen >= 150) { dict_bad_line(f, "agent phrase too long", phrase); return; }
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
        uint32_t w0 = dict_add_phrase_words(f, forms[i], strlen(forms[i]), i == 0 && !has_plurals, &nw);
        f->gaps = 0;
        if (!nw) continue;
        agent_phrase *a = dict_vec_push(&d->agents);
        a->w0 = w0;
        a->nw = nw;
        a->prefix = (uint8_t)prefix;
        snprintf(a->code, sizeof a->code, "%s", code);
        dict_index_phrase(d, IX_AGENT, IX_AGENT_STEM, w0, nw, (uint32_t)(d->agents.n - 1), nw);
    }
}

void dict_load_agents(src_file *f, char *text, size_t len)
{
    dict_lines it;
    dict_lines_init(&it, f, text, len, DL_HASH_SEMI, 1);
    subst subs[16];
    int nsubs = 0;
    char *s;
    while ((s = dict_lines_next(&it))) {
        if (s[0] == '/' || s[0] == '<') continue;
        /* substitution marker definition: !PERSON! = MAN, MEN */
        if (s[0] == '!' && strchr(s, '=')) {
            char *e = strchr(s + 1, '!');
            if (!e || nsubs == 16) { dict_bad_line(f, "bad substitution marker", s); continue; }
            subst *sb = &subs[nsubs];
            size_t n = (size_t)(e - s + 1);
            if (n >= sizeof sb->name) { dict_bad_line(f, "bad substitution marker", s); continue; }
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
        if (!br || !be) { dict_bad_line(f, "agent without [code]", s); continue; }
        char codebuf[64];
        size_t k = 0;
        for (char *p = br + 1; p < be && k < sizeof codebuf - 1; p++) if (*p != ' ' && *p != '\t') codebuf[k++] = *p;
        codebuf[k] = 0;
        int prefix;
        char code[16];
        const char *cstart;
        if (codebuf[0] == '~') { prefix = 0; cstart = codebuf + 1; }
        else if (k && codebuf[k - 1] == '~') { prefix = 1; codebuf[k - 1] = 0; cstart = codebuf; }
        else { dict_bad_line(f, "agent code without '~'", s); continue; }
        if (strlen(cstart) >= sizeof code) { dict_bad_line(f, "agent code too long", s); continue; }
        strcpy(code, cstart);
        if (!code[0]) { dict_bad_line(f, "empty agent code", s); continue; }
        *br = 0;
        char *cb = strchr(s, '{');
        int has_plurals = 0;
        char plur[256] = "";
        if (cb) {
            char *ce = strchr(cb, '}');
            if (!ce) { dict_bad_line(f, "missing '}'", s); continue; }
            has_plurals = 1;
            size_t n = (size_t)(ce - cb - 1);
            if (n >= sizeof plur) n = sizeof plur - 1;
            memcpy(plur, cb + 1, n);
            plur[n] = 0;
            *cb = 0;
        }
        char *phrase = dict_trim(s);
        if (!*phrase) { dict_bad_line(f, "missing agent phrase", it.raw); continue; }
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
            if (!sb) { dict_bad_line(f, "undefined substitution marker", phrase); continue; }
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
