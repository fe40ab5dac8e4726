/*
 * coder_fuzzy.c — guarded fuzzy matching of garbled personal names.
 *
 * Scraped and machine-"spun" news mangles names ("Anthony Brinken" for Antony
 * Blinken, "Jane Psaki" for Jen Psaki). A capitalised multiword span that no
 * dictionary entry matched is compared with the multiword person entries that
 * share its first and last initials. The guards keep ordinary capitalised
 * phrases from turning into officials: same number of words, same initials,
 * surname within edit distance 2 (and at most a third of its length), first
 * name within distance 2, total distance at most 3, and a unique best candidate
 * whose code is valid on the document date.
 */
#include <string.h>

#include "coder/coder.h"

int coder_edit_distance(const char *a, size_t na, const char *b, size_t nb, int cap)
{
    if (na > 48 || nb > 48) return cap + 1;
    int diff = (int)na - (int)nb;
    if (diff > cap || -diff > cap) return cap + 1;
    int prev[50], cur[50];
    for (size_t j = 0; j <= nb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
            cur[j] = c;
            if (c < rowmin) rowmin = c;
        }
        if (rowmin > cap) return cap + 1;
        memcpy(prev, cur, (nb + 1) * sizeof(int));
    }
    return prev[nb] > cap ? cap + 1 : prev[nb];
}

/* Which letters a word contains, folded onto 64 bits (a folded set can only
 * shrink a set difference, so the bound stays valid). */
static uint64_t letter_set(const char *w, size_t n)
{
    uint64_t set = 0;
    for (size_t i = 0; i < n; i++) set |= (uint64_t)1 << ((unsigned char)w[i] & 63);
    return set;
}

long coder_fuzzy_person(const tocsin_dict *d, const sentence *s, size_t from, size_t to, int day)
{
    size_t n = to - from;
    if (n < 2 || n > 4) return -1;
    const token *first = &s->tok[from], *last = &s->tok[to - 1];
    size_t lastlen = strlen(last->lower);
    if (lastlen < 4) return -1;
    long best = -1;
    int best_score = 99, ties = 0;
    const char *best_code = NULL;
    /* the span's word lengths and letter sets, once: most candidates fail on
     * first letter or length (read from dict_word, no string access), and a
     * letter-set difference of more than 2 * cap proves the distance exceeds cap
     * (an edit changes at most one letter in and one out) without the DP */
    size_t tlen[4];
    uint64_t tset[4];
    for (size_t k = 0; k < n; k++) {
        const char *w = s->tok[from + k].lower;
        tlen[k] = strlen(w);
        tset[k] = letter_set(w, tlen[k]);
    }
    /* candidates share both initials; their surname is within two letters in length */
    for (size_t L = lastlen > 2 ? lastlen - 2 : 1; L <= lastlen + 2 && L <= 60; L++) {
    char key[4] = { first->lower[0], last->lower[0], (char)L, (char)n };
    uint32_t cnt;
    const uint32_t *ids = dict_index_get(&d->person_idx, util_hash_bytes(key, 4), &cnt);
    for (uint32_t i = 0; i < cnt; i++) {
        const actor_phrase *a = &VEC_AT(d->actors, actor_phrase, ids[i]);
        if (a->nw != n) continue;
        const dict_word *aw = &VEC_AT(d->words, dict_word, a->w0);
        int total = 0, ok = 1;
        for (size_t k = 0; k < n && ok; k++) {
            const dict_word *w = &aw[k];
            int diff = (int)tlen[k] - (int)w->len;
            if (diff < 0) diff = -diff;
            total += diff;
            if (w->pad != (uint8_t)s->tok[from + k].lower[0] || diff > 2 || total > 3 ||
                (k == n - 1 && diff * 3 > (int)w->len)) ok = 0;
        }
        if (!ok) continue;
        total = 0;
        for (size_t k = 0; k < n && ok; k++) {
            const token *t = &s->tok[from + k];
            const dict_word *w = &aw[k];
            const char *ws = dict_str(d, w->str);
            if (ws[0] != t->lower[0]) { ok = 0; break; }
            size_t tl = tlen[k];
            int cap = k == n - 1 ? 2 : 2;
            if (__builtin_popcountll(tset[k] ^ letter_set(ws, w->len)) > 2 * cap) { ok = 0; break; }
            int dist = coder_edit_distance(t->lower, tl, ws, w->len, cap);
            if (dist > cap) { ok = 0; break; }
            if (k == n - 1 && dist * 3 > (int)w->len) { ok = 0; break; }
            total += dist;
        }
        if (!ok || total > 3 || total == 0) continue;
        const char *code = dict_actor_code(d, a->group, day);
        if (!code[0] || !strcmp(code, "---") || !strcmp(code, "###")) continue;
        if (total < best_score) {
            best_score = total;
            best = (long)ids[i];
            best_code = code;
            ties = 0;
        } else if (total == best_score && best_code && strcmp(code, best_code)) {
            ties++;
        }
    }
    }
    return ties ? -1 : best;
}
