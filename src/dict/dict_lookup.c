/*
 * dict_lookup.c — what the coder asks a finished dictionary set at run time:
 * does a dictionary word match a token, an actor's code on a day, a CAMEO
 * code's table entry, and PETRARCH's code arithmetic (combining a governing
 * verb's code with its complement's, negating a code) over the ontology.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dict/dict_int.h"

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
